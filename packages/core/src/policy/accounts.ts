/**
 * The process-wide registry: one pacer for the whole process (one pace per IP, shared by every key and
 * client; the lanes in it are per service, per account and per endpoint, see lanes.ts) and one answer cache
 * per account. A client given its own `pacer` (the Node entry's machine-wide one) uses that instead. Account
 * ids are hashes of the key (never the key).
 */
import type { Clock } from '../types';
import { AnswerCache } from './answer-cache';
import { LanePacer } from './pacer';

// Keyed by clock first: one process has one real clock, so this is "one per process"; tests that build clients
// on separate fake clocks get separate pacers and caches instead of ones driven by the wrong clock.
let pacers = new WeakMap<Clock, LanePacer>();
let caches = new WeakMap<Clock, Map<string, AnswerCache>>();

/** The process's pacer (on this clock). */
export function sharedPacer(clock: Clock): LanePacer {
  let pacer = pacers.get(clock);
  if (!pacer) {
    pacer = new LanePacer(clock);
    pacers.set(clock, pacer);
  }
  return pacer;
}

/** The process-wide answer cache of an account. */
export function sharedAnswerCache(accountId: string, clock: Clock): AnswerCache {
  let byAccount = caches.get(clock);
  if (!byAccount) {
    byAccount = new Map();
    caches.set(clock, byAccount);
  }
  let cache = byAccount.get(accountId);
  if (!cache) {
    cache = new AnswerCache(clock);
    byAccount.set(accountId, cache);
  }
  return cache;
}

/** Drops the shared pacers and answer caches (tests, or a host that wants a clean slate). */
export function resetSharedPacers(): void {
  pacers = new WeakMap();
  caches = new WeakMap();
}
