/**
 * The answer cache of an account: for each budget (a listing of one folder, the whole-account listing,
 * user/info) when its last call ran, its last answer, and the call running now. budgets.ts decides from
 * this whether a call is served from the cache, shares a running call, or goes out (the pacer's lanes make
 * it wait for its window). Pure: time
 * comes from the injected Clock.
 */
import type { Clock } from '../types';

interface BudgetEntry {
  /** When the last call of this budget started (moved to its answer's time once it comes). */
  lastCallAt: number;
  /** The answer of the last successful call, its variant (request shape), and whether a mutation made it stale. */
  value?: unknown;
  variant?: string;
  storedAt?: number;
  stale: boolean;
  /** Counts the mutations that made this budget stale: an answer whose call started before one is not fresh. */
  changes: number;
  inFlight?: { variant: string; promise: Promise<unknown> } | undefined;
}

export interface CachedAnswer<T> {
  value: T;
  ageMs: number;
}

export class AnswerCache {
  private readonly entries = new Map<string, BudgetEntry>();

  constructor(private readonly clock: Clock) {}

  /** A fresh cached answer for this budget whose variant satisfies the request, if any. */
  lookup<T>(budgetKey: string, intervalMs: number, accepts: (variant: string) => boolean): CachedAnswer<T> | undefined {
    const e = this.entries.get(budgetKey);
    if (!e || e.stale || e.storedAt === undefined || e.variant === undefined || !accepts(e.variant)) return undefined;
    const age = this.clock.now() - e.lastCallAt;
    if (age >= intervalMs) return undefined;
    return { value: clone(e.value) as T, ageMs: this.clock.now() - e.storedAt };
  }

  /** The last answer of this budget whose variant satisfies the request, however old or stale (served while the endpoint is locked). */
  last<T>(budgetKey: string, accepts: (variant: string) => boolean): CachedAnswer<T> | undefined {
    const e = this.entries.get(budgetKey);
    if (!e || e.storedAt === undefined || e.variant === undefined || !accepts(e.variant)) return undefined;
    return { value: clone(e.value) as T, ageMs: this.clock.now() - e.storedAt };
  }

  /** A call of this budget already running with an acceptable variant (share it rather than call twice). */
  inFlight<T>(budgetKey: string, accepts: (variant: string) => boolean): Promise<T> | undefined {
    const f = this.entries.get(budgetKey)?.inFlight;
    return f && accepts(f.variant) ? (f.promise.then(clone) as Promise<T>) : undefined;
  }

  /** Records that a call of this budget starts now; its answer is cached when it succeeds. */
  track<T>(budgetKey: string, variant: string, promise: Promise<T>): Promise<T> {
    const entry: BudgetEntry = this.entries.get(budgetKey) ?? { lastCallAt: 0, stale: false, changes: 0 };
    entry.lastCallAt = this.clock.now();
    entry.inFlight = { variant, promise };
    this.entries.set(budgetKey, entry);
    const changesAtStart = entry.changes;
    return promise.then(
      (value) => {
        // The window counts from the answer: the request reached the service somewhere in between.
        entry.lastCallAt = Math.max(entry.lastCallAt, this.clock.now());
        if (entry.inFlight?.promise === promise) entry.inFlight = undefined;
        // A change was made while this call ran: the service may have read the listing before it. The
        // answer goes to its own caller, but is not kept as fresh (the cached one stays stale).
        if (entry.changes !== changesAtStart) return value;
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

  /**
   * Marks cached answers stale (a mutation changed them); their budget windows still apply. A call of the
   * budget still running began before the change: no later caller shares it, and its answer is not cached.
   */
  invalidate(match: (budgetKey: string) => boolean): void {
    for (const [key, e] of this.entries) {
      if (!match(key)) continue;
      e.stale = true;
      e.changes++;
      e.inFlight = undefined;
    }
  }
}

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}
