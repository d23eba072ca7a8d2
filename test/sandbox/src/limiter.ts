import { ApiError, Errors } from './errors';
import type { Limits } from './limits';

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** One per-endpoint budget: one call per `windowMs` for `key`. */
export interface Budget {
  /** Name in the state's `budgetOverruns` counter (e.g. "folder listing"). */
  name: string;
  key: string;
  windowMs: number;
  ip: string;
  /** Set for per-user budgets: with `userLock` an overrun locks the user (#223). */
  user?: string;
  /** Set when an overrun locks only this endpoint for this IP (user/info's #38), not the whole IP. */
  endpoint?: string;
}

/**
 * The service's rate-limit shape: a per-IP token bucket; an IP that overdraws it, or overruns a
 * per-endpoint budget the profile enforces, is locked (403 `Flood detected: IP Locked #374`) for `lockMs`.
 * With `lockExtends`, a call made during a lock starts it again; otherwise it is refused and the lock ends
 * on time. A budget the profile does not enforce is only counted (`overruns`).
 */
export class FloodGuard {
  private readonly buckets = new Map<string, Bucket>();
  private readonly ipLocks = new Map<string, number>();
  /** `<ip> <endpoint>` → end of a lock that covers only that endpoint (user/info's #38). */
  private readonly endpointLocks = new Map<string, number>();
  private readonly userLocks = new Map<string, number>();
  /** Last accepted call time per budget key. */
  private readonly budgets = new Map<string, number>();
  /** Flood locks handed out, in total and by the code of their answer. */
  floods = 0;
  floodsByCode: Record<string, number> = {};
  /** Calls refused because a lock was on, and how many of them extended it. */
  refusedWhileLocked = 0;
  lockExtensions = 0;
  /** Calls over a budget, by budget name (locked or only counted, as the profile says). */
  budgetOverruns: Record<string, number> = {};
  /**
   * The deepest any IP has drawn its bucket (calls taken beyond what the rate refilled): the burst a run
   * needed at this rate. With burst 3 a value of 3 means the next quick call would have locked.
   */
  peakDraw = 0;

  constructor(
    public limits: Limits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws the flood KO when the IP, or this endpoint for the IP, is locked, or the IP has no tokens left. */
  admit(ip: string, endpoint: string): void {
    this.checkLock(this.ipLocks, ip, () => Errors.floodIp(this.limits.floodCode));
    this.checkLock(this.endpointLocks, `${ip} ${endpoint}`, () => Errors.floodEndpoint());
    const t = this.now();
    const { ratePerSecond, burst } = this.limits;
    const b = this.buckets.get(ip) ?? { tokens: burst, updatedAt: t };
    b.tokens = Math.min(burst, b.tokens + ((t - b.updatedAt) / 1000) * ratePerSecond);
    b.updatedAt = t;
    this.buckets.set(ip, b);
    if (b.tokens < 1) throw this.lock(this.ipLocks, ip, Errors.floodIp(this.limits.floodCode));
    b.tokens -= 1;
    this.peakDraw = Math.max(this.peakDraw, burst - b.tokens);
  }

  checkUser(user: string): void {
    this.checkLock(this.userLocks, user, () => Errors.floodUser());
  }

  /** One call per window for the budget's key; an overrun locks (or is only counted) as the profile says. */
  spend(b: Budget): void {
    if (!this.limits.endpointBudgets || b.windowMs <= 0) return;
    const t = this.now();
    const last = this.budgets.get(b.key);
    if (last === undefined || t - last >= b.windowMs) {
      this.budgets.set(b.key, t);
      return;
    }
    this.budgetOverruns[b.name] = (this.budgetOverruns[b.name] ?? 0) + 1;
    if (!this.limits.budgetsLock) return;
    if (b.endpoint !== undefined) throw this.lock(this.endpointLocks, `${b.ip} ${b.endpoint}`, Errors.floodEndpoint());
    if (b.user !== undefined && this.limits.userLock) throw this.lock(this.userLocks, b.user, Errors.floodUser());
    throw this.lock(this.ipLocks, b.ip, Errors.floodIp(this.limits.floodCode));
  }

  /**
   * The IP-wide listing pace (`listingIntervalMs`): one listing of any folder per interval per IP. An overrun
   * is counted as the budget "listing pace" and locks the IP, even where per-folder budgets are only counted.
   */
  spendListing(ip: string): void {
    const windowMs = this.limits.listingIntervalMs;
    if (windowMs <= 0) return;
    const key = `listing:${ip}`;
    const t = this.now();
    const last = this.budgets.get(key);
    if (last === undefined || t - last >= windowMs) {
      this.budgets.set(key, t);
      return;
    }
    this.budgetOverruns['listing pace'] = (this.budgetOverruns['listing pace'] ?? 0) + 1;
    throw this.lock(this.ipLocks, ip, Errors.floodIp(this.limits.floodCode));
  }

  /**
   * The file/info budget (`fileInfoIntervalMs`): one file check per interval per IP. An overrun is refused
   * with "Owner locked #649", counted as the budget "file checks", and locks nothing.
   */
  spendFileInfo(ip: string): void {
    const windowMs = this.limits.fileInfoIntervalMs;
    if (windowMs <= 0) return;
    const key = `file-info:${ip}`;
    const t = this.now();
    const last = this.budgets.get(key);
    if (last === undefined || t - last >= windowMs) {
      this.budgets.set(key, t);
      return;
    }
    this.budgetOverruns['file checks'] = (this.budgetOverruns['file checks'] ?? 0) + 1;
    throw Errors.ownerLocked(649);
  }

  private checkLock(locks: Map<string, number>, key: string, error: () => ApiError): void {
    const until = locks.get(key);
    if (until === undefined) return;
    const t = this.now();
    if (t >= until) {
      locks.delete(key);
      return;
    }
    this.refusedWhileLocked++;
    if (this.limits.lockExtends) {
      locks.set(key, t + this.limits.lockMs);
      this.lockExtensions++;
    }
    throw error();
  }

  private lock(locks: Map<string, number>, key: string, error: ApiError): ApiError {
    this.floods++;
    const code = /#(\d+)$/.exec(error.message)?.[1] ?? '?';
    this.floodsByCode[code] = (this.floodsByCode[code] ?? 0) + 1;
    locks.set(key, this.now() + this.limits.lockMs);
    return error;
  }

  /** Admin: lift every lock and forget every budget (between tests). Counters stay. */
  clear(): void {
    this.buckets.clear();
    this.ipLocks.clear();
    this.endpointLocks.clear();
    this.userLocks.clear();
    this.budgets.clear();
  }

  /** IP locks still on, with their end time. */
  lockedIps(): Record<string, number> {
    return this.stillOn(this.ipLocks);
  }

  /** Endpoint-scoped locks still on (`<ip> <endpoint>`), with their end time. */
  lockedEndpoints(): Record<string, number> {
    return this.stillOn(this.endpointLocks);
  }

  /** User locks (#223) still on, by user id, with their end time. */
  lockedUsers(): Record<string, number> {
    return this.stillOn(this.userLocks);
  }

  private stillOn(locks: Map<string, number>): Record<string, number> {
    const t = this.now();
    return Object.fromEntries([...locks].filter(([, until]) => until > t));
  }
}
