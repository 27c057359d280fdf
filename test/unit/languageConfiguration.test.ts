import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { ROOT, shipped } from './manifest';

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

describe('Qualys request languages', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { languages: { id: string; icon?: { light?: string; dark?: string } }[] } };
  const requests = pkg.contributes.languages.filter((l) => ['qualys-xml', 'qualys-json', 'qualys-yaml'].includes(l.id));

  it('give .qualys.* files an icon for light and dark themes that exists and ships in the .vsix', () => {
    assert.equal(requests.length, 3);
    for (const language of requests) {
      for (const theme of ['light', 'dark'] as const) {
        const file = language.icon?.[theme];
        assert.ok(file, `${language.id} has no ${theme} icon`);
        const path = normalize(file).replace(/\\/g, '/');
        assert.ok(existsSync(join(ROOT, path)), `${language.id}: ${file} is missing`);
        assert.match(readFileSync(join(ROOT, path), 'utf8'), /^<svg [^>]*viewBox="0 0 16 16"/, `${file} is a 16x16 SVG`);
        assert.ok(shipped(path), `${file} is left out of the .vsix by .vscodeignore`);
      }
    }
  });
});
