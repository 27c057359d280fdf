import { FindingCode } from './findingCodes';

/**
 * The one shape every format parses to: a tree of objects, arrays and scalars in which every key
 * and value keeps its source span (UTF-16 offsets into the document text). Everything after
 * parsing works on this tree and never looks at the format again.
 */
export interface Span {
  start: number;
  end: number;
}

export type Format = 'xml' | 'json' | 'yaml';

export interface Property {
  key: string;
  keySpan: Span;
  value: SourceNode;
}

export interface ObjectNode {
  type: 'object';
  span: Span;
  /** In source order; a key may repeat (XML repeats elements to make a list). */
  properties: Property[];
}

export interface ArrayNode {
  type: 'array';
  span: Span;
  items: SourceNode[];
}

export interface ScalarNode {
  type: 'scalar';
  span: Span;
  value: string | number | boolean | null;
  /** XML text and attribute values are untyped: the schema decides whether `120` is a number. */
  untyped?: boolean;
}

export type SourceNode = ObjectNode | ArrayNode | ScalarNode;

/** The codes a parser raises: each becomes a finding of the same code once the file is a request. */
export type ProblemCode = Extract<FindingCode, 'syntax' | 'too-deep' | 'too-large' | 'alias-too-large' | 'mixed-content' | 'multiple-documents'>;

export interface SyntaxProblem {
  span: Span;
  message: string;
  code: ProblemCode;
}

export interface ParseResult {
  format: Format;
  root: SourceNode | undefined;
  problems: SyntaxProblem[];
}

/** Requests nest about a dozen levels; anything far deeper is not a request and is cut off. */
export const MAX_DEPTH = 64;

export function tooDeep(span: Span): SyntaxProblem {
  return { span, code: 'too-deep', message: `Nesting deeper than ${MAX_DEPTH} levels: the content below this point is not checked.` };
}
