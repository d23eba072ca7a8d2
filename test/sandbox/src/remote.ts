import * as fs from 'fs';
import * as http from 'http';
import type { IncomingMessage } from 'http';
import { pipeline } from 'stream/promises';
import { createWhirlpool } from 'hash-wasm';
import type { SandboxCore } from './core';
import type { RemoteJobRecord, RemoteResult } from './state';
import { checkName, contentTypeFor } from './names';
import { fileUrl, isLoopbackHost } from './util';

const MAX_REDIRECTS = 5;

/** Fetches a remote-upload job's URLs one by one (loopback only: this machine has no internet). */
export async function runRemoteJob(core: SandboxCore, job: RemoteJobRecord): Promise<void> {
  const results: RemoteResult[] = [];
  for (const url of job.urls) {
    try {
      const fileId = await fetchInto(core, job, url);
      results.push({ status: 'OK', url, download_link: fileUrl(fileId), message: '' });
    } catch (e) {
      results.push({ status: 'KO', url, download_link: '', message: e instanceof Error ? e.message : String(e) });
    }
  }
  job.results = results;
  job.executedAt = core.now();
  core.store.save();
}

function get(url: URL, headers: Record<string, string>): Promise<IncomingMessage> {
  if (url.protocol !== 'http:') return Promise.reject(new Error(`Unsupported scheme ${url.protocol} (the sandbox fetches plain http on loopback)`));
  if (!isLoopbackHost(url.hostname)) return Promise.reject(new Error(`Refused non-loopback host ${url.hostname}`));
  return new Promise((resolve, reject) => {
    const r = http.get(url, { headers, timeout: 30_000 }, resolve);
    r.on('timeout', () => r.destroy(new Error('Timed out')));
    r.on('error', reject);
  });
}

async function fetchInto(core: SandboxCore, job: RemoteJobRecord, url: string): Promise<string> {
  let target = new URL(url);
  let res = await get(target, job.headers);
  for (let i = 0; res.statusCode && res.statusCode >= 300 && res.statusCode < 400 && res.headers.location; i++) {
    res.resume();
    if (i >= MAX_REDIRECTS) throw new Error('Too many redirects');
    target = new URL(res.headers.location, target);
    res = await get(target, job.headers);
  }
  if (res.statusCode !== 200) {
    res.resume();
    throw new Error(`The remote server answered HTTP ${res.statusCode}`);
  }
  const filename = filenameOf(res, target);
  checkName(filename);
  const tmpPath = core.store.newTmpPath();
  const hasher = await createWhirlpool();
  hasher.init();
  let size = 0;
  try {
    await pipeline(
      res,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
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
  core.addFile({
    id, owner: job.owner, folderId, filename, size, whirlpool: hasher.digest('hex'), contentType: contentTypeFor(filename),
    createdAt: core.now(), pass: null, description: '', inline: 0, noSsl: 0, cdn: 0, acl: { ip: [], country: [], email: [], premium: 0 },
  }, tmpPath);
  core.store.save();
  return id;
}

function filenameOf(res: IncomingMessage, url: URL): string {
  const cd = res.headers['content-disposition'] ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star) return decodeURIComponent(star[1]!.trim());
  const plain = /filename="([^"]*)"/i.exec(cd) ?? /filename=([^;]+)/i.exec(cd);
  if (plain && plain[1]!.trim()) return plain[1]!.trim();
  const last = decodeURIComponent(url.pathname.split('/').pop() ?? '');
  return last || 'download';
}
