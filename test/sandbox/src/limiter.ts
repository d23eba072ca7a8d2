import { ApiError, Errors } from './errors';
import type { Limits } from './options';

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * The service's rate-limit shape: a per-IP token bucket; an IP that overdraws it, or overruns a
 * per-endpoint budget, is locked (403 `Flood detected: IP Locked #374`) for `lockMs`. Calls made while
 * locked are refused but do not extend the lock, so a client that waits it out gets through.
 */
export class FloodGuard {
  private readonly buckets = new Map<string, Bucket>();
  private readonly ipLocks = new Map<string, number>();
  private readonly userLocks = new Map<string, number>();
  /** Last accepted call time per budget key. */
  private readonly budgets = new Map<string, number>();
  /** Counters for the admin state. */
  floods = 0;

  constructor(
    public limits: Limits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws the flood KO when the IP (or user) is locked or the IP has no tokens left. */
  admit(ip: string): void {
    const t = this.now();
    const lockedUntil = this.ipLocks.get(ip);
    if (lockedUntil !== undefined) {
      if (t < lockedUntil) throw Errors.floodIp(this.limits.floodCode);
      this.ipLocks.delete(ip);
    }
    const { ratePerSecond, burst } = this.limits;
    const b = this.buckets.get(ip) ?? { tokens: burst, updatedAt: t };
    b.tokens = Math.min(burst, b.tokens + ((t - b.updatedAt) / 1000) * ratePerSecond);
    b.updatedAt = t;
    this.buckets.set(ip, b);
    if (b.tokens < 1) throw this.lockIp(ip);
    b.tokens -= 1;
  }

  checkUser(user: string): void {
    const until = this.userLocks.get(user);
    if (until === undefined) return;
    if (this.now() < until) throw Errors.floodUser();
    this.userLocks.delete(user);
  }

  /** One call per `windowMs` for this key; a second one inside the window locks the IP (or the user). */
  spend(key: string, windowMs: number, ip: string, user?: string): void {
    if (!this.limits.endpointBudgets || windowMs <= 0) return;
    const t = this.now();
    const last = this.budgets.get(key);
    if (last !== undefined && t - last < windowMs) {
      if (user !== undefined && this.limits.userLock) throw this.lockUser(user);
      throw this.lockIp(ip);
    }
    this.budgets.set(key, t);
  }

  lockIp(ip: string): ApiError {
    this.floods++;
    this.ipLocks.set(ip, this.now() + this.limits.lockMs);
    return Errors.floodIp(this.limits.floodCode);
  }

  lockUser(user: string): ApiError {
    this.floods++;
    this.userLocks.set(user, this.now() + this.limits.lockMs);
    return Errors.floodUser();
  }

  /** Admin: lift every lock and forget every budget (between tests). */
  clear(): void {
    this.buckets.clear();
    this.ipLocks.clear();
    this.userLocks.clear();
    this.budgets.clear();
  }

  lockedIps(): Record<string, number> {
    const t = this.now();
    return Object.fromEntries([...this.ipLocks].filter(([, until]) => until > t));
  }
}
