/**
 * The resumable download (docs/api-notes.md#download-tokens-and-range): a token (token.ts), one GET of its
 * URL (open.ts), and a body that, after a network failure mid-way, resumes with `Range: bytes=<done>-` (a new
 * token when the old one is near expiry or refused), bounded by maxResumes. integrity.ts keeps the delivered
 * bytes exactly the file's across resumes.
 */
import { shownName } from '../names';
import { invalidInput } from '../checks';
import type { ClientContext } from '../context';
import { cancelledError, rewordError } from '../errors';
import { backoffDelayMs } from '../policy/retry';
import type { DownloadOptions, DownloadStream, DownloadTokenRequest } from '../types';
import { checkComplete, dropFirst } from './integrity';
import { openDownload, type OpenDownload } from './open';
import { HeldToken } from './token';

export async function download(c: ClientContext, url: string, opts: DownloadOptions): Promise<DownloadStream> {
  const signal = opts.signal;
  const start = opts.start ?? 0;
  if (!Number.isInteger(start) || start < 0) throw invalidInput(`start must be a byte offset >= 0; got ${String(opts.start)}.`);
  const tokenReq: DownloadTokenRequest = {
    url,
    ...(opts.password ? { password: opts.password } : {}),
    ...(opts.cdn ? { cdn: true } : {}),
  };
  const token = await HeldToken.take(c, tokenReq, signal);
  const first = await openDownload(c, token, start, signal);
  const out: DownloadStream = { stream: { [Symbol.asyncIterator]: () => resumableBody(c, token, first, start, opts) } };
  if (first.totalSize !== undefined) {
    out.size = first.totalSize;
    out.remaining = first.totalSize - start;
  }
  const filename = filenameFromDisposition(first.res.headers['content-disposition']);
  // The name as the file was given (look-alikes decoded, bidirectional controls visible): names.ts.
  if (filename) out.filename = shownName(filename);
  const ct = first.res.headers['content-type'];
  if (ct) out.contentType = ct;
  return out;
}

/** The file's bytes from `start`, resumed after network failures. */
async function* resumableBody(
  c: ClientContext,
  token: HeldToken,
  first: OpenDownload,
  start: number,
  opts: DownloadOptions,
): AsyncGenerator<Uint8Array> {
  const signal = opts.signal;
  const maxResumes = opts.maxResumes ?? c.settings.retry.maxAttempts;
  const totalSize = first.totalSize;
  let done = start;
  let current = first;
  let resumes = 0;
  for (;;) {
    // The host may ignore Range and restart at byte 0: drop what was already delivered.
    const fresh = dropFirst(current.skip);
    try {
      for await (const raw of current.res.stream ?? emptyStream()) {
        if (signal?.aborted) throw cancelledError('download');
        const chunk = fresh(raw);
        if (!chunk) continue;
        done += chunk.length;
        if (opts.onProgress) {
          try {
            opts.onProgress({ bytesReceived: done, ...(totalSize !== undefined ? { totalBytes: totalSize } : {}) });
          } catch {
            // A progress listener's failure must not break the download.
          }
        }
        yield chunk;
      }
      checkComplete(done, totalSize);
      return;
    } catch (e) {
      const err = c.api.errorOf(e, 'download', signal);
      if (err.kind !== 'network') throw err;
      if (resumes >= maxResumes) {
        throw rewordError(err, {
          endpoint: 'download',
          message: `Download interrupted after ${done} bytes and ${resumes} resume attempt(s): ${err.message}`,
          hint: 'Check the connection and start again; a partial file can be resumed from where it stopped.',
          details: { bytesReceived: done },
        });
      }
      resumes++;
      const ms = backoffDelayMs(resumes, c.settings.retry, c.settings.random);
      await c.api.waitThenRetry(
        {
          reason: 'backoff',
          ms,
          endpoint: 'download',
          message: `Download interrupted at byte ${done}; resuming in ${ms} ms.`,
          attempt: resumes + 1,
          error: err,
          retryMessage: `resuming at byte ${done}`,
        },
        signal,
      );
      await token.renewIfOld();
      current = await openDownload(c, token, done, signal);
    }
  }
}

async function* emptyStream(): AsyncGenerator<Uint8Array> {
  // Nothing: a response without a body stream.
}

/** The file name a Content-Disposition header gives: `filename*=UTF-8''…` first, then `filename="…"`. */
function filenameFromDisposition(v: string | undefined): string | undefined {
  if (!v) return undefined;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(v);
  if (star) {
    try {
      return decodeURIComponent(star[1]!.trim());
    } catch {
      // fall through to the plain form
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i.exec(v);
  return plain ? (plain[1] ?? plain[2] ?? '').trim() || undefined : undefined;
}
