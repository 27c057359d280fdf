import { ErrorObject } from 'ajv';
import { Bound, Located } from '../bind';
import { Finding, shortName } from '../finding';
import { FindingCode } from '../findingCodes';
import { describeHomes, homesElsewhere } from '../schema/connectors';
import { MAX_FINDINGS } from '../limits';
import { deref, JsonSchema } from '../schema/store';
import { CONNECTOR_ELEMENTS, ConnectorKind } from '../model';
import { closest } from '../suggest';
import { Span } from '../tree';
import { validateWith } from './ajv';
import { isEmptySet } from './rules/disputed';
import { mdyOfIsoDate } from './rules/schedule';
import { describe, fieldName, keyOrStart, valueSpan } from './location';

export function schemaFindings(schemaId: string, kind: ConnectorKind, bound: Bound): Finding[] {
  const errors = validateWith(schemaId, bound.value);
  const typeErrorAt = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  const located: { e: ErrorObject; loc: Located }[] = [];
  for (const e of errors) {
    if (e.keyword !== 'type' && typeErrorAt.has(e.instancePath)) continue;
    const loc = bound.index.get(e.instancePath);
    // An empty set is not a missing item: the empty-set rule weighs it (the sources disagree on it).
    if (loc && !(e.keyword === 'required' && isEmptySet(loc))) located.push({ e, loc });
  }
  // A file lists at most MAX_FINDINGS findings (analyze cuts the rest): past that many, only the
  // first in the document get their full message, and the others, which are only counted, a short one.
  if (located.length > MAX_FINDINGS) located.sort((a, b) => a.loc.node.span.start - b.loc.node.span.start);
  return located.map(({ e, loc }, i) => (i < MAX_FINDINGS ? toFinding(e, kind, loc) : unlisted(e, loc)));
}

/** Keywords' codes, for the findings that are counted but not listed. */
const CODES: Record<string, FindingCode> = { additionalProperties: 'unknown-field', required: 'missing-field', type: 'wrong-type', enum: 'invalid-enum', pattern: 'invalid-format', minimum: 'out-of-range', minLength: 'empty-value', minProperties: 'empty-collection' };

function unlisted(e: ErrorObject, loc: Located): Finding {
  const onKey = e.keyword === 'required' || e.keyword === 'minProperties';
  return { span: onKey ? keyOrStart(loc) : valueSpan(loc), severity: 'error', code: CODES[e.keyword] ?? 'invalid-value', message: `${fieldName(loc)} is not valid (${e.keyword}).` };
}

function toFinding(e: ErrorObject, kind: ConnectorKind, loc: Located): Finding {
  const field = fieldName(loc);
  const secret = loc.schema?.schema['x-secret'] === true;
  const found = secret ? 'a value (not shown: it is a secret)' : describe(e.data);
  const error = (span: Span, code: FindingCode, message: string, path = loc.path, fix?: Finding['fix']): Finding => ({
    span,
    severity: 'error',
    code,
    message,
    path,
    ...(fix ? { fix } : {}),
  });
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const shown = shortName(key);
      const child = loc.child(key);
      const span = child?.keySpan ?? keyOrStart(loc);
      const path = child?.path ?? `${loc.path}.${key}`;
      const properties = (e.parentSchema as JsonSchema | undefined)?.properties ?? NO_PROPERTIES;
      const allowed = namesOf(properties, () => Object.keys(properties));
      if (field === 'data') {
        return error(span, 'unknown-connector-kind', `Unknown connector "${shown}" in data: expected ${Object.values(CONNECTOR_ELEMENTS).join(' or ')}.`, path);
      }
      const homes = inConnector(loc, kind) ? homesElsewhere(kind, key) : [];
      if (homes.length > 0) {
        return error(span, 'wrong-connector-field', `"${shown}" is a field of ${describeHomes(homes)}; it is not allowed in ${field}.`, path);
      }
      const suggestion = closest(key, allowed);
      const hint = suggestion ? ` Did you mean "${suggestion}"?` : allowed.length <= 8 ? ` Allowed: ${allowed.join(', ')}.` : '';
      const where = loc.path === '' ? 'at the top level' : `in ${field}`;
      return error(span, 'unknown-field', `Unknown field "${shown}" ${where}.${hint}`, path, suggestion ? { replacement: suggestion } : undefined);
    }
    case 'required': {
      const missing = String(params.missingProperty);
      return error(keyOrStart(loc), 'missing-field', `${field} is missing the required field "${missing}".`);
    }
    case 'type': {
      const expected = String(params.type).split(',').map(article).join(' or ');
      return error(valueSpan(loc), 'wrong-type', `${field} must be ${expected}${unit(loc)}; found ${found}.`);
    }
    case 'enum': {
      const disputed = loc.schema?.schema['x-disputed'] ?? [];
      const values = (params.allowedValues as unknown[]).filter((v) => !disputed.includes(v as string));
      const allowed = namesOf(values, () => values.map(String));
      const suggestion = typeof e.data === 'string' ? closest(e.data, allowed) : undefined;
      const hint = suggestion ? ` Did you mean "${suggestion}"?` : '';
      return error(valueSpan(loc), 'invalid-enum', `Invalid ${field} ${found}: allowed values are ${allowed.join(', ')}.${hint}`, loc.path, suggestion ? { replacement: suggestion } : undefined);
    }
    case 'pattern': {
      const hint = loc.schema?.schema['x-patternHint'] ?? `text matching ${String(params.pattern)}`;
      // An ISO date (2026-01-31) where mm/dd/yyyy is asked: the same day, written as asked.
      const suggestion = loc.schema?.schema['x-format'] === 'date-mdy' && typeof e.data === 'string' ? mdyOfIsoDate(e.data) : undefined;
      const fix = suggestion ? ` Did you mean "${suggestion}"?` : '';
      return error(valueSpan(loc), 'invalid-format', `Invalid ${field} ${found}: expected ${hint}.${fix}`, loc.path, suggestion ? { replacement: suggestion } : undefined);
    }
    case 'minimum':
      return error(valueSpan(loc), 'out-of-range', `${field} must be at least ${String(params.limit)}${unit(loc)}; found ${found}.`);
    case 'minLength':
      return error(valueSpan(loc), 'empty-value', `${field} must not be empty.`);
    case 'minProperties': {
      const options = Object.keys(loc.schema?.schema.properties ?? {});
      return error(keyOrStart(loc), 'empty-collection', `${field} is empty: give it ${options.length ? `one of ${options.join(', ')}` : 'a value'}.`);
    }
    default:
      return error(valueSpan(loc), 'invalid-value', `${field} ${e.message ?? 'is invalid'}.`);
  }
}

const NO_PROPERTIES = {};
const names = new WeakMap<object, string[]>();

/** One list of names per schema object, so that closest() remembers its answers for thousands of findings alike. */
function namesOf(source: object, make: () => string[]): string[] {
  let list = names.get(source);
  if (!list) names.set(source, (list = make()));
  return list;
}

/** Whether a value is the connector element or inside it (not the envelope, not the filters). */
function inConnector(loc: Located, kind: ConnectorKind): boolean {
  const connector = `ServiceRequest.data.${CONNECTOR_ELEMENTS[kind]}`;
  return loc.path === connector || loc.path.startsWith(`${connector}.`);
}

function unit(loc: Located): string {
  const u = loc.schema ? deref(loc.schema).schema['x-unit'] : undefined;
  return u ? ` (${u})` : '';
}

function article(type: string): string {
  return { integer: 'an integer', number: 'a number', string: 'text', boolean: 'true or false', object: 'an object', array: 'a list', null: 'null' }[type] ?? type;
}
