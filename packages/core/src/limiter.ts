/**
 * One limiter per account key per process (modelled on octokit's throttling plugin and rclone's pacer):
 * a FIFO queue that spaces call starts by `minIntervalMs`, a global pause after a flood answer, and the
 * per-endpoint budgets of reference section 3 with a cache of the last answer, so repeats inside a budget
 * window cost no request. Pure: time comes from the injected Clock.
 */
import { cancelledError } from './errors';
import type { Clock, LimitOptions } from './types';

export const DEFAULT_LIMITS: LimitOptions = {
  minIntervalMs: 500,
  folderListIntervalMs: 30_000,
  accountListIntervalMs: 3_600_000,
  userInfoIntervalMs: 300_000,
  maxBudgetWaitMs: 60_000,
};

interface BudgetEntry {
  /** When the last call of this budget started. */
  lastCallAt: number;
  /** The answer of the last successful call, its variant (request shape), and whether a mutation made it stale. */
  value?: unknown;
  variant?: string;
  storedAt?: number;
  stale: boolean;
  inFlight?: { variant: string; promise: Promise<unknown> } | undefined;
}

export interface CachedAnswer<T> {
  value: T;
  ageMs: number;
}

export class RateLimiter {
  private currentLimits: LimitOptions;
  private readonly clock: Clock;
  private chain: Promise<void> = Promise.resolve();
  private nextStartAt = 0;
  private pausedUntilMs = 0;
  private readonly budgets = new Map<string, BudgetEntry>();

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
      // maxBudgetWaitMs is each client's own preference (see OneFichierClient), not a service budget.
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

  /** A fresh cached answer for this budget whose variant satisfies the request, if any. */
  lookup<T>(budgetKey: string, intervalMs: number, accepts: (variant: string) => boolean): CachedAnswer<T> | undefined {
    const e = this.budgets.get(budgetKey);
    if (!e || e.stale || e.storedAt === undefined || e.variant === undefined || !accepts(e.variant)) return undefined;
    const age = this.clock.now() - e.lastCallAt;
    if (age >= intervalMs) return undefined;
    return { value: clone(e.value) as T, ageMs: this.clock.now() - e.storedAt };
  }

  /** How long before this budget allows a new call (0 when it does now). */
  budgetWaitMs(budgetKey: string, intervalMs: number): number {
    const e = this.budgets.get(budgetKey);
    if (!e) return 0;
    return Math.max(0, e.lastCallAt + intervalMs - this.clock.now());
  }

  /** A call of this budget already running with an acceptable variant (share it rather than call twice). */
  inFlight<T>(budgetKey: string, accepts: (variant: string) => boolean): Promise<T> | undefined {
    const f = this.budgets.get(budgetKey)?.inFlight;
    return f && accepts(f.variant) ? (f.promise.then(clone) as Promise<T>) : undefined;
  }

  /** Records that a call of this budget starts now; its answer is cached when it succeeds. */
  track<T>(budgetKey: string, variant: string, promise: Promise<T>): Promise<T> {
    const entry: BudgetEntry = this.budgets.get(budgetKey) ?? { lastCallAt: 0, stale: false };
    entry.lastCallAt = this.clock.now();
    entry.inFlight = { variant, promise };
    this.budgets.set(budgetKey, entry);
    return promise.then(
      (value) => {
        // The window counts from the answer: the request reached the service somewhere in between.
        entry.lastCallAt = Math.max(entry.lastCallAt, this.clock.now());
        if (entry.inFlight?.promise === promise) entry.inFlight = undefined;
        entry.value = clone(value);
        entry.variant = variant;
        entry.storedAt = this.clock.now();
        entry.stale = false;
        return value;
      },
      (err: unknown) => {
        entry.lastCallAt = Math.max(entry.lastCallAt, this.clock.now());
        if (entry.inFlight?.promise === promise) entry.inFlight = undefined;
        throw err;
      },
    );
  }

  /** Marks cached answers stale (a mutation changed them); their budget windows still apply. */
  invalidate(match: (budgetKey: string) => boolean): void {
    for (const [key, e] of this.budgets) if (match(key)) e.stale = true;
  }

  /** Forgets every cached answer (budget windows still apply). */
  clearCache(): void {
    this.invalidate(() => true);
  }
}

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
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

/** Resolves with `p`, or rejects with `cancelled` as soon as the signal aborts. */
export function raceAbort<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(cancelledError());
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

// Keyed by clock first: one process has one real clock, so this is "one limiter per account"; tests that
// build clients on separate fake clocks get separate limiters instead of one driven by the wrong clock.
let registry = new WeakMap<Clock, Map<string, RateLimiter>>();

/**
 * The process-wide limiter of an account. `accountId` is a hash of the key (never the key). A later client
 * of the same account may tighten the limits (a slower pace, longer budgets), never loosen them.
 */
export function sharedLimiter(accountId: string, clock: Clock, limits: Partial<LimitOptions> = {}): RateLimiter {
  let byAccount = registry.get(clock);
  if (!byAccount) {
    byAccount = new Map();
    registry.set(clock, byAccount);
  }
  let l = byAccount.get(accountId);
  if (!l) {
    l = new RateLimiter(clock, limits);
    byAccount.set(accountId, l);
  } else {
    l.tighten(limits);
  }
  return l;
}

/** Drops every shared limiter (tests, or a host that wants a clean slate). */
export function resetSharedLimiters(): void {
  registry = new WeakMap();
}
