/**
 * The 1fichier file link under the cursor. What a link is (domains, id, canonical form) is the core's rule
 * (`findFileUrls`); this file only maps a cursor to it.
 *
 * Pure: no I/O, so it runs on every request without touching the network.
 */
import { findFileUrls, type FileUrlMatch } from '@onefichier/core';

/** The link under `offset` (a cursor touching either end counts), or undefined. */
export function linkAt(source: string, offset: number): FileUrlMatch | undefined {
  return findFileUrls(source).find((l) => offset >= l.start && offset <= l.end);
}
