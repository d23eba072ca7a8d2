/**
 * Writes a download's bytes to its .part file from a byte offset. The chunks are held, not copied, until
 * 1 MiB has come, then go out in one positional `writev`; while one batch is on its way to the disk the next
 * one fills, and the caller waits only when that one is full too. Node's write stream, which this replaces,
 * writes each 64 KiB socket chunk on its own whenever the disk keeps up: a thread-pool round trip per 64 KiB
 * cost more CPU per GiB than the whole rest of the download (docs/benchmarks.md, transfer paths). Every
 * failure is kept and thrown at the next call, and every wait gives way to the caller's signal: a disk that
 * never answers cannot hold the call.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { raceAbort } from '../policy/pacer';

/** Bytes held before one write: large enough that the thread-pool round trip is noise, small enough to stay in cache. */
const BATCH_BYTES = 1024 * 1024;

export class PartWriter {
  private readonly file: Promise<FileHandle>;
  private held: Uint8Array[] = [];
  private heldBytes = 0;
  private position: number;
  /** The batches handed to the disk, one after the other; never rejects (failures go to `failure`). */
  private written: Promise<void> = Promise.resolve();
  private pending = 0;
  private failure: { error: unknown } | undefined;
  private closing: Promise<void> | undefined;
  private abandoned = false;

  constructor(
    path: string,
    start: number,
    private readonly signal?: AbortSignal,
  ) {
    this.position = start;
    this.file = open(path, start > 0 ? 'r+' : 'w');
    this.file.catch((error: unknown) => this.fail(error));
  }

  /** Takes a chunk (kept until written: the caller must not reuse it); returns a promise only when the caller must wait for the disk. */
  write(chunk: Uint8Array): Promise<void> | undefined {
    this.throwIfFailed();
    this.held.push(chunk);
    this.heldBytes += chunk.length;
    if (this.heldBytes < BATCH_BYTES) return undefined;
    // One batch may wait behind the one being written; the caller waits while both are with the disk.
    const before = this.pending > 0 ? this.written : undefined;
    this.flush();
    return before && this.settle(before);
  }

  /** Writes what is held and closes the file; throws the first write error. */
  async finish(): Promise<void> {
    this.throwIfFailed();
    if (this.heldBytes > 0) this.flush();
    await this.settle(this.written);
    this.closing ??= this.file.then((f) => f.close());
    await this.settle(this.closing);
  }

  /** Drops what is held and closes the file whenever it can (a hung write keeps it until it returns). */
  abandon(): void {
    this.abandoned = true;
    this.held = [];
    this.heldBytes = 0;
    this.closing ??= this.written.then(() => this.file).then((f) => f.close());
    this.closing.catch(() => undefined);
  }

  /** Queues the held chunks as one write at their offset, after the batches before them. */
  private flush(): void {
    const buffers = this.held;
    const at = this.position;
    this.position += this.heldBytes;
    this.held = [];
    this.heldBytes = 0;
    this.pending++;
    this.written = this.written
      .then(async () => {
        if (this.failure || this.abandoned) return;
        await writeAll(await this.file, buffers, at);
      })
      .catch((error: unknown) => this.fail(error))
      .finally(() => {
        this.pending--;
      });
  }

  /** Resolves when `step` does, then throws a kept failure; rejects early on the signal. */
  private async settle(step: Promise<void>): Promise<void> {
    await raceAbort(step, this.signal);
    this.throwIfFailed();
  }

  private fail(error: unknown): void {
    this.failure ??= { error };
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}

/** Every byte of `buffers` at `position`, writing again after a short write. */
async function writeAll(file: FileHandle, buffers: Uint8Array[], position: number): Promise<void> {
  let rest = buffers;
  for (let at = position; rest.length > 0; ) {
    const { bytesWritten } = await file.writev(rest, at);
    if (bytesWritten === 0) throw new Error(`The disk took no byte at offset ${at}.`);
    at += bytesWritten;
    rest = after(rest, bytesWritten);
  }
}

/** `buffers` without their first `bytes`. */
function after(buffers: Uint8Array[], bytes: number): Uint8Array[] {
  let skip = bytes;
  let i = 0;
  while (i < buffers.length && skip >= buffers[i]!.length) skip -= buffers[i++]!.length;
  const rest = buffers.slice(i);
  if (skip > 0 && rest.length > 0) rest[0] = rest[0]!.subarray(skip);
  return rest;
}
