/** Upload sources from the file system and from Node streams. */
import { promises as fsp, type Stats } from 'node:fs';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { OneFichierError } from '../errors';
import type { Reason } from '../reasons';
import { iterableSource } from '../sources';
import type { BufferReuse } from '../lending';
import type { UploadSource } from '../types';

/**
 * A file on disk: stat now (missing file, directory and empty file fail here with a clear error), read in
 * 1 MiB chunks on each open(), so a failed upload can be sent again.
 */
export async function fileSource(path: string, opts: { name?: string } = {}): Promise<UploadSource> {
  let stat;
  try {
    stat = await fsp.stat(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new OneFichierError({
      kind: code === 'ENOENT' ? 'not_found' : 'invalid_input',
      message: code === 'ENOENT' ? `Local file not found: ${path}` : `Cannot read local file ${path} (${code ?? 'error'}).`,
      hint: code === 'ENOENT' ? 'Check the path.' : 'Check the file permissions.',
      details: { why: { code: 'unreadable', error: code ?? 'error' } satisfies Reason },
    });
  }
  if (!stat.isFile())
    throw new OneFichierError({
      kind: 'invalid_input',
      message: `${path} is not a regular file.`,
      hint: 'Upload the files inside a folder one by one, or pick a file.',
      details: { why: { code: 'not_regular_file' } satisfies Reason },
    });
  const size = stat.size;
  const name = opts.name ?? basename(path);
  if (size === 0)
    throw new OneFichierError({
      kind: 'empty_file',
      message: `"${name}" is empty (0 bytes); 1fichier does not accept empty files.`,
      details: { why: { code: 'empty_file' } satisfies Reason },
    });
  return statedFileSource(path, name, size, stat.mtimeMs);
}

const CHUNK_BYTES = 1 << 20;
/** Buffers a lending read cycles through: the one being read, the one being sent, and slack for the OS's copy. */
const RING_SLOTS = 4;

/**
 * A file whose size (and modification time, when given) is known already (a folder walk stats every entry):
 * read in 1 MiB chunks on each open(). The file must still be the one measured, when it is opened and once
 * its bytes are read; otherwise the upload stops with an `integrity` error, so a file saved while it waits
 * (a sync preview) or while it is sent is never stored cut or mixed. When the consumer lends
 * (src/lending.ts), the chunks cycle through four buffers; otherwise each is new.
 */
export function statedFileSource(path: string, name: string, size: number, mtimeMs?: number): UploadSource {
  const measured: Measured = { path, name, size, ...(mtimeMs !== undefined ? { mtimeMs } : {}) };
  return { name, size, reopenable: true, open: (reuse) => readMeasured(measured, reuse) };
}

/** A file as it was measured before its upload. */
interface Measured {
  path: string;
  name: string;
  size: number;
  mtimeMs?: number;
}

/**
 * Reads the measured file's `size` bytes, checked against its measure when opened and after the last byte
 * (grown, shrunk or rewritten in between). With `reuse`, into a ring of buffers, refilling one only once its
 * previous bytes are settled.
 */
async function* readMeasured(measured: Measured, reuse: BufferReuse | undefined): AsyncGenerator<Uint8Array> {
  const { size } = measured;
  const file = await fsp.open(measured.path, 'r');
  try {
    checkUnchanged(measured, await file.stat());
    const slots = reuse ? Array.from({ length: RING_SLOTS }, () => Buffer.allocUnsafeSlow(CHUNK_BYTES)) : [];
    // The source offset just past each slot's current bytes: refilling waits until the transport is done with them.
    const slotEnds = new Array<number>(RING_SLOTS).fill(0);
    let position = 0;
    for (let n = 0; position < size; n++) {
      const slot = n % RING_SLOTS;
      if (reuse) await reuse.settled(slotEnds[slot]!);
      const buffer = reuse ? slots[slot]! : Buffer.allocUnsafe(Math.min(CHUNK_BYTES, size - position));
      const { bytesRead } = await file.read(buffer, 0, Math.min(CHUNK_BYTES, size - position), position);
      // The file shrank: the check below says so.
      if (bytesRead === 0) break;
      position += bytesRead;
      slotEnds[slot] = position;
      yield buffer.subarray(0, bytesRead);
    }
    // Before the request can end: bytes past the size or a write during the send make it another file.
    checkUnchanged(measured, await file.stat());
  } finally {
    await file.close();
  }
}

/** Throws when the open file is no longer the one measured: another size, or another modification time. */
function checkUnchanged(measured: Measured, now: Stats): void {
  const what =
    now.size !== measured.size
      ? `${measured.size} bytes when measured, ${now.size} now`
      : measured.mtimeMs !== undefined && now.mtimeMs !== measured.mtimeMs
        ? 'it was modified'
        : undefined;
  if (what === undefined) return;
  throw new OneFichierError({
    kind: 'integrity',
    endpoint: 'upload.cgi',
    message: `"${measured.name}" changed while it was being sent (${what}); it was not stored, and a copy it replaces stays.`,
    hint: 'Run the upload or sync again once the file is saved: it is then sent as it is.',
    details: { changedFile: measured.name },
  });
}

/** A Node readable of known size (one-shot: not retried after a failed POST). */
export function readableSource(name: string, size: number, stream: Readable): UploadSource {
  return iterableSource(name, size, stream as AsyncIterable<Uint8Array>);
}
