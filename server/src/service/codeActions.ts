import { CodeAction, CodeActionKind, Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analysis } from '../core/analyze';
import { Located } from '../core/bind';
import { Skeleton } from './complete/skeleton';
import { SOURCE } from './diagnostics';
import { Edit, insertAfterProperty, removeListItem, removeProperties, removeProperty, renameKey, replaceValue } from './edits';
import { indentOf } from './lines';
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

/** Quick fixes for the findings that have an obvious remedy. */
export function getCodeActions(document: TextDocument, diagnostics: Diagnostic[], analysis: Analysis): CodeAction[] {
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
  return actions;
}
