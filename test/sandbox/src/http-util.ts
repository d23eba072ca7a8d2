import type { IncomingMessage, ServerResponse } from 'http';
import { ApiError, Errors } from './errors';
import { shuffleKeys } from './util';

const MAX_JSON_BODY = 1024 * 1024;

/** JSON answer with the headers the real API sends; object keys in random order like the real service. */
export function sendJson(res: ServerResponse, status: number, body: unknown, pretty = false): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(shuffleKeys(body), null, pretty ? 2 : undefined);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    Server: 'nginx',
    Vary: 'Accept-Encoding',
  });
  res.end(text);
}

export function sendKo(res: ServerResponse, err: ApiError): void {
  sendJson(res, err.httpStatus, { status: 'KO', message: err.message });
}

export function sendHtml(res: ServerResponse, status: number, title: string, bodyHtml: string, extra: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${bodyHtml}</body></html>\n`;
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    Server: 'nginx',
    ...extra,
  });
  res.end(text);
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Thrown when a request body stops arriving: the connection is cut, there is nobody to answer. */
class BodyTimeoutError extends Error {
  constructor(idleMs: number) {
    super(`no request body bytes for ${idleMs} ms`);
  }
}

/**
 * Cuts the connection when no body byte arrives for `idleMs` (a partial body must not hold a connection
 * and its partial file forever). Returns a function that disarms the guard once the body is read.
 */
export function guardBodyIdle(req: IncomingMessage, idleMs: number, onTimeout: () => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      req.off('data', arm);
      onTimeout();
      req.destroy(new BodyTimeoutError(idleMs));
    }, idleMs);
  };
  const disarm = () => {
    clearTimeout(timer);
    req.off('data', arm);
  };
  req.on('data', arm);
  req.once('end', disarm);
  req.once('close', disarm);
  arm();
  return disarm;
}

/** Reads a small body (at most 1 MiB) as text; one that stalls for `idleMs` cuts the connection. */
export async function readSmallBody(req: IncomingMessage, idleMs: number, onTimeout: () => void): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  const disarm = guardBodyIdle(req, idleMs, onTimeout);
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > MAX_JSON_BODY) throw new ApiError('Invalid request: the body is larger than 1 MiB #701');
      chunks.push(chunk);
    }
  } finally {
    disarm();
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads the whole (small) JSON body. Empty body = `{}` (rclone sends user/info with no body). A body that
 * stalls for `idleMs` cuts the connection (`onTimeout` counts it).
 */
export async function readJsonObject(req: IncomingMessage, idleMs: number, onTimeout: () => void): Promise<Record<string, unknown>> {
  const text = (await readSmallBody(req, idleMs, onTimeout)).trim();
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw Errors.invalidJson();
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw Errors.invalidJson();
  return value as Record<string, unknown>;
}

/** Swallows a request body we are not going to read, so the connection stays usable. */
export function drain(req: IncomingMessage): void {
  req.resume();
  req.on('error', () => undefined);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Errors that only mean the caller went away (or stalled and was cut): nothing to answer, nothing to log. */
export function isClientGone(e: unknown): boolean {
  if (e instanceof BodyTimeoutError) return true;
  const err = e as { code?: unknown; message?: unknown } | null;
  return (
    (typeof err?.code === 'string' && ['ECONNRESET', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE', 'ECONNABORTED'].includes(err.code)) ||
    err?.message === 'aborted'
  );
}

/**
 * Host header of a loopback caller: 127.x.y.z, localhost or [::1], with or without a port. Anything else
 * on an admin route is a page that rebound its own name to 127.0.0.1 (DNS rebinding).
 */
export function isLoopbackHostHeader(host: string | undefined): boolean {
  return /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d{1,5})?$/i.test(host ?? '');
}

/** `Authorization: Bearer <key>` → key. */
export function bearerKey(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1] : '';
}
