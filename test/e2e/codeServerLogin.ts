import { request } from 'node:http';
import type { Page } from 'playwright-core';

/**
 * code-server is started with a password of its own (scripts/code-server.mjs), as `npm start`
 * starts it. These check, at every start of the harness, that a request without it gets only the
 * login (a page on the same machine, or one reached through DNS rebinding with a Host of its own),
 * and log a page in the way a person does: the login form's POST, whose cookie the page then keeps.
 */

interface Answer {
  status: number;
  location: string;
}

/** One request to code-server without its cookie; an upgrade answered 101 is reported as such. */
function ask(port: number, path: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, location: String(res.headers.location ?? '') });
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 101, location: '' });
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer to ${path} within 10 s`)));
    req.end();
  });
}

/** Throws unless code-server, asked without the password, sends the workbench to its login and refuses the WebSocket. */
export async function assertLoginRequired(port: number): Promise<void> {
  const rebound = `rebind.attacker.example:${port}`;
  const wsHeaders = { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' };
  const checks: [string, string, Record<string, string>][] = [
    ['the workbench', '/', {}],
    ['the workbench through DNS rebinding', '/', { Host: rebound, Origin: `http://${rebound}` }],
  ];
  for (const [what, path, headers] of checks) {
    const a = await ask(port, path, headers);
    if (a.status !== 302 || !/login/.test(a.location)) throw new Error(`code-server served ${what} without the password (HTTP ${a.status}${a.location ? ` to ${a.location}` : ''}); it must send it to the login.`);
  }
  for (const [what, headers] of [
    ['a WebSocket', { ...wsHeaders, Origin: `http://127.0.0.1:${port}` }],
    ['a WebSocket through DNS rebinding', { ...wsHeaders, Host: rebound, Origin: `http://${rebound}` }],
  ] as [string, Record<string, string>][]) {
    const a = await ask(port, '/stable-x?reconnectionToken=t&reconnection=false&skipWebSocketFrames=false', headers);
    if (a.status === 101) throw new Error(`code-server opened ${what} without the password (HTTP 101).`);
  }
}

/** Logs the page's browser context in with the password, as the login form does; throws when code-server refuses it. */
export async function logIn(page: Page, port: number, password: string): Promise<void> {
  const res = await page.request.post(`http://127.0.0.1:${port}/login`, { form: { password }, maxRedirects: 0 });
  const cookies = await page.context().cookies(`http://127.0.0.1:${port}/`);
  if (res.status() !== 302 || !cookies.some((c) => c.name === 'code-server-session')) throw new Error(`code-server refused the login (HTTP ${res.status()}).`);
}
