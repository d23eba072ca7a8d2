import * as fs from 'fs';
import { Readable } from 'stream';
import { pipeline } from 'stream/promises';
import { createWhirlpool } from 'hash-wasm';
import type { SandboxCore } from './core';
import type { RemoteJobRecord, RemoteResult } from './state';
import { checkName, contentTypeFor } from './names';
import { fileUrl, isLoopbackHost } from './util';

const MAX_REDIRECTS = 5;
const IDLE_MS = 30_000;

/** Fetches a remote-upload job's URLs one by one (loopback only: this machine has no internet). */
export async function runRemoteJob(core: SandboxCore, job: RemoteJobRecord): Promise<void> {
  const results: RemoteResult[] = [];
  for (const url of job.urls) {
    try {
      const fileId = await fetchInto(core, job, url);
      results.push({ status: 'OK', url, download_link: fileUrl(fileId), message: '' });
    } catch (e) {
      results.push({ status: 'KO', url, download_link: '', message: describeError(e) });
    }
  }
  job.results = results;
  job.executedAt = core.now();
  core.store.save();
}

interface Fetched {
  status: number;
  headers: Headers;
  body: ReadableStream<Uint8Array> | null;
}

/**
 * One GET with fetch (not `http.get`: test mocks such as nock patch the shared `http` module of a jest
 * worker and leak into later test files), redirects handled here so every hop is checked for loopback.
 */
async function get(url: URL, headers: Record<string, string>, signal: AbortSignal): Promise<Fetched> {
  if (url.protocol !== 'http:') throw new Error(`Unsupported scheme ${url.protocol} (the sandbox fetches plain http on loopback)`);
  if (!isLoopbackHost(url.hostname)) throw new Error(`Refused non-loopback host ${url.hostname}`);
  const res = await fetch(url, { headers, redirect: 'manual', signal });
  return { status: res.status, headers: res.headers, body: res.body };
}

async function fetchInto(core: SandboxCore, job: RemoteJobRecord, url: string): Promise<string> {
  // Idle timeout: abort when no byte arrives for IDLE_MS (a slow but moving transfer is fine).
  const controller = new AbortController();
  let idle = setTimeout(() => controller.abort(new Error('Timed out')), IDLE_MS);
  const touch = () => {
    clearTimeout(idle);
    idle = setTimeout(() => controller.abort(new Error('Timed out')), IDLE_MS);
  };
  try {
    let target = new URL(url);
    let res = await get(target, job.headers, controller.signal);
    for (let i = 0; res.status >= 300 && res.status < 400 && res.headers.get('location'); i++) {
      await res.body?.cancel();
      if (i >= MAX_REDIRECTS) throw new Error('Too many redirects');
      target = new URL(res.headers.get('location')!, target);
      touch();
      res = await get(target, job.headers, controller.signal);
    }
    if (res.status !== 200 || !res.body) {
      await res.body?.cancel();
      throw new Error(`The remote server answered HTTP ${res.status}`);
    }
    const filename = filenameOf(res.headers.get('content-disposition') ?? '', target);
    checkName(filename);
    const tmpPath = core.store.newTmpPath();
    const hasher = await createWhirlpool();
    hasher.init();
    let size = 0;
    try {
      await pipeline(
        Readable.fromWeb(res.body as import('stream/web').ReadableStream<Uint8Array>),
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            touch();
            size += chunk.length;
            if (size > core.options.maxFileSize) throw new Error('File too large');
            hasher.update(chunk);
            yield chunk;
          }
        },
        fs.createWriteStream(tmpPath),
      );
      if (size === 0) throw new Error('Empty file');
    } catch (e) {
      fs.rmSync(tmpPath, { force: true });
      throw e;
    }
    // The destination folder may have been removed while we were fetching.
    const folder = core.store.folders.get(job.folderId);
    const folderId = folder && folder.owner === job.owner ? job.folderId : 0;
    const id = core.newFileId();
    core.addFile(
      {
        id,
        owner: job.owner,
        folderId,
        filename,
        size,
        whirlpool: hasher.digest('hex'),
        contentType: contentTypeFor(filename),
        createdAt: core.now(),
        pass: null,
        description: '',
        inline: 0,
        noSsl: 0,
        cdn: 0,
        acl: { ip: [], country: [], email: [], premium: 0 },
      },
      tmpPath,
    );
    core.store.save();
    return id;
  } finally {
    clearTimeout(idle);
  }
}

/** fetch says "fetch failed" and hides the reason in `cause`: bring the code out. */
function describeError(e: unknown): string {
  // Duck-typed: errors from fetch may come from another realm (jest), where instanceof Error fails.
  const err = e as { message?: unknown; cause?: { code?: string; message?: string } } | null;
  const message = typeof err?.message === 'string' ? err.message : String(e);
  const cause = err?.cause;
  return cause?.code ? `${message} (${cause.code})` : cause?.message ? `${message}: ${cause.message}` : message;
}

function filenameOf(cd: string, url: URL): string {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star) return decodeURIComponent(star[1]!.trim());
  const plain = /filename="([^"]*)"/i.exec(cd) ?? /filename=([^;]+)/i.exec(cd);
  if (plain && plain[1]!.trim()) return plain[1]!.trim();
  const last = decodeURIComponent(url.pathname.split('/').pop() ?? '');
  return last || 'download';
}
