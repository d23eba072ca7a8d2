/**
 * The retry decision (modelled on octokit's plugin-retry): given a classified error, wait and try again or
 * fail. Flood locks cool down (the pacer holds every call the lock covers, and bounds the total wait), other
 * temporary failures back off exponentially with full jitter, the rest fails at once. Also the errors of a
 * call that gives up waiting, which say how long to wait and what to do. The numbers and their sources are in
 * docs/api-notes.md#rate-limits-and-budgets and the core README, "Pacing".
 */
import { OneFichierError, rewordError } from '../errors';
import { DOWNLOAD_TOO_FAST_WAIT_MS } from '../limits';
import type { RetryOptions } from '../types';
import { isFlood } from './classify';
import type { LockScope } from './lanes';
import type { LaneKind } from './pacer';

export const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 6,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  floodCooldownMs: 60_000,
  maxFloodWaitMs: 900_000,
  tooFastWaitMs: DOWNLOAD_TOO_FAST_WAIT_MS,
};

export type RetryDecision = { action: 'fail' } | { action: 'flood'; delayMs: number } | { action: 'backoff'; delayMs: number };

/**
 * What to do after `err` on try number `attempt` (1-based). A flood lock cools down for floodCooldownMs plus
 * up to a tenth more (processes that cannot see each other, such as n8n workers, then do not all come back
 * at the same instant); the pacer lengthens it while locks come back to back and bounds the call's total
 * wait by maxFloodWaitMs. 429/5xx/509/network errors back off exponentially with full jitter (bounded by
 * maxAttempts); everything else fails at once.
 */
export function decideRetry(err: OneFichierError, attempt: number, opts: RetryOptions, random: () => number): RetryDecision {
  if (err.kind === 'cancelled' || !err.retryable) return { action: 'fail' };
  if (isFlood(err)) return { action: 'flood', delayMs: Math.round(opts.floodCooldownMs * (1 + random() / 10)) };
  if (attempt >= opts.maxAttempts) return { action: 'fail' };
  return { action: 'backoff', delayMs: Math.max(backoffDelayMs(attempt, opts, random), Math.min(err.retryAfterMs ?? 0, opts.maxDelayMs)) };
}

/** Full-jitter exponential backoff before try number `attempt + 1`: random(0, min(maxDelayMs, baseDelayMs * 2^(attempt-1))). */
export function backoffDelayMs(attempt: number, opts: RetryOptions, random: () => number): number {
  return Math.floor(random() * Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** (attempt - 1)));
}

const minutes = (ms: number): string => (ms < 90_000 ? `${Math.max(1, Math.ceil(ms / 1000))} s` : `${Math.ceil(ms / 60_000)} min`);

/**
 * A flood lock that covers only one endpoint (user/info's #38): the call fails at once, since waiting would
 * hold the caller for minutes while every other call still works.
 */
export function endpointLockedError(error: OneFichierError, endpoint: string, retryAfterMs: number): OneFichierError {
  return rewordError(error, {
    kind: 'rate_limited',
    endpoint,
    retryable: true,
    retryAfterMs,
    hint: `1fichier locked ${endpoint} for this IP (it allows it about once every 5 minutes); only this call is locked: uploads, downloads and other calls still work. Ask again in ${minutes(retryAfterMs)}.`,
    details: { ...error.details, lockScope: 'endpoint' satisfies LockScope },
  });
}

/**
 * A lock that outlasted what this call may wait (retry.maxFloodWaitMs): how long to wait, and what to do
 * about it. The hint replaces the classification's, which describes a lock the client is still waiting out.
 */
export function gaveUpOnLock(
  error: OneFichierError,
  endpoint: string,
  retryAfterMs: number,
  waitedMs: number,
  scope: LockScope,
): OneFichierError {
  return rewordError(error, {
    kind: 'rate_limited',
    endpoint,
    retryable: true,
    retryAfterMs,
    message: `${error.message} (still locked after waiting ${minutes(waitedMs)} in all)`,
    hint: lockHint(error.code, retryAfterMs, scope),
    details: { ...error.details, lockScope: scope },
  });
}

/** What to do about a flood lock the client no longer waits for: how long to wait, and how to avoid the next. */
export function lockHint(code: number | undefined, retryAfterMs: number, scope: LockScope): string {
  const what = scope === 'account' ? 'this account' : 'this IP';
  return (
    `1fichier locked ${what} for making too many calls${code !== undefined ? ` (#${code})` : ''}. Wait ${minutes(retryAfterMs)} ` +
    'before the next call, then run fewer operations at once. If other programs or n8n workers use 1fichier from this ' +
    'connection at the same time, run them one after the other (n8n queue mode: set "Processes Sharing This Key" on the credential).'
  );
}

/** A call whose turn is further away than it may wait: a budget window, a lock, or a queue of other calls. */
export function waitTooLongError(endpoint: string, kind: LaneKind, ms: number, locked: boolean, windowMs: number): OneFichierError {
  if (kind === 'budget') {
    return new OneFichierError({
      kind: 'rate_limited',
      endpoint,
      retryable: true,
      retryAfterMs: ms,
      message: `${endpoint} may be called again in ${Math.ceil(ms / 1000)} s (1fichier allows it once per ${formatWindow(windowMs)}); calling now would risk a flood lock.`,
      hint:
        endpoint === 'user/info.cgi'
          ? `Try again in ${minutes(ms)}.`
          : `Try again in ${minutes(ms)}, or list a single folder instead of the whole account.`,
    });
  }
  if (kind === 'endpoint') {
    return new OneFichierError({
      kind: 'rate_limited',
      endpoint,
      retryable: true,
      retryAfterMs: ms,
      message: `1fichier ${endpoint}: locked for this IP for another ${minutes(ms)} (Flood detected #38); the call was not sent.`,
      hint: `Only ${endpoint} is locked: uploads, downloads and other calls still work. Ask again in ${minutes(ms)}.`,
      details: { lockScope: 'endpoint' satisfies LockScope },
    });
  }
  return new OneFichierError({
    kind: 'rate_limited',
    endpoint,
    retryable: true,
    retryAfterMs: ms,
    message: locked
      ? `1fichier ${endpoint}: this IP is still locked for flooding for ${minutes(ms)}, longer than this call may wait; it was not sent.`
      : `1fichier ${endpoint}: this call's turn is ${minutes(ms)} away (other calls from this machine come first), longer than it may wait; it was not sent.`,
    hint: locked
      ? `Wait ${minutes(ms)} before the next call, then run fewer operations at once.`
      : `Try again in ${minutes(ms)}, or run fewer operations at once.`,
  });
}

/** A budget window in words: 30 s, 5 min, 1 h. */
export function formatWindow(ms: number): string {
  return ms >= 3_600_000
    ? `${Math.round(ms / 3_600_000)} h`
    : ms >= 60_000
      ? `${Math.round(ms / 60_000)} min`
      : `${Math.round(ms / 1000)} s`;
}
