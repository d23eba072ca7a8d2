/** Download to a file: write to `<dest>.part`, resume an existing .part with Range, rename when complete. */
import { createWriteStream, promises as fsp } from 'node:fs';
import { once } from 'node:events';
import { OneFichierError } from '../errors';
import type { OneFichierClient } from '../client';
import type { DownloadProgress } from '../types';

export interface DownloadToFileOptions {
  password?: string;
  cdn?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
  /** Keep `<dest>.part` when cancelled or failed so a later call resumes it (default: keep on failure, remove on cancel). */
  keepPartialOnCancel?: boolean;
  /** Start from scratch even if a .part exists. */
  restart?: boolean;
  /** Replace an existing destination file (default false: refuse). */
  overwrite?: boolean;
}

export async function downloadToFile(
  client: OneFichierClient,
  url: string,
  dest: string,
  opts: DownloadToFileOptions = {},
): Promise<{ path: string; size: number }> {
  const part = `${dest}.part`;
  if (!opts.overwrite && (await exists(dest))) {
    throw new OneFichierError({
      kind: 'conflict',
      message: `${dest} already exists.`,
      hint: 'Choose another destination or allow overwriting.',
    });
  }
  let start = 0;
  if (!opts.restart) {
    try {
      start = (await fsp.stat(part)).size;
    } catch {
      start = 0;
    }
  }
  const dl = await client.download(url, {
    ...(opts.password ? { password: opts.password } : {}),
    ...(opts.cdn ? { cdn: true } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    start,
  });
  // A 4 MiB write buffer lets the body keep flowing while the disk catches up; with the 16 KiB default
  // every 64 KiB chunk waited for its own write (14-30 % more client CPU per GiB in the benchmark).
  const out = createWriteStream(part, { flags: start > 0 ? 'a' : 'w', highWaterMark: 4 * 1024 * 1024 });
  let written = start;
  try {
    for await (const chunk of dl.stream) {
      if (!out.write(chunk)) await once(out, 'drain');
      written += chunk.length;
    }
    out.end();
    await once(out, 'close');
  } catch (e) {
    out.destroy();
    await once(out, 'close').catch(() => undefined);
    const cancelled = e instanceof OneFichierError && e.kind === 'cancelled';
    if (cancelled && !opts.keepPartialOnCancel) await fsp.rm(part, { force: true });
    throw e;
  }
  if (dl.size !== undefined && written !== dl.size) {
    throw new OneFichierError({
      kind: 'integrity',
      message: `Downloaded ${written} bytes but the file has ${dl.size}; ${part} was kept.`,
      hint: 'Run the download again to resume it.',
    });
  }
  await fsp.rename(part, dest);
  return { path: dest, size: written };
}

async function exists(p: string): Promise<boolean> {
  try {
    await fsp.stat(p);
    return true;
  } catch {
    return false;
  }
}
