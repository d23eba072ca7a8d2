/**
 * Budgets: the per-endpoint windows of the policy table (endpoints.ts) applied with the account's answer
 * cache. A budgeted call is served from a fresh cached answer, shares a call already running, waits for its
 * window (or fails fast with `rate_limited` when the wait is too long), or goes out; a change marks the
 * listings the table names as stale.
 */
import { OneFichierError, throwIfAborted } from '../errors';
import type { ClientEvent, LimitOptions, WaitEvent } from '../types';
import type { AnswerCache } from './answer-cache';
import { ENDPOINT_POLICIES, type CallScope, type Endpoint } from './endpoints';

/** The shape of one budgeted request: its variant, and which cached variants also answer it. */
export interface BudgetVariant {
  variant: string;
  accepts: (cachedVariant: string) => boolean;
}

export interface BudgetSettings {
  answers: AnswerCache;
  /** The account's limits in force (they may tighten while the client lives). */
  limits: () => LimitOptions;
  emit: (e: ClientEvent) => void;
  /** Announces a wait and sleeps (cancelled by the signal). */
  wait: (w: Omit<WaitEvent, 'type'>, signal?: AbortSignal) => Promise<void>;
  /** This client's own limit: a longer budget wait fails with `rate_limited` instead of blocking. */
  maxBudgetWaitMs: number;
}

export class Budgets {
  constructor(private readonly s: BudgetSettings) {}

  /** A listing or account call under its budget: cached repeats, shared in-flight calls, waits instead of violations. */
  async within<T>(endpoint: Endpoint, scope: CallScope, request: BudgetVariant, call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    throwIfAborted(signal, endpoint);
    const policy = ENDPOINT_POLICIES[endpoint]?.budget;
    if (!policy) return call();
    const { key, intervalMs } = policy(scope, this.s.limits());
    const { answers } = this.s;
    const cached = answers.lookup<T>(key, intervalMs, request.accepts);
    if (cached) {
      this.s.emit({
        type: 'cache',
        endpoint,
        ageMs: cached.ageMs,
        message: `${endpoint}: served from the ${Math.round(cached.ageMs / 1000)} s old answer (1fichier allows this call once per ${formatDuration(intervalMs)}).`,
      });
      return cached.value;
    }
    const running = answers.inFlight<T>(key, request.accepts);
    if (running) {
      try {
        return await running;
      } catch (e) {
        // The shared call was cancelled by its own caller, not by us: make our own call.
        if (e instanceof OneFichierError && e.kind === 'cancelled' && !signal?.aborted)
          return this.within(endpoint, scope, request, call, signal);
        throw e;
      }
    }
    const wait = answers.waitMs(key, intervalMs);
    if (wait > 0) {
      if (wait > this.s.maxBudgetWaitMs) {
        throw new OneFichierError({
          kind: 'rate_limited',
          endpoint,
          retryable: true,
          retryAfterMs: wait,
          message: `${endpoint} may be called again in ${Math.ceil(wait / 1000)} s (1fichier's limit for this listing); calling now would risk a flood lock.`,
          hint: `Try again in ${Math.ceil(wait / 60000)} min, or list a single folder instead.`,
        });
      }
      await this.s.wait(
        {
          reason: 'budget',
          ms: wait,
          endpoint,
          message: `${endpoint}: waiting ${Math.ceil(wait / 1000)} s (1fichier allows this call once per ${formatDuration(intervalMs)}; the last answer is out of date).`,
        },
        signal,
      );
      // Another call may have refreshed the answer meanwhile.
      return this.within(endpoint, scope, request, call, signal);
    }
    return answers.track(key, request.variant, call());
  }

  /** After a successful call: the cached answers the table says it changed become stale (their windows still apply). */
  changed(endpoint: Endpoint, scope: CallScope): void {
    const invalidates = ENDPOINT_POLICIES[endpoint]?.invalidates;
    if (invalidates) this.s.answers.invalidate(invalidates(scope));
  }

  /** Forgets every cached answer (budget windows still apply). */
  clear(): void {
    this.s.answers.invalidate(() => true);
  }
}

function formatDuration(ms: number): string {
  return ms >= 3_600_000
    ? `${Math.round(ms / 3_600_000)} h`
    : ms >= 60_000
      ? `${Math.round(ms / 60_000)} min`
      : `${Math.round(ms / 1000)} s`;
}
