import { CodeAction, CodeActionKind, Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analysis } from '../core/analyze';
import { Located } from '../core/bind';
import { Skeleton } from './complete/skeleton';
import { SOURCE } from './diagnostics';
import { Edit, insertAfterProperty, removeListItem, removeProperties, removeProperty, renameKey, replaceValue } from './edits';
import { indentOf, previousLineStart } from './lines';
import { isFindingCode, RULE_TABLE } from '../core/findingCodes';
import { suppressionComment } from '../core/ruleLevels';
import { responseAsRequest } from '../core/fleet/pasted';
import { Format } from '../core/tree';
import { schemaAtPath } from '../core/schema/navigate';
import { CONNECTOR_ELEMENTS } from '../core/model';
import { readOnlyFields, RULE_REQUIRED_ON_CREATE } from '../core/validation/rules/fields';

/** The field a filter's criterion names, for a quick fix's title. */
function filterField(item: Located): string {
  const field = item.children?.find((c) => c.key === 'field')?.value;
  return typeof field === 'string' ? field : 'this field';
}

interface DiagnosticData {
  path?: string;
  fix?: { replacement?: string };
}

/**
 * "Ignore CODE on this line": a `qualys-ignore-next-line` comment above the finding's line (YAML and
 * XML: JSON bodies are sent as written and Qualys reads strict JSON), or the code added to the
 * comment already there. Not for the codes that cannot be suppressed.
 */
function suppressAction(document: TextDocument, text: string, d: Diagnostic, format: Format, actions: CodeAction[]): void {
  const code = String(d.code);
  if (!isFindingCode(code) || RULE_TABLE[code].fixed || code === 'unused-suppression') return;
  const lineStart = document.offsetAt({ line: d.range.start.line, character: 0 });
  const above = previousLineStart(text, lineStart);
  const aboveText = above < 0 ? '' : text.slice(above, lineStart).replace(/\r?\n$/, '');
  let edit: TextEdit | undefined;
  if (aboveText.includes('qualys-ignore-next-line')) {
    const end = format === 'xml' ? aboveText.lastIndexOf('-->') : aboveText.length;
    if (end < 0) return;
    const at = document.positionAt(above + aboveText.slice(0, end).trimEnd().length);
    edit = TextEdit.insert(at, `, ${code}`);
  } else {
    const comment = suppressionComment(format, [code]);
    if (!comment) return;
    edit = TextEdit.insert({ line: d.range.start.line, character: 0 }, `${indentOf(text, lineStart)}${comment}\n`);
  }
  actions.push({ title: `Ignore ${code} on this line`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: { changes: { [document.uri]: [edit] } } });
}

/** A pasted answer made the update request of its connector (the whole file), its id recorded by Set Request Target. */
function pastedResponseAction(document: TextDocument, d: Diagnostic, analysis: Analysis): CodeAction[] {
  const root = analysis.parsed.root;
  const response = root?.type === 'object' ? root.properties.find((p) => p.key === 'ServiceResponse') : undefined;
  const made = response ? responseAsRequest(response.value, analysis.format) : undefined;
  if (!made || 'problem' in made) return [];
  const whole = { start: { line: 0, character: 0 }, end: document.positionAt(document.getText().length) };
  return [
    {
      title: `Make it the update request of connector ${made.id}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      isPreferred: true,
      edit: { changes: { [document.uri]: [TextEdit.replace(whole, made.text)] } },
      command: { title: 'Record the id', command: 'qualys.setTarget', arguments: [{ uri: document.uri, operation: 'update', id: made.id }] },
    },
  ];
}

/** Quick fixes for the findings that have an obvious remedy. */
export function getCodeActions(document: TextDocument, diagnostics: Diagnostic[], analysis: Analysis): CodeAction[] {
  const pasted = diagnostics.find((d) => d.source === SOURCE && d.code === 'pasted-response');
  if (pasted) return pastedResponseAction(document, pasted, analysis);
  const bound = analysis.bound;
  if (!bound) return [];
  const byPath = new Map<string, Located>();
  for (const loc of bound.index.values()) if (!byPath.has(loc.path)) byPath.set(loc.path, loc);
  const text = document.getText();
  const format = analysis.format;
  const actions: CodeAction[] = [];
  const action = (title: string, diagnostic: Diagnostic, edits: (Edit | undefined)[], preferred = false): void => {
    const real = edits.filter((e): e is Edit => e !== undefined);
    if (real.length === 0) return;
    const changes = { [document.uri]: real.map((e) => TextEdit.replace({ start: document.positionAt(e.span.start), end: document.positionAt(e.span.end) }, e.newText)) };
    actions.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes }, isPreferred: preferred });
  };

  for (const d of diagnostics) {
    if (d.source !== SOURCE) continue;
    const data = (d.data ?? {}) as DiagnosticData;
    const loc = data.path ? byPath.get(data.path) : undefined;
    if (!loc) continue;
    const replacement = data.fix?.replacement;
    switch (d.code) {
      case 'unknown-field':
        if (replacement) action(`Change to "${replacement}"`, d, renameKey(text, format, loc, replacement), true);
        // A field of no kind at all: taking it out is the other remedy.
        action(`Remove ${loc.name}`, d, [removeProperty(text, format, loc)], !replacement);
        break;
      case 'wrong-connector-field':
        // A field of another kind (arn under Azure): this connector has no place for it.
        action(`Remove ${loc.name}`, d, [removeProperty(text, format, loc)], true);
        break;
      case 'invalid-enum':
      case 'invalid-format':
      case 'unknown-timezone':
      case 'date-day-first':
        if (replacement && loc.node.type === 'scalar') action(`Change to "${replacement}"`, d, [replaceValue(text, format, loc.node.span, replacement)], true);
        break;
      case 'days-without-weekly': {
        action('Remove daysOfWeek', d, [removeProperty(text, format, loc)], true);
        const recurrence = byPath.get(loc.path.replace(/daysOfWeek$/, 'recurrence'));
        if (recurrence?.node.type === 'scalar') action('Set recurrence to WEEKLY', d, [replaceValue(text, format, recurrence.node.span, 'WEEKLY')]);
        break;
      }
      case 'missing-scan-config': {
        const setting = byPath.get(loc.path.replace(/\.isCustomScanConfigEnabled$/, ''));
        const schema = schemaAtPath(analysis.kind, analysis.schema, ['ServiceRequest', 'data', CONNECTOR_ELEMENTS[analysis.kind], 'connectorScanConfig']);
        if (setting && schema) {
          const indent = indentOf(text, setting.keySpan?.start ?? 0);
          const skeleton = new Skeleton(format, false).property('connectorScanConfig', schema, indent);
          action('Add connectorScanConfig', d, [insertAfterProperty(text, format, setting, skeleton)], true);
        }
        break;
      }
      case 'missing-field': {
        // An Azure create's authRecord: its skeleton with the four fields the rule asks for.
        const fields = RULE_REQUIRED_ON_CREATE[analysis.kind]?.authRecord;
        const connectorPath = ['ServiceRequest', 'data', CONNECTOR_ELEMENTS[analysis.kind]];
        const last = loc.children?.[loc.children.length - 1];
        const schema = schemaAtPath(analysis.kind, analysis.schema, [...connectorPath, 'authRecord']);
        if (!fields || analysis.schema !== 'create' || loc.path !== connectorPath.join('.') || !String(d.message).includes('"authRecord"') || !last || !schema) break;
        const indent = indentOf(text, last.keySpan?.start ?? 0);
        const skeleton = new Skeleton(format, false).property('authRecord', { ...schema, required: fields }, indent);
        action('Add authRecord', d, [insertAfterProperty(text, format, last, skeleton)], true);
        break;
      }
      case 'quoted-value':
        // The typed value replaces the string, quotes and all: `"240"` becomes `240`.
        if (replacement && loc.node.type === 'scalar') action(`Change to ${replacement}`, d, [{ span: loc.node.span, newText: replacement }], true);
        break;
      case 'read-only-field': {
        const fields = loc.parent ? readOnlyFields(loc.parent) : [];
        const title = fields.length > 1 ? `Remove the ${fields.length} read-only fields` : `Remove ${loc.name}`;
        if (loc.parent) action(title, d, removeProperties(text, format, loc.parent, new Set(fields)), true);
        break;
      }
      case 'not-equals-update': {
        if (loc.node.type === 'scalar') action('Change to EQUALS', d, [replaceValue(text, format, loc.node.span, 'EQUALS')], true);
        const item = loc.parent;
        const criteria = byPath.get('ServiceRequest.filters.Criteria')?.value;
        const filters = byPath.get('ServiceRequest.filters');
        // The only criterion goes with the filters: an empty filters block is an error of its own.
        if (!item) break;
        if (Array.isArray(criteria) && criteria.length > 1) action(`Remove the filter on ${filterField(item)}`, d, [removeListItem(text, format, item)]);
        else if (filters) action(`Remove the filters (their one criterion is on ${filterField(item)})`, d, [removeProperty(text, format, filters)]);
        break;
      }
      case 'scan-config-unused':
      case 'endpoints-ignored':
        action(`Remove ${loc.name}`, d, [removeProperty(text, format, loc)]);
        break;
      case 'duplicate-key':
      case 'duplicate-element':
        break;
    }
  }
  // Last: a fix of the request comes before silencing its finding.
  for (const d of diagnostics) if (d.source === SOURCE) suppressAction(document, text, d, format, actions);
  return actions;
}
