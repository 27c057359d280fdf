import { parse } from '../core/parse';
import { isSecretField, MASK } from '../core/secretFields';
import { formatOfText } from '../core/format';
import { SourceNode } from '../core/tree';

export { MASK };

/**
 * Secrets this long or longer are masked wherever they appear, inside other text too. Shorter ones
 * are masked only where they stand alone (a whole value, or a token between non-alphanumerics):
 * a 2-character password masked inside every word would leave no answer readable, and the holes
 * would spell the password out to anyone comparing the text with the original.
 */
export const MIN_ANYWHERE = 4;

/**
 * Masks the secrets in any text shown or kept (messages, headers, bodies of unknown form), in the
 * encodings a server may echo them in: as written, JSON- or XML-escaped, URL-encoded, base64
 * (an echoed `Authorization: Basic` header is base64 of `user:password`).
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  return new Masker(secrets).all(text);
}

/**
 * Masks a response body: every value of a secret field, and every secret in any value once the
 * value is decoded (JSON escapes, character references, CDATA), written back in the body's own
 * escaping; then whatever `redactSecrets` finds in the whole text.
 */
export function redactBody(text: string, secrets: readonly string[] = []): string {
  const masker = new Masker(secrets);
  const format = formatOfText(text);
  const edits: { start: number; end: number; text: string }[] = [];
  if (format !== 'yaml') {
    const root = parse(text, format).root;
    if (root) walk(root, undefined, (value, key, node) => {
      const secretField = key !== undefined && isSecretField(key);
      // Numbers and booleans too: a secret echoed as a JSON number or `true` is masked as a string, so the body stays JSON; null stays null.
      const plain = String(value ?? '');
      const masked = secretField && plain !== '' ? MASK : masker.encoded(plain);
      if (masked !== plain) edits.push({ ...node.span, text: format === 'json' ? JSON.stringify(masked) : escapeXml(masked) });
    });
  } else {
    // A key after a list item's dash (`- password: x`) is a key too; a key with no value on its line
    // (`authRecord:`) does not take the next line as its value.
    // A block scalar (`password: |`) is left to the parsed tree below, which spans its lines.
    for (const m of text.matchAll(/^([ \t]*(?:-[ \t]+)*(?:[\w-]+:)?([\w-]+)[ \t]*:[ \t]*)([^\s|>].*)$/gm)) {
      if (isSecretField(m[2])) edits.push({ start: (m.index ?? 0) + m[1].length, end: (m.index ?? 0) + m[0].length, text: `"${MASK}"` });
    }
    // What a line cannot show: a secret field in a flow mapping (`{password: x}`) or a block scalar.
    const root = parse(text, 'yaml').root;
    const byLine = edits.slice();
    if (root) walk(root, undefined, (value, key, node) => {
      if (key === undefined || !isSecretField(key) || value === null || value === '') return;
      const start = node.span.start;
      const end = start + text.slice(start, node.span.end).trimEnd().length;
      if (!overlapsAny(byLine, start, end)) edits.push({ start, end, text: `"${MASK}"` });
    });
  }
  // In one pass, in text order: splicing each edit into the whole text would cost n² on an answer of many secrets.
  const parts: string[] = [];
  let at = 0;
  for (const e of edits.sort((a, b) => a.start - b.start)) {
    parts.push(text.slice(at, e.start), e.text);
    at = e.end;
  }
  parts.push(text.slice(at));
  return masker.all(parts.join(''));
}

/**
 * Whether [start, end) overlaps one of `sorted` (in text order, none overlapping another): only the
 * last that starts before `end` can, so a binary search finds it, and a hostile answer of a hundred
 * thousand secret lines costs n log n, not n².
 */
function overlapsAny(sorted: readonly { start: number; end: number }[], start: number, end: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].start < end) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && sorted[lo - 1].end > start;
}

/** One list of secrets, prepared once (with every encoding of each) for the many texts of an answer. */
class Masker {
  private readonly list: string[];
  private readonly forms: { form: string; anywhere: boolean }[];

  constructor(secrets: readonly string[]) {
    this.list = needles(secrets);
    this.forms = this.list.flatMap((s) => encodings(s).map((form) => ({ form, anywhere: s.length >= MIN_ANYWHERE })));
  }

  all(text: string): string {
    return this.list.length === 0 ? text : this.base64(this.encoded(text));
  }

  /** As written or escaped (JSON, XML, URL), and in runs of escapes in any spelling (%2f or %2F, \u0053, &#83;, partly escaped). */
  encoded(text: string): string {
    if (this.list.length === 0) return text;
    let out = text;
    for (const { form, anywhere } of this.forms) out = replaceSecret(out, form, anywhere);
    if (!ESCAPE.test(out)) return out;
    // Split at delimiters rather than matching runs with a regex: a long run without an escape must not cost quadratic time.
    return out
      .split(/([\s"'<>]+)/)
      .map((run, i) => {
        if (i % 2 === 1 || !ESCAPE.test(run)) return run;
        const decoded = unescapeRun(run);
        // Decoded, the run may hold base64 too (`auth=Basic%20dGVzdGVy...%3D`).
        const masked = decoded === run ? run : this.base64(this.plain(decoded));
        return masked !== decoded ? masked : run;
      })
      .join('');
  }

  /** Base64 tokens that decode to text holding a secret (`Basic dGVzdGVyOnB3`). */
  base64(text: string): string {
    return text.replace(/[A-Za-z0-9+/_-]{6,}={0,2}/g, (token) => {
      const decoded = base64Decode(token);
      // Only text decodes to a secret: an ordinary word decodes to bytes, and is left alone.
      // eslint-disable-next-line no-control-regex -- control characters mark decoded bytes as not text
      return !/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(decoded) && this.holds(decoded) ? MASK : token;
    });
  }

  private plain(text: string): string {
    let out = text;
    for (const s of this.list) out = replaceSecret(out, s, s.length >= MIN_ANYWHERE);
    return out;
  }

  /** Whether the text holds a secret: anywhere for long ones, as a whole token for short ones. */
  private holds(text: string): boolean {
    return this.plain(text) !== text;
  }
}

const ESCAPE = /%[0-9A-Fa-f]{2}|\\u[0-9A-Fa-f]{4}|&#x?[0-9A-Fa-f]{1,6};/;

export type Visit = (value: string | number | boolean | null, key: string | undefined, node: SourceNode) => void;

export function walk(node: SourceNode, key: string | undefined, visit: Visit): void {
  const stack: [SourceNode, string | undefined][] = [[node, key]];
  while (stack.length > 0) {
    const [n, k] = stack.pop() as [SourceNode, string | undefined];
    if (n.type === 'scalar') visit(n.value, k, n);
    else if (n.type === 'array') for (const item of n.items) stack.push([item, k]);
    else for (const p of n.properties) stack.push([p.value, p.key]);
  }
}

/** The secrets to look for, longest first; a multi-line secret (a PEM key) is looked for line by line too. */
function needles(secrets: readonly string[]): string[] {
  const all = new Set<string>();
  for (const s of secrets) {
    if (s === '') continue;
    all.add(s);
    if (s.includes('\n')) for (const line of s.split(/\r?\n/)) if (line.trim().length >= 16) all.add(line.trim());
  }
  return [...all].sort((a, b) => b.length - a.length);
}

function encodings(s: string): string[] {
  const json = JSON.stringify(s).slice(1, -1);
  const ascii = json.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const uri = encodeURIComponent(s);
  // Form encoding (application/x-www-form-urlencoded) writes a space as `+`: `my+secret+phrase` holds no `%` to decode.
  return [...new Set([s, json, ascii, escapeXml(s), uri, uri.replace(/%20/g, '+'), Buffer.from(s, 'utf8').toString('base64')])];
}

function replaceSecret(text: string, form: string, anywhere: boolean): string {
  if (form === '' || !text.includes(form)) return text;
  if (anywhere) return text.split(form).join(MASK);
  const escaped = form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'gu'), MASK);
}

function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

/** `\uXXXX` and `&#NN;` / `&#xNN;` as characters, then `%XX` as UTF-8 bytes and `+` as a space; a broken sequence stays as written. */
function unescapeRun(run: string): string {
  const chars = run
    .replace(/\\u([0-9A-Fa-f]{4})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/&#(x?)([0-9A-Fa-f]{1,6});/g, (m, x: string, n: string) => {
      const code = parseInt(n, x ? 16 : 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : m;
    });
  try {
    return decodeURIComponent(chars.replace(/\+/g, ' '));
  } catch {
    return chars.replace(/%([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
}

function base64Decode(token: string): string {
  return Buffer.from(token.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
}
