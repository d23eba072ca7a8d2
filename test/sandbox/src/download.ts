import * as fs from 'fs';
import type { IncomingMessage, ServerResponse } from 'http';
import { pipeline } from 'stream/promises';
import { Errors } from './errors';
import type { SandboxCore } from './core';
import { drain, isClientGone, sleep } from './http-util';
import { normaliseIp } from './util';

/**
 * The download host: `GET /<token>` serves the stored bytes. Tokens expire, are bound to the IP that asked
 * for them (#887 from anywhere else), are single-use with `single: 1`, and honour one `Range`.
 */
export async function handleDownload(core: SandboxCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  drain(req);
  core.count('download');
  if (core.faults.slowMs > 0) await sleep(core.faults.slowMs);
  if (req.method !== 'GET' && req.method !== 'HEAD') throw Errors.methodNotAllowed();
  const token = decodeURIComponent(new URL(req.url ?? '/', 'http://dl').pathname.slice(1));
  const t = core.store.tokens.get(token);
  if (!t || t.expiresAt <= core.now()) throw Errors.tokenInvalid();
  if (normaliseIp(req.socket.remoteAddress) !== t.ip) throw Errors.oneLocation();
  if (t.single && t.used) throw Errors.tokenInvalid();
  const file = core.store.files.get(t.fileId);
  if (!file) throw Errors.fileNotFound();

  const size = file.size;
  let start = 0;
  let end = size - 1;
  let status = 200;
  const range = req.headers.range;
  if (range !== undefined) {
    const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
    const valid = m && (m[1] !== '' || m[2] !== '');
    if (valid) {
      if (m[1] === '') {
        start = Math.max(0, size - Number(m[2]));
      } else {
        start = Number(m[1]);
        if (m[2] !== '') end = Math.min(end, Number(m[2]));
      }
    }
    if (!valid || start > end || start >= size) {
      res.writeHead(416, { 'Content-Range': `bytes */${size}`, 'Content-Length': 0 });
      res.end();
      return;
    }
    status = 206;
  }
  // Opened before answering: bytes that vanished are an internal error answered 500, not a cut 200.
  const handle = await fs.promises.open(core.store.blobPath(file.id), 'r');
  if (t.single && req.method === 'GET') {
    t.used = true;
    core.store.save();
  }
  const headers: Record<string, string | number> = {
    'Content-Type': file.contentType,
    'Content-Length': end - start + 1,
    'Accept-Ranges': 'bytes',
    'Content-Disposition': `${t.inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    Server: 'nginx',
  };
  if (status === 206) headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
  res.writeHead(status, headers);
  if (req.method === 'HEAD') {
    await handle.close();
    res.end();
    return;
  }
  await pipeline(handle.createReadStream({ start, end }), res).catch((e: unknown) => {
    if (!isClientGone(e)) core.internalError('download', e);
    res.destroy();
  });
}
