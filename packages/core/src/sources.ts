/** Upload sources that need no file system (the Node entry adds fileSource). */
import { OneFichierError } from './errors';
import type { UploadSource } from './types';

/** Bytes already in memory (small files, tests); re-openable. */
export function bytesSource(name: string, data: Uint8Array, chunkSize = 1 << 20): UploadSource {
  return {
    name,
    size: data.length,
    reopenable: true,
    async *open() {
      for (let i = 0; i < data.length; i += chunkSize) yield data.subarray(i, Math.min(i + chunkSize, data.length));
    },
  };
}

/**
 * A one-shot stream of known size (an n8n binary stream, an HTTP body). Not re-openable: an upload whose
 * POST failed is not retried with it; opening it twice is an error.
 */
export function iterableSource(name: string, size: number, chunks: AsyncIterable<Uint8Array>): UploadSource {
  let opened = false;
  return {
    name,
    size,
    reopenable: false,
    open() {
      if (opened) {
        throw new OneFichierError({
          kind: 'invalid_input',
          message: `The stream of "${name}" was already read; it cannot be sent twice.`,
          hint: 'Upload from a file path or a buffer to allow safe retries.',
        });
      }
      opened = true;
      return chunks;
    },
  };
}
