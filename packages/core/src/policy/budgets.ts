/**
 * Budgets: the per-endpoint windows of the policy table (endpoints.ts) applied with the account's answer
 * cache. A budgeted call is served from a fresh cached answer, shares a call already running, or goes out;
 * its window is a lane of the pacer (lanes.ts), shared by every client and process, which makes it wait or
 * fail fast with `rate_limited` when the wait is too long. A change marks the listings the table names as
 * stale. When the service locks the endpoint itself (user/info's #38), the last answer is served instead.
 */
import { OneFichierError, cancelledError, throwIfAborted } from '../errors';
import type { ClientEvent, LimitOptions } from '../types';
import type { AnswerCache } from './answer-cache';
import { ENDPOINT_POLICIES, type CallScope, type Endpoint } from './endpoints';
import { raceAbort, type Lane } from './pacer';
import { formatWindow } from './retry';

/** The shape of one budgeted request: its variant, and which cached variants also answer it. */
export interface BudgetVariant {
  variant: string;
  accepts: (cachedVariant: string) => boolean;
}

export interface BudgetSettings {
  answers: AnswerCache;
  /** The client's limits. */
  limits: () => LimitOptions;
  emit: (e: ClientEvent) => void;
  now: () => number;
  /** The window's lanes in the pacer (lanes.ts budgetLanes). */
  lanes: (endpoint: Endpoint, scope: CallScope) => Lane[];
  /**
   * Waits for a turn on the lane (or fails fast when it is too far); `answered` restarts the window from the
   * answer; `unused` gives back a turn taken since `since` that sent nothing.
   */
  pacer: {
    turn: (endpoint: Endpoint, lanes: Lane[], signal?: AbortSignal) => Promise<unknown>;
    answered: (lanes: Lane[]) => Promise<void>;
    unused: (lanes: Lane[], since: number) => Promise<void>;
  };
}

export class Budgets {
  constructor(private readonly s: BudgetSettings) {}

  /** A listing or account call under its budget: cached repeats, shared in-flight calls, the last answer while the endpoint is locked. */
  async within<T>(
    endpoint: Endpoint,
    scope: CallScope,
    request: BudgetVariant,
    call: (sent: () => void) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    throwIfAborted(signal, endpoint);
    const policy = ENDPOINT_POLICIES[endpoint]?.budget;
    if (!policy) return call(() => undefined);
    const { key, intervalMs } = policy(scope, this.s.limits());
    const { answers } = this.s;
    const cached = answers.lookup<T>(key, intervalMs, request.accepts);
    if (cached) {
      this.s.emit({
        type: 'cache',
        endpoint,
        ageMs: cached.ageMs,
        message: `${endpoint}: served from the ${Math.round(cached.ageMs / 1000)} s old answer (1fichier allows this call once per ${formatWindow(intervalMs)}).`,
      });
      return cached.value;
    }
    const running = answers.inFlight<T>(key, request.accepts);
    if (running) {
      try {
        // Our signal ends our wait only: the call goes on for the caller that made it and the others sharing it.
        return await raceAbort(running, signal);
      } catch (e) {
        if (signal?.aborted) throw cancelledError(endpoint);
        // The shared call was cancelled by its own caller, not by us: make our own call.
        if (e instanceof OneFichierError && e.kind === 'cancelled') return this.within(endpoint, scope, request, call, signal);
        throw e;
      }
    }
    try {
      return await answers.track(key, request.variant, this.windowed(endpoint, scope, call, signal));
    } catch (e) {
      const last = e instanceof OneFichierError && e.details?.lockScope === 'endpoint' ? answers.last<T>(key, request.accepts) : undefined;
      if (!last) throw e;
      this.s.emit({
        type: 'cache',
        endpoint,
        ageMs: last.ageMs,
        message: `${endpoint}: 1fichier locked this call for now; served the last answer, ${Math.round(last.ageMs / 1000)} s old (${(e as OneFichierError).hint})`,
      });
      return last.value;
    }
  }

  /**
   * The call in its window: a turn on the budget's lane first, and the window restarted from the answer. A
   * call that sent nothing (cancelled while it waited for the IP's pace or the listing pace) gives its turn
   * back, so the folder's next listing need not wait a whole window for a request the service never saw.
   */
  private async windowed<T>(
    endpoint: Endpoint,
    scope: CallScope,
    call: (sent: () => void) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    const lanes = this.s.lanes(endpoint, scope);
    if (lanes.length === 0) return call(() => undefined);
    const since = this.s.now();
    await this.s.pacer.turn(endpoint, lanes, signal);
    let sent = false;
    try {
      return await call(() => (sent = true));
    } finally {
      await (sent ? this.s.pacer.answered(lanes) : this.s.pacer.unused(lanes, since));
    }
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
