import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { MAX_DOCUMENT_SIZE } from '../core/limits';

/** What of a file is read: all of it, or for a file past MAX_DOCUMENT_SIZE its beginning and its size. */
export interface ReadRequest {
  text: string;
  size: number;
}

/** Enough of an oversized file to tell whether it is a request (analyze looks this far for ServiceRequest). */
const HEAD_BYTES = 4096;

/**
 * Reads a request file without trusting it: a FIFO or a device (`/dev/zero`) is refused before it
 * is opened (opening a FIFO waits for a writer, reading `/dev/zero` never ends), and no more than
 * `max` (MAX_DOCUMENT_SIZE, or an inventory's cap) + 1 bytes are read whatever the file claims or becomes while it is read.
 */
export async function readRequest(path: string, max = MAX_DOCUMENT_SIZE): Promise<ReadRequest> {
  refuseUnlessFile(await stat(path));
  // Non-blocking, so that a FIFO swapped in after the check cannot hold the open; checked again on the handle.
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = await handle.stat();
    refuseUnlessFile(info);
    const want = info.size > max ? HEAD_BYTES : max + 1;
    const buffer = Buffer.alloc(Math.min(want, Math.max(info.size, 0) + 1));
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    const size = Math.max(info.size, length);
    return { text: buffer.toString('utf8', 0, size > max ? Math.min(length, HEAD_BYTES) : length), size };
  } finally {
    await handle.close();
  }
}

function refuseUnlessFile(info: { isFile(): boolean; isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): void {
  if (info.isFile()) return;
  const what = info.isDirectory() ? 'a directory' : info.isFIFO() ? 'a named pipe' : info.isSocket() ? 'a socket' : info.isCharacterDevice() || info.isBlockDevice() ? 'a device' : 'not a regular file';
  throw new Error(`it is ${what}, not a request file`);
}
