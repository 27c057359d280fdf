import { RunningEmulator } from '../../server/src/emulator';

/** The emulator's demo credentials, as the tests send them. */
export const DEMO_AUTH = 'Basic ' + Buffer.from('demo:demo-password').toString('base64');

/** A JSON `ServiceResponse`, as far as the emulator tests read it. */
export interface JsonAnswer {
  responseCode: string;
  count?: number;
  hasMoreRecords?: string;
  lastId?: number;
  data?: Record<string, Record<string, unknown>>[];
  responseErrorDetails?: { errorMessage: string; errorResolution?: string };
}

/**
 * One JSON call, as Qualys' scripts make them (Content-Type and Accept both JSON): a string body
 * goes as written, anything else as JSON.
 */
export async function jsonCall(e: RunningEmulator, action: string, noun: string, body?: unknown, id?: number): Promise<JsonAnswer> {
  const res = await fetch(`${e.url}/qps/rest/3.0/${action}/am/${noun}${id !== undefined ? `/${id}` : ''}`, {
    method: 'POST',
    headers: { Authorization: DEMO_AUTH, 'Content-Type': 'application/json', Accept: 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return ((await res.json()) as { ServiceResponse: JsonAnswer }).ServiceResponse;
}
