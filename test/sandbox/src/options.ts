import * as path from 'path';

/** Faults, switched on per run (options, CLI flags, `setFaults`, or `POST /__sandbox/faults`). */
export interface Faults {
  /** Share (0..1) of API calls answered with a 5xx (500/502/503/504/509) before they are processed. */
  serverErrorRate: number;
  /** The next N uploads have their connection reset half-way through the body (nothing is stored). */
  uploadResets: number;
  /** Every API, upload-node and download answer is delayed by this many ms. */
  slowMs: number;
  /** `end.pl` answers an HTML "please wait" page until this many ms after the upload finished. */
  endPlWaitMs: number;
  /** The next N `end.pl` answers carry `links: []` (the files are stored all the same). */
  endPlNoLinks: number;
  /** A new file shows up in listings only this many ms after it was written. */
  listingLagMs: number;
  /** The next N `get_token.cgi` answers are HTTP 200 with status KO (rclone re-requests these). */
  tokenKo: number;
}

export const NO_FAULTS: Faults = {
  serverErrorRate: 0,
  uploadResets: 0,
  slowMs: 0,
  endPlWaitMs: 0,
  endPlNoLinks: 0,
  listingLagMs: 0,
  tokenKo: 0,
};

export interface Limits {
  /** Per-IP token bucket refill, in requests per second (API host only). */
  ratePerSecond: number;
  /** Bucket size: how many back-to-back calls an idle IP may make. */
  burst: number;
  /** How long a flood lock lasts. */
  lockMs: number;
  /** Per-endpoint budgets (folder listing, list-all, user/info). */
  endpointBudgets: boolean;
  /** file/ls and folder/ls: one call per folder per window. */
  folderListWindowMs: number;
  /** file/ls with folder_id -1: one call per window. */
  listAllWindowMs: number;
  /** user/info: one call per window per IP... */
  userInfoIpWindowMs: number;
  /** ...and one per window per user. */
  userInfoUserWindowMs: number;
  /** Lock the user (#223, all IPs) instead of the IP when a per-user budget is exceeded. */
  userLock: boolean;
  /** Flood code: 374 (seen for years) or 412 ("new style", 2024). */
  floodCode: 374 | 412;
}

export interface SandboxOptions {
  /** API host port; 0 picks a free port. Upload node and download host default to 0 (free ports). */
  port: number;
  uploadPort: number;
  downloadPort: number;
  /** Interface to listen on. Loopback only; the default is 127.0.0.1. */
  host: string;
  dataDir: string;
  /** Wipe the data folder before starting. */
  reset: boolean;
  premiumKeys: string[];
  freeKeys: string[];
  limits: Limits;
  faults: Faults;
  /** Largest accepted file, in bytes (the real service: 300 GB). */
  maxFileSize: number;
  /** Download token lifetime. */
  tokenTtlMs: number;
  /** How long end.pl keeps an upload's answer. */
  endPlTtlMs: number;
  /** user/info.cgi answers integers instead of the strings rclone decodes (both exist in the wild). */
  userInfoIntegers: boolean;
  /** A request body that sends no byte for this long is cut (a partial body is never held open forever). */
  bodyIdleTimeoutMs: number;
  /** Where internal errors are written, one line each (default: stderr). */
  log: (line: string) => void;
}

/** Fixed so docs can show it. 32 alphanumerics, like a real key. */
export const DEFAULT_PREMIUM_KEY = 'SandboxPremiumKey0123456789abcde';
export const DEFAULT_FREE_KEY = 'SandboxFreeKey0123456789abcdefgh';

export const DEFAULT_LIMITS: Limits = {
  ratePerSecond: 3,
  burst: 3,
  lockMs: 60_000,
  endpointBudgets: true,
  folderListWindowMs: 30_000,
  listAllWindowMs: 3_600_000,
  userInfoIpWindowMs: 60_000,
  userInfoUserWindowMs: 300_000,
  userLock: false,
  floodCode: 374,
};

export function defaultDataDir(): string {
  // dist/ or src/ -> test/sandbox -> test -> repo root
  return path.resolve(__dirname, '..', '..', '..', '.sandbox-data');
}

export type SandboxOptionsInput = Partial<Omit<SandboxOptions, 'limits' | 'faults'>> & {
  limits?: Partial<Limits>;
  faults?: Partial<Faults>;
};

export function resolveOptions(input: SandboxOptionsInput = {}): SandboxOptions {
  const opts: SandboxOptions = {
    port: input.port ?? 0,
    uploadPort: input.uploadPort ?? 0,
    downloadPort: input.downloadPort ?? 0,
    host: input.host ?? '127.0.0.1',
    dataDir: path.resolve(input.dataDir ?? defaultDataDir()),
    reset: input.reset ?? false,
    premiumKeys: input.premiumKeys ?? [DEFAULT_PREMIUM_KEY],
    freeKeys: input.freeKeys ?? [DEFAULT_FREE_KEY],
    limits: { ...DEFAULT_LIMITS, ...input.limits },
    faults: { ...NO_FAULTS, ...input.faults },
    maxFileSize: input.maxFileSize ?? 300e9,
    tokenTtlMs: input.tokenTtlMs ?? 5 * 60_000,
    endPlTtlMs: input.endPlTtlMs ?? 2 * 3_600_000,
    userInfoIntegers: input.userInfoIntegers ?? false,
    bodyIdleTimeoutMs: input.bodyIdleTimeoutMs ?? 30_000,
    log: input.log ?? ((line) => console.error(line)),
  };
  validateOptions(opts);
  return opts;
}

function validateOptions(o: SandboxOptions): void {
  const fail = (msg: string): never => {
    throw new Error(`Invalid sandbox option: ${msg}`);
  };
  for (const [name, v] of [
    ['port', o.port],
    ['uploadPort', o.uploadPort],
    ['downloadPort', o.downloadPort],
  ] as const) {
    if (!Number.isInteger(v) || v < 0 || v > 65535) fail(`${name} must be an integer 0..65535 (0 picks a free port), got ${v}`);
  }
  if (!/^127\.\d+\.\d+\.\d+$/.test(o.host) && o.host !== '::1') fail(`host must be a loopback address, got "${o.host}"`);
  const keyRe = /^[A-Za-z0-9]{16,64}$/;
  if (o.premiumKeys.length + o.freeKeys.length === 0) fail('at least one API key is required');
  for (const k of [...o.premiumKeys, ...o.freeKeys]) {
    // Never echo the key itself.
    if (!keyRe.test(k)) fail('API keys must be 16 to 64 letters or digits');
  }
  if (new Set([...o.premiumKeys, ...o.freeKeys]).size !== o.premiumKeys.length + o.freeKeys.length) {
    fail('the same API key is listed twice');
  }
  const l = o.limits;
  if (!(l.ratePerSecond > 0)) fail(`rate must be > 0 requests per second, got ${l.ratePerSecond}`);
  if (!(l.burst >= 1)) fail(`burst must be >= 1, got ${l.burst}`);
  for (const k of ['lockMs', 'folderListWindowMs', 'listAllWindowMs', 'userInfoIpWindowMs', 'userInfoUserWindowMs'] as const) {
    if (!Number.isFinite(l[k]) || l[k] < 0) fail(`${k} must be a number of milliseconds >= 0, got ${l[k]}`);
  }
  if (l.floodCode !== 374 && l.floodCode !== 412) fail(`floodCode must be 374 or 412, got ${l.floodCode}`);
  validateFaults(o.faults as unknown as Record<string, unknown>);
  if (!(o.maxFileSize > 0)) fail('maxFileSize must be > 0');
  if (!(o.tokenTtlMs > 0)) fail('tokenTtlMs must be > 0');
  if (!(o.endPlTtlMs > 0)) fail('endPlTtlMs must be > 0');
  if (!(o.bodyIdleTimeoutMs > 0)) fail('bodyIdleTimeoutMs must be > 0');
}

/** Throws a message saying what is wrong with a faults object (used by options and the admin route). */
export function validateFaults(f: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(f)) {
    if (!Object.hasOwn(NO_FAULTS, k)) throw new Error(`Unknown fault "${k}"; known faults: ${Object.keys(NO_FAULTS).join(', ')}`);
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new Error(`Fault ${k} must be a number >= 0`);
    if (k === 'serverErrorRate' && v > 1) throw new Error('Fault serverErrorRate is a share between 0 and 1');
  }
}
