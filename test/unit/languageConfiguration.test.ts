import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');

describe('YAML language configuration', () => {
  // The extension keeps `editor.autoIndent: "advanced"` for qualys-yaml, as VS Code's own YAML does;
  // under it VS Code indents after Enter only by onEnterRules, not by indentationRules.
  const config = JSON.parse(readFileSync(join(ROOT, 'language-configuration/yaml.json'), 'utf8')) as {
    onEnterRules?: { beforeText: string; action: { indent: string } }[];
  };
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { configurationDefaults: Record<string, Record<string, unknown>> } };

  it('indents the line after a key that opens a block, under the autoIndent the extension sets', () => {
    assert.equal(pkg.contributes.configurationDefaults['[qualys-yaml]']['editor.autoIndent'], 'advanced');
    const indents = (line: string): boolean => (config.onEnterRules ?? []).some((r) => r.action.indent === 'indent' && new RegExp(r.beforeText).test(line));
    for (const line of ['ServiceRequest:', '  data:', '    AwsAssetDataConnector:', '          ActivationModule:', '            -']) assert.ok(indents(line), line);
    for (const line of ['      name: "x"', '      runFrequency: 240', '            - "VM"', '# a comment']) assert.ok(!indents(line), line);
  });
});
