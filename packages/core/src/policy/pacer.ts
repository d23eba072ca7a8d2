/**
 * The pacer (modelled on octokit's plugin-throttling and rclone's pacer): a FIFO queue that spaces call
 * starts by `minIntervalMs`, and a pause of every queued call after a flood answer. One pacer per account
 * per process (see accounts.ts); it does not coordinate with other processes yet. It also holds the limits
 * in force for the account, which the budgets (budgets.ts) read. Pure: time comes from the injected Clock.
 */
import { cancelledError } from '../errors';
import { ACCOUNT_LIST_INTERVAL_MS, FOLDER_LIST_INTERVAL_MS, USER_INFO_INTERVAL_MS } from '../limits';
import type { Clock, LimitOptions } from '../types';

export const DEFAULT_LIMITS: LimitOptions = {
  minIntervalMs: 500,
  folderListIntervalMs: FOLDER_LIST_INTERVAL_MS,
  accountListIntervalMs: ACCOUNT_LIST_INTERVAL_MS,
  userInfoIntervalMs: USER_INFO_INTERVAL_MS,
  maxBudgetWaitMs: 60_000,
};

/** What the request pipeline needs from a pacer: a turn per call, and a pause of everyone after a flood lock. */
export interface Pacer {
  acquire(signal?: AbortSignal): Promise<void>;
  pause(ms: number): void;
}

export class RateLimiter implements Pacer {
  private currentLimits: LimitOptions;
  private readonly clock: Clock;
  private chain: Promise<void> = Promise.resolve();
  private nextStartAt = 0;
  private pausedUntilMs = 0;

  constructor(clock: Clock, limits: Partial<LimitOptions> = {}) {
    this.clock = clock;
    this.currentLimits = { ...DEFAULT_LIMITS, ...limits };
    for (const [k, v] of Object.entries(this.currentLimits)) {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
        throw new RangeError(`limits.${k} must be a number >= 0 (got ${String(v)})`);
    }
  }

  /** Raises limits to the stricter of the current and the given values (never loosens them). */
  tighten(limits: Partial<LimitOptions>): void {
    const next = { ...this.limits };
    for (const [k, v] of Object.entries(limits) as [keyof LimitOptions, number | undefined][]) {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
        throw new RangeError(`limits.${k} must be a number >= 0 (got ${String(v)})`);
      // maxBudgetWaitMs is each client's own preference (see budgets.ts), not a service budget.
      if (k !== 'maxBudgetWaitMs') next[k] = Math.max(next[k], v);
    }
    this.currentLimits = next;
  }

  /** The pace and budgets in force (the strictest asked by the account's clients). */
  get limits(): LimitOptions {
    return this.currentLimits;
  }

  /** Pauses the whole queue for `ms` from now (a flood lock concerns the IP or the account, not one call). */
  pause(ms: number): void {
    this.pausedUntilMs = Math.max(this.pausedUntilMs, this.clock.now() + ms);
  }

  /**
   * Waits for this call's turn: FIFO, at least minIntervalMs after the previous start, never during a pause.
   * Rejects with a `cancelled` error as soon as the signal aborts (the queue order is kept for the others).
   */
  acquire(signal?: AbortSignal): Promise<void> {
    const previous = this.chain;
    let release!: () => void;
    this.chain = new Promise<void>((r) => (release = r));
    const run = async (): Promise<void> => {
      try {
        await raceAbort(previous, signal);
        await this.waitForSlot(signal);
      } finally {
        // Only hand the turn on once the previous holder is done, so a cancelled waiter cannot break FIFO order.
        void previous.then(release);
      }
    };
    return run();
  }

  private async waitForSlot(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw cancelledError();
      const now = this.clock.now();
      const at = Math.max(this.nextStartAt, this.pausedUntilMs);
      if (now >= at) break;
      await cancellableSleep(this.clock, at - now, signal);
    }
    this.nextStartAt = this.clock.now() + this.limits.minIntervalMs;
  }
}

/** Sleeps on the clock; an abort becomes a `cancelled` error. */
export async function cancellableSleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) throw cancelledError();
  try {
    await clock.sleep(ms, signal);
  } catch (e) {
    if (signal?.aborted) throw cancelledError();
    throw e;
  }
  if (signal?.aborted) throw cancelledError();
}

/** Resolves with `p`, or rejects with `cancelled` as soon as the signal aborts (`p` goes on; its outcome is ignored). */
export function raceAbort<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) {
    p.catch(() => undefined);
    return Promise.reject(cancelledError());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelledError());
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
