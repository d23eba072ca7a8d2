/**
 * The lanes a call counts against (pacer.ts), from the per-endpoint table (endpoints.ts) and the client's
 * limits. Keys name the service (the API host), so every key, client and process that calls the same service
 * from this machine meets in the same lanes:
 *
 * - `<host> ip`: the IP's pace, every call (FIFO; learns from flood locks);
 * - `<host> account <id>`: the account, every call (only a `#223` lock or its learned pace holds it);
 * - `<host> ip <lane>`: an endpoint's own pace on the IP (get_token, file/info), or one that several
 *   endpoints share (`listing`: file/ls and folder/ls of any folder), and an endpoint's own lock
 *   (`<host> ip <endpoint> lock`: user/info's `#38`);
 * - `<host> account <id> <budget>`: a budget window (a folder listing, user/info), once per logical call.
 *
 * Where the numbers come from is in the core README, "Pacing".
 */
import type { LimitOptions, RetryOptions } from '../types';
import { ENDPOINT_POLICIES, type CallScope, type Endpoint, type EndpointPolicy } from './endpoints';
import type { Lane } from './pacer';

/** A flood lock drops the pace to at least this many times the configured spacing (2.5 s at 500 ms: JDownloader's floor). */
const CAUTIOUS_PACE_FACTOR = 5;
/** The cautious pace of a client configured without one (0 ms): JDownloader's 2.5 s floor. */
const CAUTIOUS_PACE_FLOOR_MS = 2_500;
/** No rate is given back until this many cool-downs have passed since the last lock (5 min: JDownloader's wait after a flood). */
const HOLD_COOLDOWNS = 5;
/** The slowest a learned pace goes, in cautious spacings. */
const MAX_SLOWDOWN = 8;

/** What the lanes of a client depend on. */
export interface LaneSettings {
  /** The API host (`api.1fichier.com`): the service these lanes belong to. */
  service: string;
  accountId: string;
  limits: LimitOptions;
  retry: RetryOptions;
  /** Processes that share the IP's pace without sharing a pacer: this client's spacings are that many times longer. */
  share: number;
}

/** The service of a base URL: its host, lower-case. */
export function serviceOf(baseUrl: string): string {
  return (baseUrl.replace(/^[a-z]+:\/\//i, '').split('/')[0] ?? baseUrl).toLowerCase();
}

function adaptive(intervalMs: number, cautiousMs: number, s: LaneSettings): NonNullable<Lane['adaptive']> {
  const cautious = Math.max(cautiousMs, intervalMs);
  return { cautiousMs: cautious, holdMs: HOLD_COOLDOWNS * s.retry.floodCooldownMs, maxMs: MAX_SLOWDOWN * cautious };
}

/** The IP's pace: every request, to the API host, the upload node and the download host. */
function ipLane(s: LaneSettings): Lane {
  const intervalMs = s.limits.minIntervalMs * s.share;
  const cautious = intervalMs > 0 ? CAUTIOUS_PACE_FACTOR * intervalMs : CAUTIOUS_PACE_FLOOR_MS;
  return { key: `${s.service} ip`, kind: 'pace', intervalMs, fifo: true, adaptive: adaptive(intervalMs, cautious, s) };
}

/** The account: nothing holds it until the service locks it (`#223`); then it learns a pace of its own. */
function accountLane(s: LaneSettings): Lane {
  const cautious = s.limits.minIntervalMs > 0 ? CAUTIOUS_PACE_FACTOR * s.limits.minIntervalMs * s.share : CAUTIOUS_PACE_FLOOR_MS;
  return { key: `${s.service} account ${s.accountId}`, kind: 'account', intervalMs: 0, adaptive: adaptive(0, cautious, s) };
}

/** An endpoint's own pace on the IP (endpoints.ts `ownPace`), the same lane for every endpoint that names it. */
function ownPaceLane(pace: NonNullable<EndpointPolicy['ownPace']>, s: LaneSettings): Lane {
  const intervalMs = pace.intervalMs(s.limits) * s.share;
  return {
    key: `${s.service} ip ${pace.lane}`,
    kind: 'token',
    intervalMs,
    adaptive: adaptive(intervalMs, pace.cautiousFactor * intervalMs, s),
    why: pace.why,
  };
}

/** Every lane one try of `endpoint` counts against, budget windows aside (see budgetLane). */
export function lanesFor(endpoint: Endpoint, s: LaneSettings): Lane[] {
  const lanes = [ipLane(s), accountLane(s)];
  const policy = ENDPOINT_POLICIES[endpoint];
  if (policy?.ownPace) lanes.push(ownPaceLane(policy.ownPace, s));
  if (policy?.ownLock) {
    lanes.push({
      key: `${s.service} ip ${endpoint} lock`,
      kind: 'endpoint',
      intervalMs: 0,
      maxWaitMs: 0,
      lockMs: policy.ownLock.ms(s.limits),
    });
  }
  return lanes;
}

/**
 * The budget window of a listing or user/info call (budgets.ts takes it once per logical call: a retry is
 * the same call), counted from the answer; a longer wait than `maxWaitMs` fails at once. The endpoint's own
 * lock comes with it, so that a call made during that lock says so rather than "wait for the window".
 */
export function budgetLanes(endpoint: Endpoint, scope: CallScope, s: LaneSettings, maxWaitMs: number): Lane[] {
  const budget = ENDPOINT_POLICIES[endpoint]?.budget?.(scope, s.limits);
  if (!budget) return [];
  const window: Lane = {
    key: `${s.service} account ${s.accountId} ${budget.key}`,
    kind: 'budget',
    intervalMs: budget.intervalMs,
    maxWaitMs,
    fromAnswer: true,
  };
  return [...lanesFor(endpoint, s).filter((l) => l.kind === 'endpoint'), window];
}

/** What a flood lock covers, by its code: the IP (#374, #412, or no code), the account (#223), or one endpoint (user/info's #38). */
export type LockScope = 'ip' | 'account' | 'endpoint';

export function lockScopeOf(code: number | undefined, endpoint: Endpoint): LockScope {
  if (code !== undefined && ENDPOINT_POLICIES[endpoint]?.ownLock?.codes.includes(code)) return 'endpoint';
  if (code === 223) return 'account';
  return 'ip';
}

/**
 * The lanes a lock of that scope locks: the endpoint's own lock lane, or the account lane, among the call's
 * lanes; for the IP, its pace and every endpoint pace of the IP, whichever call met it: the
 * service says this machine calls too fast, so every per-IP pace (get_token's, file/info's, the listings')
 * falls to its cautious spacing at once.
 */
export function lanesLockedBy(scope: LockScope, lanes: Lane[], s: LaneSettings): Lane[] {
  if (scope === 'endpoint') return lanes.filter((l) => l.kind === 'endpoint');
  if (scope === 'account') return lanes.filter((l) => l.kind === 'account');
  const ipPaces = new Map<string, Lane>();
  for (const policy of Object.values(ENDPOINT_POLICIES)) {
    if (!policy.ownPace) continue;
    const lane = ownPaceLane(policy.ownPace, s);
    ipPaces.set(lane.key, lane);
  }
  return [ipLane(s), ...ipPaces.values()];
}
