// A candidate the benchmark measures and the product does not use: the core's transport contract over
// undici's `request` (a second HTTP library must pay for itself in the figures; docs/benchmarks.md).
import { Readable } from 'node:stream';
import { request } from 'undici';
import { TransportError, type HttpRequest, type HttpResponse, type HttpTransport, type StreamBody } from '@onefichier/core';

function isStreamBody(b: HttpRequest['body']): b is StreamBody {
  return typeof b === 'object' && b !== null && !(b instanceof Uint8Array) && 'chunks' in b;
}

export function createUndiciTransport(): HttpTransport {
  return async (req) => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = v;
    let body: string | Uint8Array | Readable | null = null;
    if (isStreamBody(req.body)) {
      headers['content-length'] = String(req.body.length);
      body = Readable.from(req.body.chunks, { objectMode: false });
    } else if (req.body !== undefined) body = req.body;
    let res;
    try {
      res = await request(req.url, {
        method: req.method,
        headers,
        body,
        ...(req.signal ? { signal: req.signal } : {}),
        ...(req.timeoutMs ? { headersTimeout: req.timeoutMs, bodyTimeout: req.timeoutMs } : {}),
      });
    } catch (e) {
      const err = e as { code?: unknown; message?: unknown };
      throw new TransportError(typeof err.code === 'string' ? err.code : 'ENETWORK', String(err.message ?? e));
    }
    const out: HttpResponse = { status: res.statusCode, headers: {} };
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out.headers[k] = Array.isArray(v) ? v.join(', ') : v;
    if (req.responseType === 'stream') out.stream = res.body as AsyncIterable<Uint8Array>;
    else out.text = await res.body.text();
    return out;
  };
}
