import * as fs from 'fs';
import type { IncomingMessage, ServerResponse } from 'http';
import { pipeline } from 'stream/promises';
import type { Readable } from 'stream';
import busboy from 'busboy';
import { createWhirlpool } from 'hash-wasm';
import { ApiError, Errors } from './errors';
import type { SandboxCore, User } from './core';
import { drain, escapeHtml, guardBodyIdle, sendHtml, sendJson, sendKo, sleep } from './http-util';
import { checkName, contentTypeFor } from './names';
import { fileUrl } from './util';

/** Form fields the doc lists for upload.cgi besides `file[]`; anything else is a KO. */
const KNOWN_FIELDS = new Set(['did', 'mail', 'user', 'pass', 'domain', 'dpass', 'mails', 'message']);
/** Doc: 500 GB per upload request. */
const MAX_REQUEST_BYTES = 500e9;

interface ReceivedFile {
  filename: string;
  tmpPath: string;
  size: number;
  whirlpool: string;
}

/**
 * The node's refusal pages: HTTP 200, French whatever the language, the message in the first non-empty
 * `<div class="bloc2">` (CSUploader 6267edb, fixtures DestinationErrorHtml and NoFileFoundHtml, trimmed from
 * the live node). The second text is entity-encoded, as a page may send it.
 */
const REFUSAL_PAGES = {
  destination: 'Ne peut ouvrir le fichier destination',
  noFile: 'Pas de fichier trouv&eacute; dans l&#39;envoi',
} as const;

function sendRefusalPage(core: SandboxCore, res: ServerResponse, cause: string, message: string): void {
  core.counters.nodePages[cause] = (core.counters.nodePages[cause] ?? 0) + 1;
  sendHtml(
    res,
    200,
    '1fichier.com: Cloud Storage',
    `<div class="bloc1"><a href="https://1fichier.com/">1fichier.com</a></div><div class="bloc2"></div>` +
      `<div class="bloc2"><b>${message}</b></div><div class="bloc2"><a href="javascript:history.back()">Retour</a></div>`,
  );
}

/**
 * Watches the raw body for a part whose first header is not Content-Disposition: the live node then takes the
 * whole body as nothing and answers "Pas de fichier trouvé dans l'envoi" (CSUploader 2ae7101, an A/B test of
 * identical bytes with only the two headers swapped). busboy reads either order, so the order is read here.
 */
class PartHeadOrder {
  private readonly delimiter: Buffer;
  private carry = Buffer.alloc(0);
  misordered = false;

  constructor(boundary: string) {
    this.delimiter = Buffer.from(`--${boundary}\r\n`);
  }

  feed(chunk: Buffer): void {
    if (this.misordered) return;
    // A delimiter and the header name after it may straddle two chunks: the seam is read with the last bytes.
    const need = this.delimiter.length + 'content-disposition:'.length;
    this.scan(Buffer.concat([this.carry, chunk.subarray(0, need)]));
    this.scan(chunk);
    const tail = Buffer.concat([this.carry, chunk]);
    this.carry = tail.subarray(Math.max(0, tail.length - need));
  }

  private scan(bytes: Buffer): void {
    for (let at = bytes.indexOf(this.delimiter); at >= 0; at = bytes.indexOf(this.delimiter, at + 1)) {
      const head = bytes.subarray(at + this.delimiter.length, at + this.delimiter.length + 20).toString('latin1');
      if (head.length < 20 && 'content-disposition:'.startsWith(head.toLowerCase())) continue; // cut short: the next read has it
      if (!/^content-disposition:/i.test(head)) this.misordered = true;
    }
  }
}

/** The upload node: `POST /upload.cgi?id=<id>` and `GET /end.pl?xid=<id>`. */
export async function handleUploadNode(core: SandboxCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://node');
  if (url.pathname === '/upload.cgi') core.count('node:upload.cgi');
  if (url.pathname === '/end.pl') core.count('node:end.pl');
  if (core.faults.slowMs > 0) await sleep(core.faults.slowMs);
  if (url.pathname === '/upload.cgi') {
    if (req.method !== 'POST') {
      drain(req);
      throw Errors.methodNotAllowed();
    }
    return receiveUpload(core, url.searchParams.get('id') ?? '', req, res);
  }
  if (url.pathname === '/end.pl') {
    drain(req);
    if (req.method !== 'GET' && req.method !== 'POST') throw Errors.methodNotAllowed();
    return endPl(core, url.searchParams.get('xid') ?? '', req, res);
  }
  drain(req);
  sendHtml(res, 404, 'Not found', '<h1>404 Not Found</h1>');
}

async function receiveUpload(core: SandboxCore, id: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let user: User;
  try {
    user = core.authenticate(req);
    const upload = core.store.uploads.get(id);
    if (!/^[A-Za-z0-9]{10}$/.test(id) || !upload) throw Errors.uploadIdInvalid();
    if (upload.usedAt !== null) throw Errors.uploadIdUsed();
    const lengthHeader = req.headers['content-length'];
    if (lengthHeader === undefined || req.headers['transfer-encoding'] !== undefined) throw Errors.lengthRequired();
    if (Number(lengthHeader) > MAX_REQUEST_BYTES) throw Errors.fileTooLarge();
    const ct = req.headers['content-type'] ?? '';
    if (!/^multipart\/form-data;\s*boundary=[^"\s;]+\s*$/i.test(ct)) {
      throw new ApiError('Content-Type must be multipart/form-data with an unquoted boundary #734');
    }
    // Single-use from the first byte on: a retry after a failure needs a fresh get_upload_server.
    upload.usedAt = core.now();
    core.store.save();
  } catch (e) {
    drain(req);
    throw e;
  }
  const upload = core.store.uploads.get(id)!;
  const contentLength = Number(req.headers['content-length']);

  const received: ReceivedFile[] = [];
  const writes: Promise<void>[] = [];
  const fields = new Map<string, string>();
  const partStreams: Readable[] = [];
  let failure: ApiError | undefined;
  const fail = (e: ApiError) => {
    failure ??= e;
  };

  const boundary = /boundary=([^"\s;]+)/i.exec(req.headers['content-type'] ?? '')![1]!;
  const headOrder = new PartHeadOrder(boundary);

  const resetAfter = core.faults.uploadResets > 0 ? Math.max(1, Math.floor(contentLength / 2)) : Infinity;
  if (resetAfter !== Infinity) core.faults.uploadResets--;
  let seen = 0;
  let reset = false;

  const bb = busboy({
    headers: req.headers,
    defParamCharset: 'utf8',
    // Keep the name as sent: busboy would otherwise cut it at a \ or / (and hide a reserved character).
    preservePath: true,
    limits: { fields: 50, fieldSize: 64 * 1024, files: 500, parts: 600 },
  });

  bb.on('field', (name, value) => {
    if (!KNOWN_FIELDS.has(name)) fail(Errors.unknownField(name));
    else fields.set(name, value);
  });
  bb.on('file', (name, stream: Readable, info) => {
    if (name !== 'file[]') {
      fail(Errors.unknownField(name));
      stream.resume();
      return;
    }
    try {
      checkName(info.filename ?? '');
    } catch (e) {
      fail(e as ApiError);
      stream.resume();
      return;
    }
    const tmpPath = core.store.newTmpPath();
    const entry: ReceivedFile = { filename: info.filename ?? '', tmpPath, size: 0, whirlpool: '' };
    partStreams.push(stream);
    // Destroyed on an aborted upload; the error is handled through `writes`, never as an 'error' event.
    stream.on('error', () => undefined);
    received.push(entry);
    writes.push(storeStream(stream, tmpPath, core.options.maxFileSize, entry, core.options.hashUploads));
  });
  bb.on('filesLimit', () => fail(Errors.tooMany(500)));

  let malformed = false;
  const parsed = new Promise<void>((resolve, reject) => {
    bb.on('close', resolve);
    bb.on('error', (e: unknown) => {
      malformed = true;
      reject(e);
    });
    req.on('aborted', () => reject(new Error('aborted')));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new Error('aborted'));
    });
  });
  req.on('data', (chunk: Buffer) => {
    headOrder.feed(chunk);
    seen += chunk.length;
    if (!reset && seen >= resetAfter) {
      // The "connection reset in the middle of an upload" fault: nothing of this upload is kept.
      reset = true;
      core.counters.uploadResets++;
      req.unpipe(bb);
      req.socket.destroy();
    }
  });
  // A body that stops arriving is cut; the 'close' below then ends the parse and the pieces are deleted.
  guardBodyIdle(req, core.options.bodyIdleTimeoutMs, () => core.counters.bodyTimeouts++);
  req.pipe(bb);

  const cleanup = () => {
    for (const f of received) fs.rmSync(f.tmpPath, { force: true });
  };
  try {
    await parsed;
    const results = await Promise.allSettled(writes);
    for (const r of results) if (r.status === 'rejected') fail(r.reason instanceof ApiError ? r.reason : Errors.uploadIncomplete());
  } catch {
    // The body ended early: end the open parts so their disk writes settle, then drop the pieces.
    for (const p of partStreams) p.destroy();
    await Promise.allSettled(writes);
    cleanup();
    if (!reset && !res.headersSent) {
      drain(req);
      sendKo(res, malformed ? Errors.malformedMultipart() : Errors.uploadIncomplete());
    }
    return;
  }
  if (reset) {
    cleanup();
    return;
  }
  // The node's HTTP 200 refusals: the body was read, nothing is stored, the upload id stays without a result.
  const refusal: [string, string] | undefined = headOrder.misordered
    ? ['contentTypeFirst', REFUSAL_PAGES.noFile]
    : takeNodeFault(core, 'nodeCannotOpenDestination')
      ? ['nodeCannotOpenDestination', REFUSAL_PAGES.destination]
      : takeNodeFault(core, 'nodeNoFileFound')
        ? ['nodeNoFileFound', REFUSAL_PAGES.noFile]
        : undefined;
  if (refusal) {
    cleanup();
    return sendRefusalPage(core, res, ...refusal);
  }
  if (!failure && received.length === 0) fail(Errors.noFile());
  if (!failure && received.some((f) => f.size === 0)) fail(Errors.emptyFile());
  const domain = fields.get('domain');
  if (!failure && domain !== undefined && !/^(10|[0-9])$/.test(domain)) fail(Errors.wrongType('domain', 'a domain id from 0 to 10'));
  const dpass = fields.get('dpass');
  if (!failure && dpass !== undefined && dpass !== '' && dpass.length < 6) fail(Errors.passwordTooShort());
  if (failure) {
    cleanup();
    throw failure;
  }

  // Doc: an invalid `did` stores the file at the account root.
  const didText = fields.get('did') ?? '0';
  const did = /^\d{1,15}$/.test(didText) ? Number(didText) : 0;
  const folder = core.store.folders.get(did);
  const folderId = folder && folder.owner === user.id ? did : 0;

  const now = core.now();
  for (const f of received) {
    const fileId = core.newFileId();
    core.addFile(
      {
        id: fileId,
        owner: user.id,
        folderId,
        filename: f.filename,
        size: f.size,
        whirlpool: f.whirlpool,
        contentType: contentTypeFor(f.filename),
        createdAt: now,
        pass: dpass ? dpass : null,
        description: '',
        inline: 0,
        noSsl: 0,
        cdn: 0,
        acl: { ip: [], country: [], email: [], premium: 0 },
        ...(domain !== undefined && domain !== '0' ? { domain: Number(domain) } : {}),
      },
      f.tmpPath,
    );
    upload.files.push({ fileId, filename: f.filename, size: f.size, whirlpool: f.whirlpool });
  }
  upload.completedAt = now;
  core.counters.uploadsCompleted++;
  core.store.save();
  core.countMutation('upload.cgi');
  if (core.takeLostAnswer('upload.cgi')) return core.loseAnswer(req, res);
  const location = `/end.pl?xid=${id}`;
  sendHtml(res, 302, 'Upload finished', `<p>Upload finished. <a href="${escapeHtml(location)}">Results</a></p>`, { Location: location });
}

function takeNodeFault(core: SandboxCore, name: 'nodeCannotOpenDestination' | 'nodeNoFileFound'): boolean {
  if (core.faults[name] <= 0) return false;
  core.faults[name]--;
  return true;
}

/** Streams one part to disk, hashing as it goes (unless `hash` is off): the bytes are never held in memory. */
async function storeStream(stream: Readable, tmpPath: string, maxSize: number, entry: ReceivedFile, hash: boolean): Promise<void> {
  const hasher = hash ? await createWhirlpool() : undefined;
  hasher?.init();
  let tooLarge = false;
  await pipeline(
    stream,
    async function* (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        entry.size += chunk.length;
        // Past the limit, keep reading (busboy stalls if a part stops being consumed) but stop writing.
        if (entry.size > maxSize) tooLarge = true;
        if (tooLarge) continue;
        hasher?.update(chunk);
        yield chunk;
      }
    },
    fs.createWriteStream(tmpPath, { highWaterMark: 1 << 20 }),
  ).catch((e: unknown) => {
    stream.resume();
    throw e;
  });
  if (tooLarge) throw Errors.fileTooLarge();
  entry.whirlpool = hasher ? hasher.digest('hex') : '';
}

async function endPl(core: SandboxCore, xid: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // Header names are case-insensitive (Go sends `Json: 1`); Node lower-cases them.
  const wantsJson = req.headers['json'] === '1' || req.headers['json'] === '2';
  const upload = core.store.uploads.get(xid);
  const now = core.now();
  if (!upload || upload.completedAt === null || upload.completedAt + core.options.endPlTtlMs < now) {
    // The only answer on record for "no file received" is this French HTML page; what the service does
    // with `JSON: 1` here is unknown, so the page is served either way.
    return sendHtml(res, 200, 'Pas de fichier', '<p>Pas de fichier</p>');
  }
  if (now < upload.completedAt + core.faults.endPlWaitMs) {
    core.counters.endPlWaitPages++;
    return sendHtml(res, 200, 'Veuillez patienter', '<p>Please wait while your files are being processed... / Veuillez patienter</p>', {
      Refresh: '5',
    });
  }
  const links = upload.files.map((f) => ({
    download: fileUrl(f.fileId, core.store.files.get(f.fileId)?.domain),
    filename: f.filename,
    remove: '',
    size: String(f.size),
    whirlpool: f.whirlpool,
  }));
  if (wantsJson) {
    if (core.faults.endPlNoLinks > 0) {
      core.faults.endPlNoLinks--;
      core.counters.endPlNoLinks++;
      return sendJson(res, 200, { incoming: 0, links: [] });
    }
    return sendJson(res, 200, { incoming: 0, links }, req.headers['json'] === '2');
  }
  const rows = links
    .map(
      (l) =>
        `<tr><td class="normal"><a href="${escapeHtml(l.download)}">${escapeHtml(l.filename)}</a></td><td>${l.size}</td><td>${l.whirlpool}</td></tr>`,
    )
    .join('');
  sendHtml(res, 200, 'Upload finished', `<table class="premium"><tr><th>File</th><th>Size</th><th>Whirlpool</th></tr>${rows}</table>`);
}
