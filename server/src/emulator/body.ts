import { IncomingMessage } from 'node:http';

/**
 * Bodies larger than this are refused with 413. Connector requests are a few kilobytes; the
 * emulator checks a body synchronously (about 2 s per MB with thousands of tags), so a cap well
 * below what would stall it is what keeps it answering.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

export type BodyResult = { ok: true; text: string } | { ok: false; reason: 'too-large' | 'aborted' | 'timeout' };

/**
 * Reads a request body as UTF-8. A body over the limit is not kept: reading stops at once when
 * Content-Length says so, else at the byte that crosses it (Node drains the rest after the answer).
 * A body not whole by the deadline is given up, so a client that trickles or stalls holds nothing.
 */
export function readBody(req: IncomingMessage, deadlineMs: number, maxBytes = MAX_BODY_BYTES): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve({ ok: false, reason: 'too-large' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: BodyResult): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      chunks.length = 0;
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ok: false, reason: 'timeout' }), Math.max(0, deadlineMs));
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) finish({ ok: false, reason: 'too-large' });
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) finish({ ok: true, text: Buffer.concat(chunks).toString('utf8') });
    });
    req.on('error', () => finish({ ok: false, reason: 'aborted' }));
    req.on('close', () => finish({ ok: false, reason: 'aborted' }));
  });
}
