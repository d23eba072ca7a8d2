/**
 * What keeps a download's bytes exactly the file's bytes, across resumes: the total size the host announces
 * (Content-Range, else Content-Length), the bytes to drop when the host ignored Range and started again at
 * byte 0, the check that the body did not end early, and the Whirlpool of the whole file when the caller
 * knows the checksum (docs/api-notes.md#listings-and-dates: listings and file/info give it).
 */
import { invalidInput } from '../checks';
import { OneFichierError, TransportError } from '../errors';
import { createWhirlpoolHasher } from '../hash';
import type { HttpResponse } from '../types';

/** What one answer of the download host delivers from `start`: the file's total size when known, and the bytes to drop first. */
export interface Delivery {
  totalSize?: number;
  skip: number;
}

export function deliveryOf(res: HttpResponse, start: number): Delivery {
  const length = numberHeader(res.headers['content-length']);
  if (res.status === 206) {
    const total = /\/(\d+)\s*$/.exec(res.headers['content-range'] ?? '');
    const totalSize = total ? Number(total[1]) : length !== undefined ? start + length : undefined;
    return { skip: 0, ...(totalSize !== undefined ? { totalSize } : {}) };
  }
  // 200: the whole file from byte 0, whatever we asked.
  return { skip: start, ...(length !== undefined ? { totalSize: length } : {}) };
}

/** Drops the first `skip` bytes of a body (already delivered before a resume the host answered from byte 0). */
export function dropFirst(skip: number): (chunk: Uint8Array) => Uint8Array | undefined {
  let left = skip;
  return (chunk) => {
    if (left <= 0) return chunk;
    if (chunk.length <= left) {
      left -= chunk.length;
      return undefined;
    }
    const rest = chunk.subarray(left);
    left = 0;
    return rest;
  };
}

/** A body that ended before the announced size is a network failure (so it is resumed), not a complete file. */
export function checkComplete(done: number, totalSize: number | undefined): void {
  if (totalSize !== undefined && done < totalSize)
    throw new TransportError('ETRUNCATED', `the connection closed after ${done} of ${totalSize} bytes`);
}

/**
 * A body must not run past the file's size: a host or proxy that keeps sending (a chunked body has no
 * length to stop at) would otherwise fill the disk or the memory of whoever stores it.
 */
export function checkNotPastSize(done: number, chunkBytes: number, totalSize: number | undefined): void {
  if (totalSize === undefined || done + chunkBytes <= totalSize) return;
  throw new OneFichierError({
    kind: 'integrity',
    endpoint: 'download',
    message: `The download host sent more than the ${totalSize} bytes the file has; the download stopped there.`,
    hint: 'The answer is not the file (a broken host or proxy): download it again; if it persists, report it with this message.',
    details: { bytesReceived: done, expectedBytes: totalSize },
  });
}

function numberHeader(v: string | undefined): number | undefined {
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** The size the host announces must be the size the caller knows (a listing, file/info); else no byte is delivered. */
export function checkAnnouncedSize(
  announced: number | undefined,
  known: number | undefined,
  body: AsyncIterable<Uint8Array> | undefined,
): void {
  if (announced === undefined || known === undefined || announced === known) return;
  void body?.[Symbol.asyncIterator]().return?.();
  throw new OneFichierError({
    kind: 'integrity',
    endpoint: 'download',
    message: `The download host announces ${announced} bytes, but the file has ${known} bytes.`,
    hint: 'The file may have changed since it was listed: list it again, then download it again.',
  });
}

/** The Whirlpool of the whole file, fed with the delivered bytes, compared at the end. */
export interface WholeFileCheck {
  expected: string;
  update(chunk: Uint8Array): void;
  /** Throws an `integrity` error when the bytes are not the file's. */
  finish(): void;
}

/**
 * Starts the check of a download from `start`: the bytes before it (`resumedBytes`, a partial file being
 * resumed) are hashed first, so the check covers the whole file.
 */
export async function startWholeFileCheck(
  expected: string,
  start: number,
  resumedBytes: (() => AsyncIterable<Uint8Array>) | undefined,
): Promise<WholeFileCheck> {
  if (start > 0 && !resumedBytes)
    throw invalidInput(
      `Resuming at byte ${start} with a known checksum needs the bytes before it (resumedBytes) for the Whirlpool check.`,
      'Give the download the bytes already on disk (a reader of the partial file) so the whole file is checked, or turn the Whirlpool check off.',
    );
  const hasher = await createWhirlpoolHasher();
  let before = 0;
  if (start > 0) {
    for await (const chunk of resumedBytes!()) {
      hasher.update(chunk);
      before += chunk.length;
    }
  }
  if (before !== start) throw invalidInput(`resumedBytes gave ${before} bytes, but the download resumes at byte ${start}.`);
  const want = expected.trim().toLowerCase();
  return {
    expected: want,
    update: (chunk) => hasher.update(chunk),
    finish: () => {
      const got = hasher.digest();
      if (got === want) return;
      throw new OneFichierError({
        kind: 'integrity',
        endpoint: 'download',
        message: `The downloaded bytes do not match the file's Whirlpool (expected ${want.slice(0, 16)}…, got ${got.slice(0, 16)}…).`,
        hint: 'The copy is damaged or is not the listed file: download it again. A program that saves it to disk must not keep it under the final name.',
        details: { expectedWhirlpool: want, actualWhirlpool: got },
      });
    },
  };
}
