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

/** Reads the whole (small) JSON body. Empty body = `{}` (rclone sends user/info with no body). */
export async function readJsonObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > MAX_JSON_BODY) throw new ApiError('Invalid request: the JSON body is larger than 1 MiB #701');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
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

/** `Authorization: Bearer <key>` → key. */
export function bearerKey(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1] : '';
}
