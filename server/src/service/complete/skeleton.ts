import { ConnectorKind } from '../../core/model';
import { criterionFieldSchema, objectSchema } from '../../core/schema/navigate';
import { deref, propertySchema, requiredNames, SchemaAt, typesOf } from '../../core/schema/store';
import { Format } from '../../core/tree';

export const INDENT_UNIT = '  ';

/** Writes values for a schema: as a snippet with tab stops for completion, or as plain text for quick fixes. */
export class Skeleton {
  private stop = 0;
  constructor(
    private readonly format: Format,
    private readonly snippet: boolean,
    /** The connector at hand: a filter criterion's value takes the type of the field it names. */
    private readonly kind?: ConnectorKind,
    /** Enum values the operation refuses (NOT EQUALS in an update's filters): not offered. */
    private readonly refused: ReadonlySet<string> = new Set(),
  ) {}

  /** `"key": value` (JSON), `key: value` (YAML) or `<key>value</key>` (XML), the first line unindented. */
  property(key: string, at: SchemaAt, indent: string, depth = 0): string {
    // One item stands for a one-or-many value: the smallest request that says it.
    const s = objectSchema(at) ?? deref(at);
    const children = depth < 8 && isObject(s) ? this.children(s) : undefined;
    switch (this.format) {
      case 'json':
        return `"${key}": ${children ? this.jsonObject(children, indent, depth) : this.scalar(s)}`;
      case 'yaml':
        if (!children) return `${key}: ${this.scalar(s)}`;
        if (children.length === 0) return `${key}:${this.snippet ? `\n${indent}${INDENT_UNIT}${this.tab()}` : ' {}'}`;
        return `${key}:\n${children.map(([k, c]) => indent + INDENT_UNIT + this.property(k, c, indent + INDENT_UNIT, depth + 1)).join('\n')}`;
      case 'xml':
        if (!children) return `<${key}>${this.scalar(s)}</${key}>`;
        if (children.length === 0) return `<${key}>${this.snippet ? this.tab() : ''}</${key}>`;
        return `<${key}>\n${children.map(([k, c]) => indent + INDENT_UNIT + this.property(k, c, indent + INDENT_UNIT, depth + 1)).join('\n')}\n${indent}</${key}>`;
    }
  }

  /** A JSON object value for a schema (completion after `"key": `). */
  jsonValue(at: SchemaAt, indent: string): string {
    const s = deref(at);
    return isObject(s) ? this.jsonObject(this.children(s), indent, 0) : this.scalar(s);
  }

  private jsonObject(children: [string, SchemaAt][], indent: string, depth: number): string {
    if (children.length === 0) return this.snippet ? `{${this.tab()}}` : '{}';
    const inner = children.map(([k, c]) => indent + INDENT_UNIT + this.property(k, c, indent + INDENT_UNIT, depth + 1));
    return `{\n${inner.join(',\n')}\n${indent}}`;
  }

  /** What goes inside an object when it is inserted: its required fields, or `set` for a collection. */
  private children(at: SchemaAt): [string, SchemaAt][] {
    const s = objectSchema(at) ?? at;
    const names = s.schema['x-collection'] ? ['set'] : [...requiredNames(s)];
    return names.flatMap((n) => {
      const child = (n === 'value' && this.criterionValue(s)) || propertySchema(s, n);
      return child ? [[n, child] as [string, SchemaAt]] : [];
    });
  }

  /** In a filter criterion, the value's schema is that of the field the skeleton names (`id`: a number, not `true`). */
  private criterionValue(criterion: SchemaAt): SchemaAt | undefined {
    const field = criterion.schema.properties?.field?.examples?.[0];
    return this.kind && typeof field === 'string' ? criterionFieldSchema(this.kind, field) : undefined;
  }

  private scalar(at: SchemaAt): string {
    const s = at.schema;
    const quote = this.format === 'json' ? '"' : '';
    const allowed = s.enum?.filter((v) => !this.refused.has(v) && !s['x-disputed']?.includes(v));
    if (allowed && allowed.length > 0) {
      return this.snippet ? `${quote}\${${++this.stop}|${allowed.map(escapeChoice).join(',')}|}${quote}` : `${quote}${allowed[0]}${quote}`;
    }
    const types = typesOf(at);
    if (types.includes('boolean')) return this.snippet ? `\${${++this.stop}|true,false|}` : 'false';
    if (types.includes('integer') || types.includes('number')) {
      const example = s.examples?.[0] ?? s.minimum ?? 0;
      return this.snippet ? `\${${++this.stop}:${example}}` : String(example);
    }
    const example = s.examples?.[0];
    const q = this.format === 'yaml' && s.pattern ? '"' : quote;
    // YAML reads an empty plain value as null: an empty text is written "".
    if (!this.snippet) return example === undefined && this.format === 'yaml' ? '""' : `${q}${example ?? ''}${q}`;
    return `${q}${example !== undefined ? `\${${++this.stop}:${escapeText(String(example))}}` : this.tab()}${q}`;
  }

  private tab(): string {
    return `$${++this.stop}`;
  }
}

export function isObject(at: SchemaAt): boolean {
  const inner = objectSchema(at);
  return inner !== undefined && typesOf(inner).includes('object');
}

function escapeChoice(v: string): string {
  return v.replace(/[\\$}|,]/g, (c) => '\\' + c);
}

function escapeText(v: string): string {
  return v.replace(/[\\$}]/g, (c) => '\\' + c);
}
