/**
 * Writes a download's bytes to its .part file from a byte offset. Each network chunk is copied into one of
 * two 1 MiB stages and released at once; a full stage is written with one positional write while the other
 * fills, so the disk and the network overlap with one write in flight. This is the cheapest path measured
 * (docs/benchmarks.md, download paths): the chunks die young instead of waiting in a write queue, which
 * spares the garbage collector most of its work, and writes go straight to the file handle.
 */
import type { FileHandle } from 'node:fs/promises';
import { untilAborted } from './local-errors';

const STAGE_BYTES = 1 << 20;

export class PartWriter {
  private readonly stages = [Buffer.allocUnsafeSlow(STAGE_BYTES), Buffer.allocUnsafeSlow(STAGE_BYTES)];
  private current = 0;
  private used = 0;
  private position: number;
  private inflight: Promise<void> | undefined;
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly handle: FileHandle,
    start: number,
    private readonly signal?: AbortSignal,
  ) {
    this.position = start;
  }

  /** Takes a chunk; returns a promise only when the caller must wait (a stage is full and the disk is behind). */
  write(chunk: Uint8Array): Promise<void> | undefined {
    if (this.used + chunk.length < STAGE_BYTES) {
      this.stages[this.current]!.set(chunk, this.used);
      this.used += chunk.length;
      return undefined;
    }
    return this.writeAcross(chunk);
  }

  /** Writes what is staged and waits for the disk; throws the first write error. */
  async finish(): Promise<void> {
    if (this.used > 0) await this.flush();
    if (this.inflight) await untilAborted(this.inflight, this.signal);
    this.throwIfFailed();
  }

  /** A chunk that fills the current stage: the stage goes to the disk, the rest goes to the next one. */
  private async writeAcross(chunk: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < chunk.length) {
      const n = Math.min(chunk.length - offset, STAGE_BYTES - this.used);
      this.stages[this.current]!.set(chunk.subarray(offset, offset + n), this.used);
      this.used += n;
      offset += n;
      if (this.used === STAGE_BYTES) await this.flush();
    }
  }

  /** Waits for the previous write, then starts writing the current stage and switches to the other one. */
  private async flush(): Promise<void> {
    if (this.inflight) await untilAborted(this.inflight, this.signal);
    this.throwIfFailed();
    const stage = this.stages[this.current]!;
    const length = this.used;
    const position = this.position;
    this.inflight = writeAll(this.handle, stage, length, position).then(
      () => {
        this.inflight = undefined;
      },
      (error: unknown) => {
        this.failure = { error };
        this.inflight = undefined;
      },
    );
    this.position += length;
    this.used = 0;
    this.current ^= 1;
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}

/** One positional write of `length` bytes, continued after a short write. */
async function writeAll(handle: FileHandle, buffer: Buffer, length: number, position: number): Promise<void> {
  let done = 0;
  while (done < length) {
    const { bytesWritten } = await handle.write(buffer, done, length - done, position + done);
    if (bytesWritten <= 0) throw Object.assign(new Error(`wrote ${bytesWritten} bytes`), { code: 'EIO' });
    done += bytesWritten;
  }
}
