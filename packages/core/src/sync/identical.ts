/**
 * Whether a local file and remote files of the same name hold the same bytes: the size first, then the
 * Whirlpool the service keeps for every file (the `checksum` of a listing, docs/api-notes.md#files), hashed
 * locally only when a size matches.
 */
import { cancelledError } from '../errors';
import { createWhirlpoolHasher } from '../hash';
import type { FileItem, UploadSource } from '../types';
import type { SyncCompare } from './types';

/** Whirlpool (lower-case hex) of a source's bytes, read once; stops on `signal`. */
export async function whirlpoolOfSource(source: UploadSource, signal?: AbortSignal): Promise<string> {
  const hasher = await createWhirlpoolHasher();
  for await (const chunk of source.open()) {
    if (signal?.aborted) throw cancelledError();
    hasher.update(chunk);
  }
  return hasher.digest();
}

export interface Match {
  /** The remote copy that holds the local bytes, if any. */
  same?: FileItem;
  /** True when the answer rests on the size alone although Whirlpool was asked for (the listing had no checksum). */
  bySizeOnly: boolean;
}

/**
 * The remote copy identical to a local file of `size` bytes. With `compare: 'size'` and one copy, the size
 * decides. Whirlpool decides otherwise: always with 'whirlpool', and with several copies under one name
 * (which one is current cannot be told by size: an interrupted replace leaves an old and a new copy).
 * A copy listed without a checksum is judged by its size; among several, the newest wins.
 */
export async function findIdentical(
  size: number,
  copies: readonly FileItem[],
  compare: SyncCompare,
  localWhirlpool: () => Promise<string>,
): Promise<Match> {
  const sameSize = copies.filter((c) => c.size === size);
  if (sameSize.length === 0) return { bySizeOnly: false };
  if (compare === 'size' && copies.length === 1) return { same: sameSize[0] as FileItem, bySizeOnly: false };
  const withChecksum = sameSize.filter((c) => c.checksum !== '');
  if (withChecksum.length > 0) {
    const local = await localWhirlpool();
    const same = withChecksum.find((c) => c.checksum.toLowerCase() === local);
    if (same) return { same, bySizeOnly: false };
  }
  const withoutChecksum = sameSize.filter((c) => c.checksum === '');
  if (withoutChecksum.length === 0) return { bySizeOnly: false };
  return { same: newest(withoutChecksum), bySizeOnly: true };
}

/** The copy uploaded last (listing dates are Paris wall-clock text, which sorts as it reads). */
export function newest(files: readonly FileItem[]): FileItem {
  return files.reduce((a, b) => (b.date > a.date ? b : a));
}
