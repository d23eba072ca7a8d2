/**
 * Download to a file: the bytes go to `<dest>.part`, with a record of which file they are in
 * `<dest>.part.json`; a later call resumes the .part with Range only when that record proves it is the same
 * file (URL, size and, when known, checksum), and the .part is renamed to `dest` once complete and checked.
 * Every file-system step rejects cleanly, and the signal ends the call even while a write never returns.
 */
import { promises as fsp } from 'node:fs';
import { cancelledError, isOneFichierError, OneFichierError, throwIfAborted } from '../errors';
import type { OneFichierClient } from '../client';
import type { DownloadProgress, DownloadStream, KnownFile } from '../types';
import { raceAbort } from '../policy/pacer';
import { localFileError } from './local-errors';
import { PartWriter } from './part-writer';
import { partRecordFor, readResumablePart, writePartRecord } from './part-record';

export interface DownloadToFileOptions {
  password?: string;
  cdn?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
  /** Keep `<dest>.part` when cancelled so a later call resumes it (default: keep on failure, remove on cancel). */
  keepPartialOnCancel?: boolean;
  /** Start from scratch even if a resumable .part exists. */
  restart?: boolean;
  /** Replace an existing destination file (default false: refuse). */
  overwrite?: boolean;
  /** The file as a listing or file/info gave it: its Whirlpool is checked (unless verifyIntegrity is false). */
  file?: KnownFile;
  verifyIntegrity?: boolean;
}

export interface DownloadedFile {
  path: string;
  size: number;
  /** The Whirlpool the file was checked against, when it was. */
  checksum?: string;
}

export async function downloadToFile(
  client: OneFichierClient,
  url: string,
  dest: string,
  opts: DownloadToFileOptions = {},
): Promise<DownloadedFile> {
  const signal = opts.signal;
  throwIfAborted(signal, 'download');
  const part = `${dest}.part`;
  if (!opts.overwrite && (await exists(dest))) {
    throw new OneFichierError({
      kind: 'conflict',
      message: `${dest} already exists.`,
      hint: 'Choose another destination or allow overwriting.',
    });
  }
  const resumable = opts.restart ? undefined : await readResumablePart(part, url, opts.file);
  let start = resumable?.bytes ?? 0;
  let dl = await open(client, url, part, start, opts);
  if (start > 0 && dl.size !== resumable!.record.size) {
    // The host announces another size than the recorded one: the file changed, the .part is not its start.
    await dl.stream[Symbol.asyncIterator]().return?.();
    start = 0;
    dl = await open(client, url, part, 0, opts);
  }
  let writer: PartWriter | undefined;
  let written = start;
  try {
    if (start === 0) await raceAbort(writePartRecord(part, partRecordFor(url, dl.size, opts.file)), signal);
    writer = new PartWriter(part, start, signal);
    for await (const chunk of dl.stream) {
      const wait = writer.write(chunk);
      if (wait) await wait;
      written += chunk.length;
    }
    await writer.finish();
    if (dl.size !== undefined && written !== dl.size) {
      throw new OneFichierError({
        kind: 'integrity',
        message: `Downloaded ${written} bytes but the file has ${dl.size}; ${part} was kept.`,
        hint: 'Run the download again to resume it.',
      });
    }
    await raceAbort(fsp.rename(part, dest), signal);
    await fsp.rm(recordPath(part), { force: true });
  } catch (e) {
    const err = asError(e, part, signal);
    // The bytes received before a network failure go to the .part, so that the next call resumes after them.
    if (writer && err.kind !== 'cancelled' && err.kind !== 'integrity') await writer.finish().catch(() => undefined);
    writer?.abandon();
    await cleanUp(part, err, opts.keepPartialOnCancel === true);
    throw err;
  }
  return { path: dest, size: written, ...(dl.checksum ? { checksum: dl.checksum } : {}) };
}

/** The download from `start`, with the .part's first bytes for the Whirlpool check of a resumed file. */
function open(client: OneFichierClient, url: string, part: string, start: number, opts: DownloadToFileOptions): Promise<DownloadStream> {
  return client.download(url, {
    ...(opts.password ? { password: opts.password } : {}),
    ...(opts.cdn !== undefined ? { cdn: opts.cdn } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    ...(opts.file ? { file: opts.file } : {}),
    ...(opts.verifyIntegrity !== undefined ? { verifyIntegrity: opts.verifyIntegrity } : {}),
    ...(start > 0 ? { resumedBytes: () => readPrefix(part, start) } : {}),
    start,
  });
}

/** The first `bytes` of a file, in 1 MiB reads. */
async function* readPrefix(path: string, bytes: number): AsyncGenerator<Uint8Array> {
  const handle = await fsp.open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(Math.min(bytes, 1 << 20));
    for (let position = 0; position < bytes; ) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, bytes - position), position);
      if (bytesRead === 0) return;
      position += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

function recordPath(part: string): string {
  return `${part}.json`;
}

/** The error to report: the core's own, cancellation, or a file-system failure said plainly. */
function asError(e: unknown, part: string, signal: AbortSignal | undefined): OneFichierError {
  if (isOneFichierError(e)) return e;
  if (signal?.aborted) return cancelledError('download');
  return localFileError(e, part);
}

/**
 * After a failure: a cancelled download loses its .part unless asked to keep it, a file that is not the one
 * listed (integrity) always does, anything else keeps it with its record for a later resume.
 */
async function cleanUp(part: string, err: OneFichierError, keepOnCancel: boolean): Promise<void> {
  const drop = err.kind === 'integrity' && err.details?.expectedWhirlpool !== undefined ? true : err.kind === 'cancelled' && !keepOnCancel;
  if (!drop) return;
  // A .part that is a FIFO or on a hung file system must not hold the call: removal is best effort.
  await Promise.all([fsp.rm(part, { force: true }), fsp.rm(recordPath(part), { force: true })]).catch(() => undefined);
}

async function exists(p: string): Promise<boolean> {
  try {
    await fsp.stat(p);
    return true;
  } catch {
    return false;
  }
}
