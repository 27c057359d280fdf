import type { HistoryEntry } from '../../../server/src/send/history';
import type { ApiResponse, Limits } from '../../../server/src/send/response';
import type { RequestLine } from '../../../server/src/send/target';
import { REORDERING_CHARS, unicodeEscape } from '../../../server/src/core/displayText';

/*
 * The response view's HTML, kept free of `vscode` so it is unit-tested in plain Node. Both a fresh
 * answer and a history entry become one ResponseView first; history keeps fewer fields (no limits,
 * no request line), so everything beyond the status line is optional.
 */

export interface ResponseView {
  /** `POST /qps/rest/3.0/update/am/awsassetdataconnector/843003`, when known. */
  request?: string;
  /** `update #843003`: what history keeps instead of the request line. */
  target?: string;
  platform: string;
  /** ISO time of the answer. */
  time?: string;
  status: number;
  ms: number;
  bytes?: number;
  responseCode?: string;
  errorMessage?: string;
  errorResolution?: string;
  problem?: string;
  limits?: Limits;
  summary: string;
  ok: boolean;
  /** The pretty body, already redacted by the send core. */
  body: string;
}

export function viewOfResponse(response: ApiResponse, line: RequestLine | undefined, platform: string, time?: string): ResponseView {
  return {
    request: line ? `${line.method} ${line.path}` : undefined,
    platform,
    time,
    status: response.status,
    ms: response.ms,
    bytes: response.bytes,
    responseCode: response.responseCode,
    errorMessage: response.errorMessage,
    errorResolution: response.errorResolution,
    problem: response.problem,
    limits: response.limits,
    summary: response.summary,
    ok: response.ok,
    body: response.pretty,
  };
}

export function viewOfHistory(entry: HistoryEntry): ResponseView {
  return {
    target: entry.id !== undefined ? `${entry.operation} #${entry.id}` : entry.operation,
    platform: entry.platform,
    time: entry.time,
    status: entry.status,
    ms: entry.ms,
    responseCode: entry.responseCode,
    problem: entry.problem,
    summary: entry.summary,
    ok: entry.status >= 200 && entry.status < 300 && entry.responseCode === 'SUCCESS',
    body: entry.body,
  };
}

const HTML_SPECIAL: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const HTML_OR_REORDERING = new RegExp(`[&<>"'${REORDERING_CHARS}]`, 'g');

/** Text as HTML that shows it: markup characters escaped, and bidi controls and line separators as visible `\u202e` (a webview would apply them). */
export function escapeHtml(text: string): string {
  return text.replace(HTML_OR_REORDERING, (c) => HTML_SPECIAL[c] ?? unicodeEscape(c));
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The limit headers as `label: value` rows; only those the answer carried. */
export function limitRows(l: Limits | undefined): [string, string][] {
  if (!l) return [];
  const rows: [string, string][] = [];
  if (l.rateLimit !== undefined) rows.push(['Rate limit', `${l.rateLimit} calls${l.rateWindowSec !== undefined ? ` per ${l.rateWindowSec} s` : ''}`]);
  else if (l.rateWindowSec !== undefined) rows.push(['Rate window', `${l.rateWindowSec} s`]);
  if (l.rateRemaining !== undefined) rows.push(['Calls remaining', String(l.rateRemaining)]);
  if (l.rateToWaitSec !== undefined) rows.push(['Wait before next call', `${l.rateToWaitSec} s`]);
  if (l.concurrencyLimit !== undefined) rows.push(['Concurrency limit', `${l.concurrencyLimit} at once`]);
  if (l.concurrencyRunning !== undefined) rows.push(['Running now', String(l.concurrencyRunning)]);
  return rows;
}

/** `2024-05-31T10:02:03.123Z` → `2024-05-31 10:02:03 UTC`; anything else is shown as given. */
function formatTime(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

export interface RenderOptions {
  /** A fresh random value per render: the only style allowed in the page is the one carrying it. */
  nonce: string;
}

/**
 * The whole page. The Content-Security-Policy allows nothing but the page's own nonce'd style: no
 * scripts, images, fonts or connections, so a hostile answer body (it is the server's text) can at
 * worst be displayed, and it is HTML-escaped anyway.
 */
export function renderView(view: ResponseView, options: RenderOptions): string {
  const nonce = escapeHtml(options.nonce);
  const e = escapeHtml;
  const facts: [string, string][] = [];
  if (view.request) facts.push(['Request', view.request]);
  else if (view.target) facts.push(['Operation', view.target]);
  facts.push(['Platform', view.platform]);
  if (view.time) facts.push(['Time', formatTime(view.time)]);
  facts.push(['HTTP status', String(view.status)]);
  facts.push(['Duration', `${view.ms} ms`]);
  if (view.bytes !== undefined) facts.push(['Size', formatBytes(view.bytes)]);
  if (view.responseCode) facts.push(['responseCode', view.responseCode]);
  facts.push(...limitRows(view.limits));

  const problems: string[] = [];
  if (view.errorMessage) problems.push(`<p><strong>errorMessage:</strong> ${e(view.errorMessage)}</p>`);
  if (view.errorResolution) problems.push(`<p><strong>errorResolution:</strong> ${e(view.errorResolution)}</p>`);
  // The problem repeats errorMessage for API errors; show it only when it adds something (limits, HTTP errors).
  if (view.problem && !(view.errorMessage && view.problem.includes(view.errorMessage))) problems.push(`<p>${e(view.problem)}</p>`);

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${e(view.summary)}</title>
<style nonce="${nonce}">
  body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 1em 1em; }
  h1 { font-size: 1.2em; margin: 0.8em 0 0.4em; }
  .ok { color: var(--vscode-testing-iconPassed, var(--vscode-foreground)); }
  .bad { color: var(--vscode-errorForeground); }
  table { border-collapse: collapse; margin-bottom: 0.8em; }
  th { text-align: left; font-weight: normal; color: var(--vscode-descriptionForeground); padding: 1px 1.5em 1px 0; vertical-align: top; }
  td { padding: 1px 0; font-family: var(--vscode-editor-font-family); }
  .problem { border-left: 3px solid var(--vscode-inputValidation-errorBorder, var(--vscode-errorForeground)); padding: 0.1em 0.8em; margin: 0.8em 0; background: var(--vscode-inputValidation-errorBackground, transparent); }
  pre { font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); background: var(--vscode-textCodeBlock-background); padding: 0.8em; overflow: auto; white-space: pre; tab-size: 2; }
</style>
</head>
<body>
<h1 class="${view.ok ? 'ok' : 'bad'}">${e(view.summary)}</h1>
<table>
${facts.map(([k, v]) => `<tr><th>${e(k)}</th><td>${e(v)}</td></tr>`).join('\n')}
</table>
${problems.length > 0 ? `<div class="problem">\n${problems.join('\n')}\n</div>` : ''}
<pre>${e(view.body)}</pre>
</body>
</html>
`;
}

/** The page for a fresh answer. */
export function renderResponseHtml(response: ApiResponse, context: { line?: RequestLine; platform: string; time?: string; nonce: string }): string {
  return renderView(viewOfResponse(response, context.line, context.platform, context.time), { nonce: context.nonce });
}
