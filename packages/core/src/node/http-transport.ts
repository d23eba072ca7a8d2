/**
 * The default Node transport: Node's own http/https modules, with nothing between the socket and the core
 * but an idle timer, on sockets with 1 MiB buffers. Measured side by side with the axios transport (on
 * default and on 1 MiB sockets) and undici (docs/benchmarks.md, transfer paths), it cost the least CPU per
 * GiB in most runs, by 5 to 20 %, and never more. Behind a proxy named in the environment (HTTP_PROXY,
 * HTTPS_PROXY, ALL_PROXY), or with a caller's own axios instance, every request goes through the axios
 * transport instead, which honours them.
 */
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { TransportError, redact } from '../errors';
import type { HttpRequest, HttpResponse, HttpTransport } from '../types';
import { createAxiosTransport, type AxiosTransportOptions } from './transport';
import { DEFAULT_USER_AGENT, isStreamBody, plainHeaders, secretsOf } from './wire';

export type NodeTransportOptions = AxiosTransportOptions;

const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY'];

/**
 * Sockets with 1 MiB stream buffers instead of Node's 16 KiB. An answer inherits its socket's buffer, and
 * Node's HTTP client stops reading the socket whenever a body chunk does not fit in it: with 16 KiB that is
 * after every 64 KiB read. Otherwise the settings of Node's global agents. (The same buffers under axios
 * cost more CPU, not less: the `axios1m` path of the benchmark.)
 */
const SOCKET_BUFFER_BYTES = 1 << 20;
const AGENT_OPTIONS = { keepAlive: true, timeout: 5_000, scheduling: 'lifo', highWaterMark: SOCKET_BUFFER_BYTES } as const;
const httpAgent = new HttpAgent(AGENT_OPTIONS);
const httpsAgent = new HttpsAgent(AGENT_OPTIONS);

/** Whether the environment names a proxy (axios honours these through proxy-from-env; Node's http does not). */
export function proxyFromEnvironment(env: Record<string, string | undefined> = process.env): boolean {
  return PROXY_VARIABLES.some((name) => (env[name] ?? '').trim() !== '');
}

export function createNodeTransport(options: NodeTransportOptions = {}): HttpTransport {
  if (options.axiosInstance || proxyFromEnvironment()) return createAxiosTransport(options);
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  return (req) => exchange(req, userAgent);
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
    agent: https ? httpsAgent : httpAgent,
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
