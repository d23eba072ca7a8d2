// A candidate the benchmark measures and the product does not use (docs/benchmarks.md, transfer paths): the
// core's transport contract over Node's own http/https, with nothing between the socket and the core but
// one re-armed idle timer per body, on sockets with 1 MiB buffers (Node's HTTP client stops reading the
// socket whenever a body chunk does not fit in the answer's buffer, 16 KiB by default: after every read).
// It tied with axios within the noise (docs/benchmarks.md), so axios stayed.
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { TransportError, redact, type HttpRequest, type HttpResponse, type HttpTransport, type StreamBody } from '@onefichier/core';

/** Node's global agents' settings with 1 MiB socket buffers (also measured under axios: the `axios1m` path). */
const AGENT_OPTIONS = { keepAlive: true, timeout: 5_000, scheduling: 'lifo', highWaterMark: 1 << 20 } as const;
export const BIG_BUFFERS = { http: new HttpAgent(AGENT_OPTIONS), https: new HttpsAgent(AGENT_OPTIONS) };

function isStreamBody(b: HttpRequest['body']): b is StreamBody {
  return typeof b === 'object' && b !== null && !(b instanceof Uint8Array) && 'chunks' in b;
}

function secretsOf(headers: Record<string, string>): string[] {
  const auth = Object.entries(headers).find(([k]) => k.toLowerCase() === 'authorization')?.[1];
  return auth ? [auth, auth.replace(/^\s*\S+\s+/, '')] : [];
}

function plainHeaders(h: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

export function createNodeHttpTransport(): HttpTransport {
  return (req) => exchange(req, 'onefichier-toolkit-bench');
}

async function exchange(req: HttpRequest, userAgent: string): Promise<HttpResponse> {
  const secrets = secretsOf(req.headers);
  const headers: Record<string, string> = { 'User-Agent': userAgent, ...req.headers };
  let fixed: Uint8Array | undefined;
  if (isStreamBody(req.body)) headers['Content-Length'] = String(req.body.length);
  else if (req.body !== undefined) {
    fixed = typeof req.body === 'string' ? Buffer.from(req.body, 'utf8') : req.body;
    headers['Content-Length'] = String(fixed.byteLength);
  }
  const url = new URL(req.url);
  const https = url.protocol === 'https:';
  if (!https && url.protocol !== 'http:') throw new TransportError('EPROTOCOL', `Unsupported URL scheme ${url.protocol}`);
  const send = https ? httpsRequest : httpRequest;
  const options: RequestOptions = {
    method: req.method,
    headers,
    agent: https ? BIG_BUFFERS.https : BIG_BUFFERS.http,
    ...(req.signal ? { signal: req.signal } : {}),
  };

  const body = { complete: !isStreamBody(req.body) };
  let res: IncomingMessage;
  try {
    res = await new Promise<IncomingMessage>((resolve, reject) => {
      const request = send(url, options, resolve);
      request.on('error', reject);
      // Until the answer starts, the socket's own idle timer; then the body's (guardedBody).
      if (req.timeoutMs) {
        const ms = req.timeoutMs;
        request.setTimeout(ms, () => request.destroy(new TransportError('ETIMEDOUT', `No answer for ${ms} ms.`)));
      }
      writeBody(request, req.body, fixed, body).catch((e: unknown) => request.destroy(e instanceof Error ? e : new Error(String(e))));
    });
  } catch (e) {
    throw transportError(e, secrets, isStreamBody(req.body) ? !body.complete : undefined);
  }
  // The request's idle timer must not outlive the answer's start: the body has its own.
  res.socket?.setTimeout(0);
  const out: HttpResponse = { status: res.statusCode ?? 0, headers: plainHeaders(res.headers) };
  if (req.responseType === 'stream') out.stream = guardedBody(res, req.timeoutMs, secrets);
  else out.text = await readText(res, req.timeoutMs, secrets);
  return out;
}

/** Sends the body: fixed bytes at once, a stream chunk by chunk as the socket drains. */
async function writeBody(request: ClientRequest, raw: HttpRequest['body'], fixed: Uint8Array | undefined, state: { complete: boolean }) {
  if (!isStreamBody(raw)) {
    request.end(fixed);
    return;
  }
  for await (const chunk of raw.chunks) {
    if (request.destroyed) return;
    if (!request.write(chunk)) await drained(request);
  }
  state.complete = true;
  request.end();
}

/** Resolves when the request can take more bytes; rejects if it fails or closes first. */
function drained(request: ClientRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (e?: unknown) => {
      request.off('drain', onDrain);
      request.off('error', onError);
      request.off('close', onClose);
      if (e) reject(e);
      else resolve();
    };
    const onDrain = () => done();
    const onError = (e: unknown) => done(e);
    const onClose = () => done(new TransportError('ECONNRESET', 'The connection closed while sending the body.'));
    request.on('drain', onDrain);
    request.on('error', onError);
    request.on('close', onClose);
  });
}

/**
 * The answer's body as the core reads it: the response's own chunks, failing with a TransportError when the
 * connection breaks or no byte comes for `idleMs` while the reader waits. One timer, re-armed per read
 * (timer.refresh), and armed only while a read is pending, so a slow reader is not taken for an idle
 * connection. Stopping early releases the connection.
 */
function guardedBody(res: IncomingMessage, idleMs: number | undefined, secrets: string[]): AsyncIterable<Uint8Array> {
  const chunks = res[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
  let waiting = false;
  const timer = idleMs
    ? setTimeout(() => {
        if (waiting) res.destroy(new TransportError('ETIMEDOUT', `No data received for ${idleMs} ms.`));
      }, idleMs)
    : undefined;
  timer?.unref();
  const stop = () => {
    waiting = false;
    if (timer) clearTimeout(timer);
    if (!res.destroyed) res.destroy();
  };
  const iterator: AsyncIterator<Uint8Array> = {
    next: () => {
      waiting = true;
      timer?.refresh();
      return chunks.next().then(
        (step) => {
          waiting = false;
          if (step.done) stop();
          return step;
        },
        (e: unknown) => {
          stop();
          throw transportError(e, secrets);
        },
      );
    },
    return: (value?: unknown) => {
      stop();
      return Promise.resolve({ done: true, value: value as Uint8Array });
    },
  };
  return { [Symbol.asyncIterator]: () => iterator };
}

async function readText(res: IncomingMessage, idleMs: number | undefined, secrets: string[]): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of guardedBody(res, idleMs, secrets)) parts.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  return Buffer.concat(parts).toString('utf8');
}

/** Any failure of a request or its body, as a TransportError with only its code and a redacted message. */
function transportError(e: unknown, secrets: string[], bodyIncomplete?: boolean): TransportError {
  if (e instanceof TransportError) return e;
  const err = e as { code?: unknown; message?: unknown; name?: unknown };
  if (err?.name === 'AbortError' || err?.code === 'ABORT_ERR') return new TransportError('ABORTED', 'The request was cancelled.');
  const code = typeof err?.code === 'string' ? err.code : 'ECONNRESET';
  const message = redact(typeof err?.message === 'string' ? err.message : String(e), secrets);
  return new TransportError(code, message, bodyIncomplete !== undefined ? { bodyIncomplete } : {});
}
