/** Upload sources from the file system and from Node streams. */
import { createReadStream, promises as fsp } from 'node:fs';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { OneFichierError } from '../errors';
import { iterableSource } from '../sources';
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

/** A file whose size is known already (a folder walk stats every entry): read in 1 MiB chunks on each open(). */
export function statedFileSource(path: string, name: string, size: number): UploadSource {
  return {
    name,
    size,
    reopenable: true,
    open: () => createReadStream(path, { highWaterMark: 1 << 20, start: 0, end: Math.max(0, size - 1) }) as AsyncIterable<Uint8Array>,
  };
}

/** A Node readable of known size (one-shot: not retried after a failed POST). */
export function readableSource(name: string, size: number, stream: Readable): UploadSource {
  return iterableSource(name, size, stream as AsyncIterable<Uint8Array>);
}
