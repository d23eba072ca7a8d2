/**
 * What keeps a download's bytes exactly the file's bytes, across resumes: the total size the host announces
 * (Content-Range, else Content-Length), the bytes to drop when the host ignored Range and started again at
 * byte 0, and the check that the body did not end early.
 */
import { TransportError } from '../errors';
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

function numberHeader(v: string | undefined): number | undefined {
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}
