/**
 * The retry decision (modelled on octokit's plugin-retry): given a classified error, wait and try again or
 * fail. Flood locks cool down, temporary failures back off exponentially with full jitter, the rest fails at
 * once. The numbers and their sources are in docs/api-notes.md#rate-limits-and-budgets.
 */
import type { OneFichierError } from '../errors';
import type { RetryOptions } from '../types';
import { isFlood } from './classify';

export const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 6,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  floodCooldownMs: 60_000,
  maxFloodWaitMs: 900_000,
};

export type RetryDecision = { action: 'fail' } | { action: 'flood'; delayMs: number } | { action: 'backoff'; delayMs: number };

/**
 * What to do after `err` on try number `attempt` (1-based), given the flood pause this call has already
 * taken. Flood locks cool down (bounded by maxFloodWaitMs in total); 429/5xx/509/network errors back off
 * exponentially with full jitter (bounded by maxAttempts); everything else fails at once.
 */
export function decideRetry(
  err: OneFichierError,
  attempt: number,
  floodWaitedMs: number,
  opts: RetryOptions,
  random: () => number,
): RetryDecision {
  if (err.kind === 'cancelled' || !err.retryable) return { action: 'fail' };
  if (isFlood(err)) {
    if (floodWaitedMs + opts.floodCooldownMs > opts.maxFloodWaitMs) return { action: 'fail' };
    return { action: 'flood', delayMs: opts.floodCooldownMs };
  }
  if (attempt >= opts.maxAttempts) return { action: 'fail' };
  return { action: 'backoff', delayMs: Math.max(backoffDelayMs(attempt, opts, random), Math.min(err.retryAfterMs ?? 0, opts.maxDelayMs)) };
}

/** Full-jitter exponential backoff before try number `attempt + 1`: random(0, min(maxDelayMs, baseDelayMs * 2^(attempt-1))). */
export function backoffDelayMs(attempt: number, opts: RetryOptions, random: () => number): number {
  return Math.floor(random() * Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** (attempt - 1)));
}
