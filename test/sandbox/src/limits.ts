/** The rate-limit settings of the API host (see limiter.ts for how they act, profiles.ts for their values). */
export interface Limits {
  /** Per-IP token bucket refill, in requests per second (API host only). */
  ratePerSecond: number;
  /** Bucket size: how many back-to-back calls an idle IP may make. */
  burst: number;
  /** How long a flood lock lasts. */
  lockMs: number;
  /** A call made during a lock starts the lock again (so a client that keeps probing stays locked). */
  lockExtends: boolean;
  /** Per-endpoint budgets (folder listing, list-all, user/info, get_token) are tracked at all. */
  endpointBudgets: boolean;
  /** An over-budget call locks (`true`) or is only counted in the state's `budgetOverruns` (`false`). */
  budgetsLock: boolean;
  /** file/ls and folder/ls: one call per folder per window. */
  folderListWindowMs: number;
  /** file/ls with folder_id -1: one call per window. */
  listAllWindowMs: number;
  /**
   * file/ls and folder/ls of any folder: one call per interval per IP, on top of the per-folder window
   * (0 = none). An overrun locks the IP (#374) whatever `budgetsLock` says: a profile that sets it enforces it.
   */
  listingIntervalMs: number;
  /**
   * file/info: one call per interval per IP (0 = none). An overrun is refused with 403 "Owner locked #649"
   * (too many file checks), and nothing is locked.
   */
  fileInfoIntervalMs: number;
  /** user/info: one call per window per IP... */
  userInfoIpWindowMs: number;
  /** ...and one per window per user. */
  userInfoUserWindowMs: number;
  /** What a user/info overrun locks: the IP (`#374`) or only user/info for that IP (`IP Locked #38`). */
  userInfoLockScope: 'ip' | 'endpoint';
  /** get_token.cgi: one call per window per IP (0 = no budget). */
  tokenWindowMs: number;
  /** Lock the user (#223, all IPs) instead of the IP when a per-user budget is exceeded. */
  userLock: boolean;
  /** Flood code: 374 (seen for years) or 412 ("new style", 2024). */
  floodCode: 374 | 412;
}

type LimitKind = 'rate' | 'count' | 'ms' | 'flag' | { oneOf: readonly (string | number)[] };

export interface LimitSpec {
  /** How the limit is read and checked (validateLimits, parseLimitValue) and scaled (scaleLimits). */
  kind: LimitKind;
  /** One line for `--help` (the CLI lists every limit from here). */
  summary: string;
}

/** Every limit: its kind and what it does. `--limit NAME=VALUE`, `limits: {...}` and the admin route read this. */
export const LIMIT_CATALOG: { [K in keyof Limits]: LimitSpec } = {
  ratePerSecond: { kind: 'rate', summary: 'per-IP requests per second (token bucket refill; API host only)' },
  burst: { kind: 'count', summary: 'per-IP bucket size: back-to-back calls an idle IP may make' },
  lockMs: { kind: 'ms', summary: 'how long a flood lock lasts' },
  lockExtends: { kind: 'flag', summary: 'a call made during a lock starts the lock again' },
  endpointBudgets: { kind: 'flag', summary: 'per-endpoint budgets (listings, list-all, user/info, get_token) are tracked at all' },
  budgetsLock: { kind: 'flag', summary: 'an over-budget call locks (true) or is only counted in budgetOverruns (false)' },
  folderListWindowMs: { kind: 'ms', summary: 'file/ls and folder/ls: one call per folder per window' },
  listAllWindowMs: { kind: 'ms', summary: 'file/ls folder_id -1: one call per window' },
  listingIntervalMs: { kind: 'ms', summary: 'listings of any folder: one per interval per IP (0 = none); an overrun always locks' },
  fileInfoIntervalMs: { kind: 'ms', summary: 'file/info: one per interval per IP (0 = none); an overrun answers Owner locked #649' },
  userInfoIpWindowMs: { kind: 'ms', summary: 'user/info: one call per IP per window' },
  userInfoUserWindowMs: { kind: 'ms', summary: 'user/info: one call per user per window' },
  userInfoLockScope: { kind: { oneOf: ['ip', 'endpoint'] }, summary: 'a user/info overrun locks the IP (#374) or user/info only (#38)' },
  tokenWindowMs: { kind: 'ms', summary: 'get_token: one call per IP per window (0 = no budget)' },
  userLock: { kind: 'flag', summary: 'a per-user budget overrun locks the user (#223, every IP) instead of the IP' },
  floodCode: { kind: { oneOf: [374, 412] }, summary: 'code of the IP flood lock: 374, or 412 ("new style", 2024)' },
};

const kindOf = (name: string): LimitKind => {
  if (!Object.hasOwn(LIMIT_CATALOG, name))
    throw new Error(`Unknown limit "${name}"; known limits: ${Object.keys(LIMIT_CATALOG).join(', ')}`);
  return LIMIT_CATALOG[name as keyof Limits].kind;
};

/** Throws a message saying what is wrong with a (partial) limits object; the admin route shows it. */
export function validateLimits(l: Record<string, unknown>): void {
  for (const [name, v] of Object.entries(l)) {
    const kind = kindOf(name);
    const bad = (what: string) => new Error(`Limit ${name} must be ${what}, got ${JSON.stringify(v)}`);
    if (kind === 'rate' && !(typeof v === 'number' && v > 0 && Number.isFinite(v))) throw bad('a number of requests per second > 0');
    if (kind === 'count' && !(typeof v === 'number' && v >= 1 && Number.isFinite(v))) throw bad('a number >= 1');
    if (kind === 'ms' && !(typeof v === 'number' && v >= 0 && Number.isFinite(v))) throw bad('a number of milliseconds >= 0');
    if (kind === 'flag' && typeof v !== 'boolean') throw bad('true or false');
    if (typeof kind === 'object' && !kind.oneOf.includes(v as string | number)) throw bad(`one of ${kind.oneOf.join(', ')}`);
  }
}

/** Reads a limit written as text (CLI flag or environment), by the limit's kind. */
export function parseLimitValue(name: string, text: string): Limits[keyof Limits] {
  const kind = kindOf(name);
  let value: unknown;
  if (kind === 'flag') {
    if (/^(1|true|yes|on)$/i.test(text)) value = true;
    else if (/^(0|false|no|off)$/i.test(text)) value = false;
    else throw new Error(`Limit ${name} expects true/false (or 1/0, yes/no, on/off), got "${text}"`);
  } else if (typeof kind === 'object' && typeof kind.oneOf[0] === 'string') {
    value = text;
  } else {
    value = text.trim() === '' ? NaN : Number(text);
  }
  validateLimits({ [name]: value });
  return value as Limits[keyof Limits];
}

/**
 * Copy of a limits object with time compressed by `timeScale` (0.01 = a hundred times faster): durations are
 * multiplied, the request rate divided, so the shape (how many calls before a lock) stays the same.
 */
export function scaleLimits(l: Partial<Limits>, timeScale: number): Partial<Limits> {
  const out: Record<string, unknown> = { ...l };
  for (const [name, v] of Object.entries(l)) {
    const kind = Object.hasOwn(LIMIT_CATALOG, name) ? LIMIT_CATALOG[name as keyof Limits].kind : undefined;
    if (kind === 'ms') out[name] = (v as number) * timeScale;
    if (kind === 'rate') out[name] = (v as number) / timeScale;
  }
  return out as Partial<Limits>;
}
