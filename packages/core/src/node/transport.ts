/**
 * The default Node transport, over axios. It only moves bytes: the core builds the multipart body itself
 * (we deliberately do not use the form-data package: it would add a second multipart encoder whose file
 * parts carry a Content-Type the service does not expect, and the n8n node could not use it anyway).
 * Node's own http, undici and larger socket buffers were measured against it and did not pay for a change
 * (docs/benchmarks.md, "Transfer paths").
 */
import { Readable, type Writable } from 'node:stream';
import axios, { type AxiosInstance, type AxiosResponse, type RawAxiosRequestHeaders } from 'axios';
import { TransportError, redact } from '../errors';
import type { HttpRequest, HttpResponse, HttpTransport, StreamBody } from '../types';
import { CORE_VERSION } from './version';

export interface AxiosTransportOptions {
  /** An axios instance to use (proxy, agents...); default a fresh one. */
  axiosInstance?: AxiosInstance;
  /** Sent as User-Agent; default `onefichier-toolkit/<the core's version>`. */
  userAgent?: string;
}

const DEFAULT_USER_AGENT = `onefichier-toolkit/${CORE_VERSION}`;

function isStreamBody(b: HttpRequest['body']): b is StreamBody {
  return typeof b === 'object' && b !== null && !(b instanceof Uint8Array) && 'chunks' in b;
}

export function createAxiosTransport(options: AxiosTransportOptions = {}): HttpTransport {
  const http = options.axiosInstance ?? axios.create();
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;

  return async (req: HttpRequest): Promise<HttpResponse> => {
    const secrets = secretsOf(req.headers);
    const headers: RawAxiosRequestHeaders = { 'User-Agent': userAgent, ...req.headers };
    let data: unknown;
    let bodyState: { complete: boolean } | undefined;
    if (isStreamBody(req.body)) {
      const state = { complete: false };
      bodyState = state;
      data = bodyReadable(req.body, state);
      headers['Content-Length'] = String(req.body.length);
    } else if (req.body instanceof Uint8Array) {
      data = Buffer.from(req.body.buffer, req.body.byteOffset, req.body.byteLength);
      headers['Content-Length'] = String(req.body.byteLength);
    } else if (typeof req.body === 'string') {
      data = req.body;
    }

    const text = req.responseType !== 'stream';
    // A text answer has a total bound: its own signal aborts the exchange when the caller's does, or when
    // the answer has not arrived in full in time (a streamed body keeps the caller's signal while it is read).
    const bound = text && req.totalTimeoutMs ? totalBound(req.totalTimeoutMs, req.signal) : undefined;
    const signal = bound?.signal ?? req.signal;
    let res: AxiosResponse;
    try {
      res = await http.request({
        method: req.method,
        url: req.url,
        headers,
        data,
        responseType: req.responseType === 'stream' ? 'stream' : 'text',
        // Keep the raw text: the core parses (and classifies HTML) itself.
        transformResponse: [(d: unknown) => d],
        maxRedirects: 0,
        validateStatus: () => true,
        // -1 = no limit, and no counting stage between the body and the socket: axios then pipes the body
        // straight into the request (bodyReadable relies on that to lend buffers).
        maxBodyLength: -1,
        // Text answers: read no more than maxAnswerBytes (counted after decompression). Streams: -1 = no limit.
        // (Infinity would make axios wrap streamed bodies in a generator that a stalled connection cannot be
        // torn down from.)
        maxContentLength: text && req.maxAnswerBytes ? req.maxAnswerBytes : -1,
        decompress: true,
        ...(signal ? { signal } : {}),
        // axios' Node adapter applies `timeout` as a socket idle timeout until the answer starts; the body
        // stream gets its own idle timer below.
        ...(req.timeoutMs ? { timeout: req.timeoutMs } : {}),
      });
    } catch (e) {
      if (bound?.overdue()) throw new TransportError('ETIMEDOUT', `The answer did not arrive in full within ${bound.ms} ms.`);
      if (isTooLarge(e))
        throw new TransportError('ETOOLARGE', `The answer is larger than ${req.maxAnswerBytes} bytes; it was not read further.`);
      throw toTransportError(e, secrets, bodyState ? !bodyState.complete : undefined);
    } finally {
      bound?.dispose();
    }

    const out: HttpResponse = { status: res.status, headers: plainHeaders(res.headers) };
    if (req.responseType === 'stream') {
      out.stream = guardStream(res.data as Readable, req.timeoutMs, secrets);
    } else {
      out.text = typeof res.data === 'string' ? res.data : res.data == null ? '' : String(res.data);
    }
    return out;
  };
}

/**
 * A streamed body as the Readable axios sends. axios sends a stream with `body.pipe(request)`; this
 * Readable's pipe() writes the chunks into the request itself instead, so that each write's callback says
 * when the OS has taken those bytes and the body may refill their buffer (src/lending.ts): a 1 GiB upload
 * then cycles through 4 MiB instead of allocating 1 GiB. Read any other way, it is a plain Readable over
 * the chunks, and nothing is lent.
 */
function bodyReadable(body: StreamBody, state: { complete: boolean }): Readable {
  const readable = Readable.from(
    (async function* () {
      for await (const chunk of body.chunks) yield chunk;
      state.complete = true;
    })(),
    { objectMode: false },
  );
  readable.pipe = <T extends NodeJS.WritableStream>(destination: T): T => {
    void writeLending(body, destination as unknown as Writable, readable, state);
    return destination;
  };
  return readable;
}

/** Writes the body into the request, settling each chunk's bytes as the request is done with them; ends `readable` (or fails it) as a pipe would. */
async function writeLending(body: StreamBody, request: Writable, readable: Readable, state: { complete: boolean }): Promise<void> {
  const settled = body.lend?.();
  // Closed (failed, aborted, timed out): nothing reads the buffers any more; axios reports the request's own error.
  request.once('close', () => settled?.abandon());
  let handed = 0;
  try {
    for await (const chunk of body.chunks) {
      if (request.destroyed) return;
      const end = (handed += chunk.length);
      const more = request.write(chunk, (err) => (err ? settled?.abandon() : settled?.settle(end)));
      if (!more && !request.destroyed) await drainedOrClosed(request);
    }
    if (request.destroyed) return;
    state.complete = true;
    request.end();
    // What axios waits for from a piped body: its end.
    readable.push(null);
    readable.resume();
  } catch (e) {
    // The body's own failure (a size mismatch, a cancel): axios destroys the request with it.
    readable.destroy(e instanceof Error ? e : new Error(String(e)));
  }
}

function drainedOrClosed(w: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      w.off('drain', done);
      w.off('close', done);
      resolve();
    };
    w.on('drain', done);
    w.on('close', done);
  });
}

/** A signal that aborts with the caller's, or once `ms` have passed; `overdue` says which. */
function totalBound(ms: number, callerSignal: AbortSignal | undefined) {
  const controller = new AbortController();
  let late = false;
  const timer = setTimeout(() => {
    late = true;
    controller.abort();
  }, ms);
  const onAbort = () => controller.abort();
  if (callerSignal?.aborted) controller.abort();
  else callerSignal?.addEventListener('abort', onAbort, { once: true });
  return {
    ms,
    signal: controller.signal,
    overdue: () => late && !callerSignal?.aborted,
    dispose: () => {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onAbort);
    },
  };
}

/** axios' error for an answer past maxContentLength. */
function isTooLarge(e: unknown): boolean {
  return axios.isAxiosError(e) && /maxContentLength size of \d+ exceeded/.test(e.message);
}

function secretsOf(headers: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === 'authorization') {
      out.push(v);
      const token = v.replace(/^\s*\S+\s+/, '');
      if (token !== v) out.push(token);
    }
  }
  return out;
}

function plainHeaders(h: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const src =
    h && typeof (h as { toJSON?: unknown }).toJSON === 'function'
      ? (h as { toJSON(): Record<string, unknown> }).toJSON()
      : ((h ?? {}) as Record<string, unknown>);
  for (const [k, v] of Object.entries(src)) {
    if (v === undefined || v === null) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

/**
 * A network failure without anything from the axios error object: axios errors carry the request config
 * (with the Authorization header), so only the code and a redacted message leave this function.
 */
function toTransportError(e: unknown, secrets: string[], bodyIncomplete?: boolean): TransportError {
  const err = e as { code?: unknown; message?: unknown; name?: unknown; cause?: { code?: unknown } };
  if (axios.isCancel(e) || err?.name === 'AbortError' || err?.code === 'ERR_CANCELED')
    return new TransportError('ABORTED', 'The request was cancelled.');
  let code = typeof err?.code === 'string' ? err.code : typeof err?.cause?.code === 'string' ? err.cause.code : 'ENETWORK';
  if (code === 'ECONNABORTED') code = 'ETIMEDOUT';
  const message = redact(typeof err?.message === 'string' ? err.message : String(e), secrets);
  return new TransportError(code, message, bodyIncomplete !== undefined ? { bodyIncomplete } : {});
}

/** Response body as an async iterable that fails with a TransportError on a broken or idle connection. */
async function* guardStream(stream: Readable, idleMs: number | undefined, secrets: string[]): AsyncGenerator<Uint8Array> {
  const it = stream[Symbol.asyncIterator]() as AsyncIterator<unknown>;
  try {
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      let step: IteratorResult<unknown>;
      try {
        // Race each read against the idle timer: destroying a stalled stream does not always end a pending read.
        step = await (idleMs
          ? Promise.race([
              it.next(),
              new Promise<never>((_, reject) => {
                timer = setTimeout(() => reject(new TransportError('ETIMEDOUT', `No data received for ${idleMs} ms.`)), idleMs);
              }),
            ])
          : it.next());
      } finally {
        if (timer) clearTimeout(timer);
      }
      if (step.done) return;
      const chunk = step.value;
      yield chunk instanceof Uint8Array ? chunk : Buffer.from(String(chunk));
    }
  } catch (e) {
    if (e instanceof TransportError) throw e;
    const err = e as { code?: unknown; message?: unknown; name?: unknown };
    if (err?.name === 'AbortError' || err?.code === 'ERR_CANCELED' || err?.code === 'ABORT_ERR')
      throw new TransportError('ABORTED', 'The download was cancelled.');
    throw new TransportError(
      typeof err?.code === 'string' ? err.code : 'ECONNRESET',
      redact(typeof err?.message === 'string' ? err.message : String(e), secrets),
    );
  } finally {
    // Stopping early (break, error, idle) must release the socket.
    if (!stream.destroyed) stream.destroy();
  }
}
