// Test files for the transfer benchmarks: generated once into bench/tmp/ (gitignored) and reused.
// The content is an AES-CTR keystream: incompressible like real media, deterministic, and produced at
// several GB/s, so creating the 1 GiB file costs about a second instead of dominating the run.
import { createCipheriv } from 'node:crypto';
import { existsSync, mkdirSync, openSync, closeSync, writeSync, statSync, renameSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const CHUNK = 4 * 1024 * 1024;
const GENERATOR = 'aes-128-ctr/v1';

/** Returns the path of a file of exactly `bytes` bytes in `dir`, creating it when missing or stale. */
export function ensureTestFile(dir, bytes) {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `data-${bytes}.bin`);
  const marker = `${path}.ok`;
  if (existsSync(path) && existsSync(marker) && statSync(path).size === bytes && readFileSync(marker, 'utf8') === GENERATOR) {
    return path;
  }
  const partial = `${path}.partial`;
  const cipher = createCipheriv('aes-128-ctr', Buffer.alloc(16, 7), Buffer.alloc(16, 0));
  const zeros = Buffer.alloc(CHUNK);
  const fd = openSync(partial, 'w');
  try {
    for (let written = 0; written < bytes; written += CHUNK) {
      const n = Math.min(CHUNK, bytes - written);
      const block = cipher.update(n === CHUNK ? zeros : zeros.subarray(0, n));
      writeSync(fd, block);
    }
  } finally {
    closeSync(fd);
  }
  renameSync(partial, path);
  writeFileSync(marker, GENERATOR);
  return path;
}
