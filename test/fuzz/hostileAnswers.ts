import { prng } from './mutate';

/**
 * Answers a hostile server may send: secrets it was given, echoed back in some encoding; escape
 * sequences aimed at the terminal; valid answers cut off or garbled. Seeded, as the mutants are.
 */
export interface HostileAnswer {
  name: string;
  body: string;
  /** The secrets the request carried (what must not be seen again). */
  secrets: string[];
  /** The answer is a strict prefix of a SUCCESS: it must never read as one. */
  truncated?: boolean;
  /** The live connector a SUCCESS answer carries, as pull and Open as Request take it. */
  connector?: Record<string, unknown>;
}

export const USER = 'fuzz-user';
/** A long key with every character some encoding treats specially, and a password under 4 characters. */
export const SECRETS = ['k3Y/+=&<>"\'é%-long-secret', 'q7!'];

const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)];
const hex = (n: number, r: () => number): string => (r() < 0.5 ? n.toString(16) : n.toString(16).toUpperCase());

/** The secret in one of the encodings a server may echo it in, some characters escaped and others not. */
const ENCODINGS: Record<string, (s: string, r: () => number, format: 'xml' | 'json') => string> = {
  raw: (s, _r, format) => (format === 'json' ? JSON.stringify(s).slice(1, -1) : s.replace(/&/g, '&amp;').replace(/</g, '&lt;')),
  unicodeEscapes: (s, r, format) => (format === 'json' ? [...s].map((c) => (r() < 0.5 || /["\\]/.test(c) ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c)).join('') : s.replace(/&/g, '&amp;').replace(/</g, '&lt;')),
  charRefs: (s, r, format) => (format === 'xml' ? [...s].map((c) => (r() < 0.5 || /[&<]/.test(c) ? (r() < 0.5 ? `&#${c.codePointAt(0)};` : `&#x${hex(c.codePointAt(0) ?? 0, r)};`) : c)).join('') : JSON.stringify(s).slice(1, -1)),
  cdata: (s, r, format) => {
    if (format === 'json') return JSON.stringify(s).slice(1, -1);
    const at = 1 + Math.floor(r() * (s.length - 1));
    return `<![CDATA[${s.slice(0, at)}]]><![CDATA[${s.slice(at)}]]>`;
  },
  urlEncoded: (s, r) => [...Buffer.from(s, 'utf8')].map((b) => `%${hex(b, r).padStart(2, '0')}`).join(''),
  basicAuth: (s) => `Basic ${Buffer.from(`${USER}:${s}`).toString('base64')}`,
};

const TERMINAL = ['\u001b]0;pwned\u0007', '\u001b[2J', '\u001b]8;;https://evil.example\u001b\\link\u001b]8;;\u001b\\', '\u009b31m', '\u001bc', '\u0000', '\u007f', '\r', '\u202e'];

/** What a server may put in a name or a message to forge lines of the CLI's own, or to reorder a line (Trojan Source). */
const FORGING = ['\n+ connectors/prod-1.qualys.yaml\n', '\r\nPulled 36 connectors', '\u2028', '\u2029', '\u202e', '\u202a', '\u2066', '\u2069', '\u200f', '\u200e', '\u061c', '\r', '\n'];

function wrap(format: 'xml' | 'json', code: string, message: string): string {
  return format === 'json'
    ? `{"ServiceResponse": {"responseCode": "${code}", "responseErrorDetails": {"errorMessage": "${message}"}}}`
    : `<?xml version="1.0" encoding="UTF-8"?><ServiceResponse><responseCode>${code}</responseCode><responseErrorDetails><errorMessage>${message}</errorMessage></responseErrorDetails></ServiceResponse>`;
}

const SUCCESS: Record<'xml' | 'json', string> = {
  json: '{"ServiceResponse": {"responseCode": "SUCCESS", "count": 1, "data": [{"AzureAssetDataConnector": {"id": 1672601, "name": "n", "connectorState": "QUEUED"}}]}}',
  xml: '<?xml version="1.0" encoding="UTF-8"?><ServiceResponse><responseCode>SUCCESS</responseCode><count>1</count><data><AzureAssetDataConnector><id>1672601</id><name>n</name><connectorState>QUEUED</connectorState></AzureAssetDataConnector></data></ServiceResponse>',
};

export function* hostileAnswers(seed: number, count: number): Generator<HostileAnswer> {
  const r = prng(seed);
  for (let i = 0; i < count; i++) {
    const format = pick(r, ['xml', 'json'] as const);
    const secret = pick(r, SECRETS);
    const encoding = pick(r, Object.keys(ENCODINGS));
    const echoed = ENCODINGS[encoding](secret, r, format);
    yield { name: `${format} ${encoding} echo of ${secret === SECRETS[1] ? 'a short password' : 'a key'}`, body: wrap(format, 'INVALID_REQUEST', `you sent ${echoed} here`), secrets: SECRETS };
    const noise = Array.from({ length: 1 + Math.floor(r() * 4) }, () => pick(r, TERMINAL)).join('');
    const escaped = format === 'json' ? JSON.stringify(noise).slice(1, -1) : noise.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    yield { name: `${format} escape sequences`, body: wrap(format, r() < 0.5 ? `SUCCESS${escaped}` : 'OTHER_ERROR', escaped), secrets: SECRETS };
    const whole = SUCCESS[format];
    yield { name: `${format} SUCCESS cut off`, body: whole.slice(0, Math.floor(r() * whole.length)), secrets: SECRETS, truncated: true };
    const forged = Array.from({ length: 1 + Math.floor(r() * 4) }, () => pick(r, FORGING)).join('x');
    const forgedText = format === 'json' ? JSON.stringify(forged).slice(1, -1) : forged.replace(/\r/g, '&#13;');
    yield { name: `${format} forged lines in a message`, body: wrap(format, 'INVALID_REQUEST', `bad${forgedText}end`), secrets: SECRETS };
    const connector = { id: '1672601', name: `prod${forged}1`, description: `synced with ${secret} ${forged}`, arn: `arn:aws:iam::123456789012:role/${secret}`, externalId: `e${forged}`, runFrequency: '240' };
    yield { name: `${format} hostile names and an echoed secret in a connector`, body: JSON.stringify({ ServiceResponse: { responseCode: 'SUCCESS', count: 1, data: [{ AwsAssetDataConnector: connector }] } }), secrets: SECRETS, connector };
    const garbled = [...whole];
    for (let k = 0; k < 3; k++) garbled[Math.floor(r() * garbled.length)] = String.fromCharCode(Math.floor(r() * 128));
    yield { name: `${format} SUCCESS garbled`, body: garbled.join(''), secrets: SECRETS };
  }
}
