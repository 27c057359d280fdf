import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Node as YamlNode, parseAllDocuments } from 'yaml';
import { MAX_ALIAS_EXPANSION, MAX_DOCUMENT_SIZE, MAX_GENERAL_YAML_SIZE } from '../limits';
import { Aliases } from './yamlAliases';
import { readYamlFast } from './yamlFast';
import { shortName, thousands } from '../finding';
import { MAX_DEPTH, ParseResult, Property, SourceNode, Span, SyntaxProblem, tooDeep } from '../tree';

export function parseYaml(text: string): ParseResult {
  const fast = readYamlFast(text);
  if (!('stoppedAt' in fast)) return fast;
  if (text.length > MAX_GENERAL_YAML_SIZE) return { format: 'yaml', root: undefined, problems: [generalTooLarge(text, fast.stoppedAt)] };
  return parseYamlLibrary(text);
}

/** The general library takes seconds on a few hundred KB (flow collections most), so past its limit a file is checked only if the fast parser reads it. */
function generalTooLarge(text: string, at: number): SyntaxProblem {
  const newline = text.indexOf('\n', at);
  const end = Math.min(newline < 0 ? text.length : newline, at + 200);
  return {
    span: { start: at, end: Math.max(end, Math.min(at + 1, text.length)) },
    code: 'too-large',
    message: `This YAML is ${Math.round(text.length / 1024)} KiB, and from this line on it is not plain block YAML (an anchor, a tag, a flow mapping, multi-line text, or a syntax error): such YAML is checked up to ${MAX_GENERAL_YAML_SIZE / 1024} KiB, plain block YAML up to ${MAX_DOCUMENT_SIZE / 1048576} MiB. It is not checked.`,
  };
}

/** The general YAML parser: every construct, and its error messages. */
export function parseYamlLibrary(text: string): ParseResult {
  const problems: SyntaxProblem[] = [];
  const deep = deepFlow(text);
  if (deep >= 0) {
    // The library takes seconds over thousands of nested `[` or `{`; no request nests like that.
    problems.push(tooDeep({ start: deep, end: Math.min(text.length, deep + 1) }));
    return { format: 'yaml', root: undefined, problems };
  }
  // YAML 1.2 core schema: `15:45` and `31/05/2022` stay strings, as they must.
  const docs = parseAllDocuments(text, { uniqueKeys: false, lineCounter: new LineCounter(), prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [];
  const doc = list[0];
  for (const d of list) {
    for (const e of d.errors) problems.push({ span: spanOf(e.pos, text), code: 'syntax', message: `YAML syntax error: ${clean(e.message)}` });
  }
  if (list.length > 1) {
    const second = list[1];
    problems.push({
      span: spanOf(second.range ? [second.range[0], second.range[1]] : [0, 1], text),
      code: 'multiple-documents',
      message: 'A request file holds one YAML document; the documents after the first are ignored.',
    });
  }
  if (!doc || doc.contents == null) return { format: 'yaml', root: undefined, problems };
  const contents = doc.contents as YamlNode;
  const ctx: Context = { aliases: new Aliases(contents), problems, resolving: new Set(), aliasBudget: MAX_ALIAS_EXPANSION, refused: 0 };
  const root = convert(ctx, contents, 0);
  const after = ctx.refused - 1;
  if (ctx.firstRefused && after > 0) ctx.firstRefused.message += after === 1 ? ' Nor is the alias after it that passes the limit.' : ` Nor are the ${thousands(after)} aliases after it that pass the limit.`;
  return { format: 'yaml', root, problems };
}

function clean(message: string): string {
  // The library appends "at line N, column M" and a code frame: the diagnostic's range says that already.
  // It also quotes the offending source, which can be a whole line of any length.
  const first = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').trim();
  return first.replace(/"([^"]{60,})"/g, (_m, quoted: string) => `"${quoted.slice(0, 57)}…"`).slice(0, 300);
}

function spanOf(pos: [number, number], text: string): Span {
  const start = Math.min(Math.max(pos[0], 0), text.length);
  const end = Math.min(Math.max(pos[1], start), text.length);
  return { start, end: end > start ? end : Math.min(start + 1, text.length) };
}

function rangeOf(node: YamlNode): Span {
  const r = node.range;
  return r ? { start: r[0], end: r[1] } : { start: 0, end: 0 };
}

interface Context {
  aliases: Aliases;
  problems: SyntaxProblem[];
  resolving: Set<YamlNode>;
  /** Values aliases may still add, counted expanded: a few aliases of a large list cost as much as many small ones. */
  aliasBudget: number;
  /** Aliases refused, and the finding on the first (its message counts the others). */
  refused: number;
  firstRefused?: SyntaxProblem;
}

function convert(ctx: Context, node: YamlNode, depth: number): SourceNode {
  const { problems, resolving } = ctx;
  const span = rangeOf(node);
  if (depth > MAX_DEPTH) {
    problems.push(tooDeep(span));
    return { type: 'scalar', span, value: null };
  }
  if (isAlias(node)) {
    const target = ctx.aliases.target(node);
    if (!target || resolving.has(target)) {
      problems.push({ span, code: 'syntax', message: `YAML alias *${shortName(node.source)} does not resolve to a usable value.` });
      return { type: 'scalar', span, value: null };
    }
    // An alias's size counts the aliases inside its target expanded: inside an alias, they are paid for.
    if (resolving.size === 0) {
      const cost = ctx.aliases.size(target);
      if (cost > ctx.aliasBudget) {
        if (++ctx.refused === 1) {
          ctx.firstRefused = { span, code: 'alias-too-large', message: aliasRefusal(node.source, cost, ctx.aliasBudget) };
          problems.push(ctx.firstRefused);
        }
        return { type: 'scalar', span, value: null };
      }
      ctx.aliasBudget -= cost;
    }
    resolving.add(target);
    const resolved = convert(ctx, target, depth);
    resolving.delete(target);
    // Findings inside an alias are reported at the alias itself: that is where the user reads it.
    return reanchor(resolved, span);
  }
  if (isMap(node)) {
    const properties: Property[] = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as YamlNode | null;
      if (!keyNode || !isScalar(keyNode)) {
        if (keyNode) problems.push({ span: rangeOf(keyNode), code: 'syntax', message: 'Keys must be plain names.' });
        continue;
      }
      const keySpan = rangeOf(keyNode);
      const valueNode = pair.value as YamlNode | null;
      const value: SourceNode = valueNode
        ? convert(ctx, valueNode, depth + 1)
        : { type: 'scalar', span: { start: keySpan.end, end: keySpan.end }, value: null };
      properties.push({ key: String(keyNode.value), keySpan, value });
    }
    return { type: 'object', span, properties };
  }
  if (isSeq(node)) {
    return { type: 'array', span, items: node.items.map((item) => convert(ctx, item as YamlNode, depth + 1)) };
  }
  if (isScalar(node)) {
    const v = node.value;
    const value = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? v : String(v);
    return { type: 'scalar', span, value };
  }
  return { type: 'scalar', span, value: null };
}

function aliasRefusal(name: string, cost: number, left: number): string {
  const values = cost < 1e12 ? thousands(cost) : 'over a trillion';
  const after = left < MAX_ALIAS_EXPANSION ? ` (${thousands(left)} left after the aliases before it)` : '';
  return `YAML alias *${shortName(name)} is not expanded: it stands for ${values} value${cost === 1 ? '' : 's'}, and aliases may add at most ${thousands(MAX_ALIAS_EXPANSION)} to a request${after}, so that a small file cannot expand to millions.`;
}

function reanchor(node: SourceNode, span: Span): SourceNode {
  switch (node.type) {
    case 'object':
      return { type: 'object', span, properties: node.properties.map((p) => ({ key: p.key, keySpan: span, value: reanchor(p.value, span) })) };
    case 'array':
      return { type: 'array', span, items: node.items.map((i) => reanchor(i, span)) };
    default:
      return { ...node, span };
  }
}

/** Where flow brackets first nest deeper than a request ever could, or -1. Quotes and comments are skipped. */
function deepFlow(text: string): number {
  let depth = 0;
  let quote = '';
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (comment) {
      if (c === '\n') comment = false;
    } else if (quote) {
      if (c === quote) quote = '';
      else if (c === '\n') quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) comment = true;
    else if ((c === '[' || c === '{') && (depth > 0 || opensFlow(text, i))) {
      if (++depth > MAX_DEPTH * 4) return i;
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return -1;
}

/** Outside a flow collection, a bracket opens one only where a value starts (`key: [`, `- {`, a line's start). */
function opensFlow(text: string, at: number): boolean {
  let k = at - 1;
  while (k >= 0 && (text[k] === ' ' || text[k] === '\t')) k--;
  if (k < 0 || text[k] === '\n' || text[k] === '\r') return true;
  return (text[k] === ':' || text[k] === '-') && k < at - 1;
}
