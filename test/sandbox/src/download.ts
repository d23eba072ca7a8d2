import * as fs from 'fs';
import type { IncomingMessage, ServerResponse } from 'http';
import { pipeline } from 'stream/promises';
import { Errors } from './errors';
import type { SandboxCore } from './core';
import { drain, escapeHtml, isClientGone, sendHtml, sleep } from './http-util';
import { normaliseIp } from './util';

/** The file is read and sent in chunks of this size. */
const SERVE_CHUNK_BYTES = 1024 * 1024;

/** What the `downloadOverlong` fault sends past the file's end at most: a client that never stops still ends. */
const OVERLONG_EXTRA_BYTES = 32 * 1024 * 1024;

/**
 * HTML pages the download host can answer instead of the file (JDownloader OneFichierCom.java
 * errorHandlingWebsite looks for these phrases after opening an API token URL), with their HTTP status.
 */
const HTML_PAGES = {
  downloadTooFast: { status: 200, title: '1fichier.com: Cloud Storage', text: 'Your requests are too fast. Please wait a few minutes.' },
  downloadIpLocked: { status: 200, title: '1fichier.com: Cloud Storage', text: 'IP Locked. Please wait before downloading again.' },
  downloadMaintenance: { status: 503, title: 'Maintenance', text: 'Our services are in maintenance. Please come back after.' },
  downloadVpnRefused: {
    status: 403,
    title: '1fichier.com: Cloud Storage',
    text: 'Premium status is only allowed to be used on residential internet connections. You may use CDN credits to download from a VPN or a data centre.',
  },
} as const;

/** Takes one use of the first download-host fault that is on: an HTML page, or a redirect to the second host. */
function takeDownloadFault(core: SandboxCore): keyof typeof HTML_PAGES | 'downloadRedirects' | undefined {
  for (const name of [...(Object.keys(HTML_PAGES) as (keyof typeof HTML_PAGES)[]), 'downloadRedirects'] as const) {
    if (core.faults[name] > 0) {
      core.faults[name]--;
      core.counters.downloadPages[name] = (core.counters.downloadPages[name] ?? 0) + 1;
      return name;
    }
  }
  return undefined;
}

/** `Content-Disposition` as the sandbox sends it (RFC 5987), or raw UTF-8 bytes in `filename="…"` (quotedFilename). */
function contentDisposition(core: SandboxCore, inline: boolean, filename: string): string {
  const kind = inline ? 'inline' : 'attachment';
  if (!core.faults.quotedFilename) return `${kind}; filename*=UTF-8''${encodeURIComponent(filename)}`;
  core.noteBehaviour('quotedFilename');
  // Node writes header strings as latin1: the UTF-8 bytes go on the wire unchanged, as Gizmo091's regex reads them.
  return `${kind}; filename="${Buffer.from(filename, 'utf8').toString('latin1')}"`;
}

/**
 * A download host: `GET /<token>` serves the stored bytes. Tokens expire, are bound to the IP that asked
 * for them (#887 from anywhere else), are single-use with `single: 1`, and honour one `Range`. The second
 * host (`download2`) is where the `downloadRedirects` fault sends a client; it serves the same tokens.
 */
export async function handleDownload(
  core: SandboxCore,
  req: IncomingMessage,
  res: ServerResponse,
  host: 'download' | 'download2',
): Promise<void> {
  drain(req);
  core.count(host);
  if (core.faults.slowMs > 0) await sleep(core.faults.slowMs);
  if (req.method !== 'GET' && req.method !== 'HEAD') throw Errors.methodNotAllowed();
  const token = decodeURIComponent(new URL(req.url ?? '/', 'http://dl').pathname.slice(1));
  const t = core.store.tokens.get(token);
  if (!t || t.expiresAt <= core.now()) throw Errors.tokenInvalid();
  if (normaliseIp(req.socket.remoteAddress) !== t.ip) throw Errors.oneLocation();
  if (t.single && t.used) throw Errors.tokenInvalid();
  const file = core.store.files.get(t.fileId);
  if (!file) throw Errors.fileNotFound();
  // Faults: an HTML page instead of the file, or a redirect to the second host. The token stays usable.
  const fault = req.method === 'GET' ? takeDownloadFault(core) : undefined;
  if (fault === 'downloadRedirects') {
    res.writeHead(302, { Location: `${core.secondDownloadBaseUrl}/${token}`, 'Content-Length': 0, Server: 'nginx' });
    res.end();
    return;
  }
  if (fault !== undefined) {
    const page = HTML_PAGES[fault];
    return sendHtml(res, page.status, page.title, `<div class="bloc2"><p>${escapeHtml(page.text)}</p></div>`);
  }

  if (req.method === 'GET' && core.faults.downloadOverlong > 0) {
    core.faults.downloadOverlong--;
    core.counters.downloadPages.downloadOverlong = (core.counters.downloadPages.downloadOverlong ?? 0) + 1;
    return sendOverlong(core, res, core.store.blobPath(file.id), file.contentType);
  }

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
    // Before Content-Length, on purpose: once Node has seen a Content-Length it re-encodes a later
    // Content-Disposition as a latin1 Buffer and then refuses its bytes above 0x7f (ERR_INVALID_CHAR,
    // Node 20.20 _http_outgoing processHeader), so quotedFilename's raw UTF-8 name could not be sent.
    'Content-Disposition': contentDisposition(core, t.inline, file.filename),
    'Content-Type': file.contentType,
    'Content-Length': end - start + 1,
    'Accept-Ranges': 'bytes',
    Server: 'nginx',
  };
  if (status === 206) {
    headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
    core.counters.partialDownloads++;
  }
  res.writeHead(status, headers);
  // Not flushed on their own: Node 20.20 writes a header sent alone (flushHeaders) as UTF-8, which would
  // encode quotedFilename's bytes twice; sent with the first body Buffer it goes out as latin1, byte for byte.
  if (req.method === 'HEAD') {
    await handle.close();
    res.end();
    return;
  }
  // 1 MiB reads, not Node's 64 KiB: the real host is nginx (sendfile), and a stand-in that pays a thread-pool
  // round trip per 64 KiB caps every client's download on a 2-core machine (docs/benchmarks.md, transfer paths).
  await pipeline(handle.createReadStream({ start, end, highWaterMark: SERVE_CHUNK_BYTES }), res).catch((e: unknown) => {
    if (!isClientGone(e)) core.internalError('download', e);
    res.destroy();
  });
}

/**
 * The `downloadOverlong` fault: the whole file as a chunked answer (no Content-Length, so nothing tells the
 * client where it ends), then zeros past its end until the client stops or OVERLONG_EXTRA_BYTES went out.
 */
async function sendOverlong(core: SandboxCore, res: ServerResponse, blobPath: string, contentType: string): Promise<void> {
  res.writeHead(200, { 'Content-Type': contentType, Server: 'nginx' });
  async function* body(): AsyncGenerator<Buffer> {
    yield* fs.createReadStream(blobPath, { highWaterMark: SERVE_CHUNK_BYTES }) as AsyncIterable<Buffer>;
    const zeros = Buffer.alloc(SERVE_CHUNK_BYTES);
    for (let extra = 0; extra < OVERLONG_EXTRA_BYTES; extra += zeros.length) yield zeros;
  }
  await pipeline(body(), res).catch((e: unknown) => {
    if (!isClientGone(e)) core.internalError('download', e);
    res.destroy();
  });
}
