/**
 * Lent chunks: how a streamed upload body reuses a few buffers instead of a new one per chunk. At the speed
 * of a local network a fresh 1 MiB buffer per chunk costs more CPU than sending it (V8 runs a full garbage
 * collection every few dozen megabytes of them; docs/benchmarks.md, "Uploads: lent buffers"). A buffer may
 * only be refilled once the transport is done with the bytes it held, and only the transport knows when that
 * is, so the transport reports it here and the source waits here (StreamBody.lend, UploadSource.open).
 */

/** The count of leading body bytes the transport is done with (handed to the OS, or the request is gone). */
export class SettledBytes {
  private count = 0;
  private abandoned = false;
  private waiting: { until: number; resolve: () => void }[] = [];

  /** The first `total` bytes are done with. */
  settle(total: number): void {
    if (total > this.count) this.count = total;
    this.wake();
  }

  /** The request is gone: nothing will read any buffer again, so every wait ends. */
  abandon(): void {
    this.abandoned = true;
    this.wake();
  }

  /** Resolves once the first `total` bytes are done with (at once for 0). */
  reached(total: number): Promise<void> {
    if (this.abandoned || total <= this.count) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push({ until: total, resolve }));
  }

  private wake(): void {
    const still: typeof this.waiting = [];
    for (const w of this.waiting) {
      if (this.abandoned || w.until <= this.count) w.resolve();
      else still.push(w);
    }
    this.waiting = still;
  }
}

/** Handed to UploadSource.open() when buffers may be reused: `settled(n)` resolves once the source's first n bytes are done with. */
export interface BufferReuse {
  settled(offset: number): Promise<void>;
}
