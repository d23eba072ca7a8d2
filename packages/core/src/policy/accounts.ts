/**
 * The process-wide registry: one pacer and one answer cache per account, shared by every client built with
 * the same key (or `accountKey`). `accountId` is a hash of the key (never the key). Only this process
 * shares them; other processes using the same key or IP keep their own pace.
 */
import type { Clock, LimitOptions } from '../types';
import { AnswerCache } from './answer-cache';
import { RateLimiter } from './pacer';

type PerAccount<T> = WeakMap<Clock, Map<string, T>>;

// Keyed by clock first: one process has one real clock, so this is "one per account"; tests that build clients
// on separate fake clocks get separate pacers and caches instead of ones driven by the wrong clock.
let pacers: PerAccount<RateLimiter> = new WeakMap();
let caches: PerAccount<AnswerCache> = new WeakMap();

function perAccount<T>(registry: PerAccount<T>, clock: Clock, accountId: string, create: () => T): { value: T; created: boolean } {
  let byAccount = registry.get(clock);
  if (!byAccount) {
    byAccount = new Map();
    registry.set(clock, byAccount);
  }
  const found = byAccount.get(accountId);
  if (found !== undefined) return { value: found, created: false };
  const value = create();
  byAccount.set(accountId, value);
  return { value, created: true };
}

/**
 * The process-wide pacer of an account. A later client of the same account may tighten the limits (a slower
 * pace, longer budgets), never loosen them.
 */
export function sharedLimiter(accountId: string, clock: Clock, limits: Partial<LimitOptions> = {}): RateLimiter {
  const { value, created } = perAccount(pacers, clock, accountId, () => new RateLimiter(clock, limits));
  if (!created) value.tighten(limits);
  return value;
}

/** The process-wide answer cache of an account. */
export function sharedAnswerCache(accountId: string, clock: Clock): AnswerCache {
  return perAccount(caches, clock, accountId, () => new AnswerCache(clock)).value;
}

/** Drops every shared pacer and answer cache (tests, or a host that wants a clean slate). */
export function resetSharedLimiters(): void {
  pacers = new WeakMap();
  caches = new WeakMap();
}
