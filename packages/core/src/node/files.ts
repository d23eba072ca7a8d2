/** Upload sources from the file system and from Node streams. */
import { createReadStream, promises as fsp } from 'node:fs';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { OneFichierError } from '../errors';
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
    });
  }
  if (!stat.isFile())
    throw new OneFichierError({
      kind: 'invalid_input',
      message: `${path} is not a regular file.`,
      hint: 'Upload the files inside a folder one by one, or pick a file.',
    });
  const size = stat.size;
  const name = opts.name ?? basename(path);
  if (size === 0)
    throw new OneFichierError({ kind: 'empty_file', message: `"${name}" is empty (0 bytes); 1fichier does not accept empty files.` });
  return statedFileSource(path, name, size);
}

const CHUNK_BYTES = 1 << 20;
/** Buffers a lending read cycles through: the one being read, the one being sent, and slack for the OS's copy. */
const RING_SLOTS = 4;

/**
 * A file whose size is known already (a folder walk stats every entry): read in 1 MiB chunks on each
 * open(). When the consumer lends (src/lending.ts), the chunks cycle through four buffers; otherwise each
 * is new.
 */
export function statedFileSource(path: string, name: string, size: number): UploadSource {
  return {
    name,
    size,
    reopenable: true,
    open: (reuse) =>
      reuse
        ? readIntoRing(path, size, reuse)
        : (createReadStream(path, { highWaterMark: CHUNK_BYTES, start: 0, end: Math.max(0, size - 1) }) as AsyncIterable<Uint8Array>),
  };
}

/** Reads `size` bytes of `path` into a ring of buffers, refilling one only once its previous bytes are settled. */
async function* readIntoRing(path: string, size: number, reuse: BufferReuse): AsyncGenerator<Uint8Array> {
  const file = await fsp.open(path, 'r');
  try {
    const slots = Array.from({ length: RING_SLOTS }, () => Buffer.allocUnsafeSlow(CHUNK_BYTES));
    // The source offset just past each slot's current bytes: refilling waits until the transport is done with them.
    const slotEnds = new Array<number>(RING_SLOTS).fill(0);
    let position = 0;
    for (let n = 0; position < size; n++) {
      const slot = n % RING_SLOTS;
      await reuse.settled(slotEnds[slot]!);
      const buffer = slots[slot]!;
      const { bytesRead } = await file.read(buffer, 0, Math.min(CHUNK_BYTES, size - position), position);
      // A file that shrank since it was measured: the multipart encoder reports the short count.
      if (bytesRead === 0) return;
      position += bytesRead;
      slotEnds[slot] = position;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await file.close();
  }
}

/** A Node readable of known size (one-shot: not retried after a failed POST). */
export function readableSource(name: string, size: number, stream: Readable): UploadSource {
  return iterableSource(name, size, stream as AsyncIterable<Uint8Array>);
}
