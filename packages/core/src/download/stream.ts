/**
 * The resumable download (docs/api-notes.md#download-tokens-and-range): a token (token.ts), one GET of its
 * URL (open.ts), and a body that, after a network failure mid-way, resumes with `Range: bytes=<done>-` (a new
 * token when the old one is near expiry or refused), bounded by maxResumes. integrity.ts keeps the delivered
 * bytes exactly the file's across resumes, and checks them against the Whirlpool when the caller knows it.
 */
import { invalidInput } from '../checks';
import type { ClientContext } from '../context';
import { cancelledError, rewordError } from '../errors';
import { backoffDelayMs } from '../policy/retry';
import type { DownloadOptions, DownloadStream, DownloadTokenRequest } from '../types';
import { downloadFilename } from './filename';
import { checkAnnouncedSize, checkComplete, checkNotPastSize, dropFirst, startWholeFileCheck, type WholeFileCheck } from './integrity';
import { openDownload, type OpenDownload } from './open';
import { HeldToken } from './token';

export async function download(c: ClientContext, url: string, opts: DownloadOptions): Promise<DownloadStream> {
  const signal = opts.signal;
  const start = opts.start ?? 0;
  if (!Number.isInteger(start) || start < 0) throw invalidInput(`start must be a byte offset >= 0; got ${String(opts.start)}.`);
  const known = opts.file ?? {};
  const verify = (opts.verifyIntegrity ?? c.settings.verifyIntegrity) && typeof known.checksum === 'string' && known.checksum !== '';
  // The bytes before `start` are hashed first: a partial file of many GB takes longer than a token lives.
  const check = verify ? await startWholeFileCheck(known.checksum!, start, opts.resumedBytes) : undefined;
  const tokenReq: DownloadTokenRequest = {
    url,
    ...(opts.password ? { password: opts.password } : {}),
    ...(opts.cdn !== undefined ? { cdn: opts.cdn } : {}),
  };
  const token = await HeldToken.take(c, tokenReq, signal);
  const first = await openDownload(c, token, start, signal);
  const totalSize = first.totalSize ?? known.size;
  checkAnnouncedSize(first.totalSize, known.size, first.res.stream);
  const out: DownloadStream = {
    stream: { [Symbol.asyncIterator]: () => new ResumableBody(c, token, first, start, totalSize, check, opts) },
  };
  if (totalSize !== undefined) {
    out.size = totalSize;
    out.remaining = totalSize - start;
  }
  const filename = downloadFilename(first.res.headers['content-disposition'], known.filename);
  if (filename) out.filename = filename;
  const ct = first.res.headers['content-type'];
  if (ct) out.contentType = ct;
  if (check) out.checksum = check.expected;
  return out;
}

/**
 * The file's bytes from `start`, resumed after network failures. An iterator written out rather than an
 * async generator: every chunk of a download passes here, and a generator's extra promise turns per chunk
 * cost measurable CPU and garbage-collector work per GiB (docs/benchmarks.md, download paths).
 */
class ResumableBody implements AsyncIterator<Uint8Array> {
  private done: number;
  private current: OpenDownload;
  private chunks: AsyncIterator<Uint8Array>;
  /** The host may ignore Range and restart at byte 0: drops what was already delivered. */
  private fresh: (chunk: Uint8Array) => Uint8Array | undefined;
  private resumes = 0;
  private finished = false;

  constructor(
    private readonly c: ClientContext,
    private readonly token: HeldToken,
    first: OpenDownload,
    start: number,
    private readonly totalSize: number | undefined,
    private readonly check: WholeFileCheck | undefined,
    private readonly opts: DownloadOptions,
  ) {
    this.done = start;
    this.current = first;
    this.chunks = bodyOf(first);
    this.fresh = dropFirst(first.skip);
  }

  next(): Promise<IteratorResult<Uint8Array>> {
    if (this.finished) return Promise.resolve({ done: true, value: undefined });
    return this.chunks.next().then(
      (step) => this.take(step),
      (e: unknown) => this.recover(e),
    );
  }

  return(): Promise<IteratorResult<Uint8Array>> {
    this.finished = true;
    return this.release().then(() => ({ done: true, value: undefined }));
  }

  /** One chunk of the current answer: counted, hashed, reported; the end of the answer checked. */
  private take(step: IteratorResult<Uint8Array>): IteratorResult<Uint8Array> | Promise<IteratorResult<Uint8Array>> {
    try {
      if (step.done) {
        checkComplete(this.done, this.totalSize);
        this.check?.finish();
        this.finished = true;
        return step;
      }
      if (this.opts.signal?.aborted) throw cancelledError('download');
    } catch (e) {
      return this.recover(e);
    }
    const chunk = this.fresh(step.value);
    if (!chunk) return this.next();
    try {
      checkNotPastSize(this.done, chunk.length, this.totalSize);
    } catch (e) {
      return this.recover(e);
    }
    this.done += chunk.length;
    this.check?.update(chunk);
    if (this.opts.onProgress) {
      try {
        this.opts.onProgress({ bytesReceived: this.done, ...(this.totalSize !== undefined ? { totalBytes: this.totalSize } : {}) });
      } catch {
        // A progress listener's failure must not break the download.
      }
    }
    return { done: false, value: chunk };
  }

  /** After a failure: resume with Range after a network error (bounded), else end with the error. */
  private async recover(e: unknown): Promise<IteratorResult<Uint8Array>> {
    const { c, opts } = this;
    const signal = opts.signal;
    const err = c.api.errorOf(e, 'download', signal);
    const maxResumes = opts.maxResumes ?? c.settings.retry.maxAttempts;
    if (err.kind !== 'network' || this.resumes >= maxResumes) {
      this.finished = true;
      await this.release();
      if (err.kind !== 'network') throw err;
      throw rewordError(err, {
        endpoint: 'download',
        message: `Download interrupted after ${this.done} bytes and ${this.resumes} resume attempt(s): ${err.message}`,
        hint: 'Check the connection and start again; a partial file can be resumed from where it stopped.',
        details: { bytesReceived: this.done },
      });
    }
    await this.release();
    this.resumes++;
    const ms = backoffDelayMs(this.resumes, c.settings.retry, c.settings.random);
    await c.api.waitThenRetry(
      {
        reason: 'backoff',
        ms,
        endpoint: 'download',
        message: `Download interrupted at byte ${this.done}; resuming in ${ms} ms.`,
        attempt: this.resumes + 1,
        error: err,
        retryMessage: `resuming at byte ${this.done}`,
      },
      signal,
    );
    await this.token.renewIfOld();
    this.current = await openDownload(c, this.token, this.done, signal);
    this.chunks = bodyOf(this.current);
    this.fresh = dropFirst(this.current.skip);
    return this.next();
  }

  /** Lets go of the current answer's connection. */
  private async release(): Promise<void> {
    try {
      await this.chunks.return?.();
    } catch {
      // Already broken: nothing to release.
    }
  }
}

function bodyOf(answer: OpenDownload): AsyncIterator<Uint8Array> {
  return (answer.res.stream ?? emptyStream())[Symbol.asyncIterator]();
}

async function* emptyStream(): AsyncGenerator<Uint8Array> {
  // Nothing: a response without a body stream.
}
