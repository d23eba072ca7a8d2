import * as path from 'path';

import { NO_FAULTS, validateFaults, type Faults } from './faults';
import { validateLimits, type Limits } from './limits';
import { isProfileName, PROFILE_NAMES, profileSettings, type ProfileName } from './profiles';

export type { Faults } from './faults';
export type { Limits } from './limits';
export { NO_FAULTS };

/**
 * Host names the sandbox hands out instead of its loopback addresses, for clients that reach it through a
 * TLS-terminating proxy (rclone hard-codes https://api.1fichier.com): get_upload_server.cgi answers
 * `uploadHost`, get_token.cgi answers `<downloadOrigin>/<token>`, a redirect goes to `secondDownloadOrigin`.
 */
export interface AdvertisedHosts {
  uploadHost: string;
  downloadOrigin: string;
  secondDownloadOrigin: string;
}

export interface SandboxOptions {
  /** API host port; 0 picks a free port. Upload node and download hosts default to 0 (free ports). */
  port: number;
  uploadPort: number;
  downloadPort: number;
  /** The second download host, target of the `downloadRedirects` fault. */
  secondDownloadPort: number;
  /** Interface to listen on. Loopback only; the default is 127.0.0.1. */
  host: string;
  dataDir: string;
  /** Wipe the data folder before starting. */
  reset: boolean;
  premiumKeys: string[];
  freeKeys: string[];
  /** The preset the limits and faults start from (profiles.ts); `limits` and `faults` override it. */
  profile: ProfileName;
  /** Time compression of the profile's durations (0.01 = a hundred times faster); explicit limits are not scaled. */
  timeScale: number;
  limits: Limits;
  faults: Faults;
  /** Names to hand out instead of loopback addresses (behind a TLS proxy); undefined = the loopback ones. */
  advertise: AdvertisedHosts | undefined;
  /** Largest accepted file, in bytes (the real service: 300 GB). */
  maxFileSize: number;
  /** Download token lifetime. */
  tokenTtlMs: number;
  /** How long end.pl keeps an upload's answer. */
  endPlTtlMs: number;
  /** user/info.cgi answers integers instead of the strings rclone decodes (both exist in the wild). */
  userInfoIntegers: boolean;
  /**
   * Benchmark only (bench/src/sandbox-host.ts): false stores uploads without computing their Whirlpool (an
   * empty checksum), so that an upload figure measures the sender, not the node's hashing. Default true.
   */
  hashUploads: boolean;
  /**
   * Seed of the draws behind the random faults (`serverErrorRate` and which 5xx status a page gets). Fixed by
   * default, so that the same calls meet the same faults in every run; change it to meet other ones.
   */
  faultSeed: number;
  /** A request body that sends no byte for this long is cut (a partial body is never held open forever). */
  bodyIdleTimeoutMs: number;
  /** Where internal errors are written, one line each (default: stderr). */
  log: (line: string) => void;
  /**
   * The sandbox's clock (default `Date.now`): every window, lock, lag and lifetime is measured on it. A test
   * that checks a limit passes a clock it moves itself, so a slow machine cannot open a window early.
   */
  now: () => number;
}

/** Fixed so docs can show it. 32 alphanumerics, like a real key. */
export const DEFAULT_PREMIUM_KEY = 'SandboxPremiumKey0123456789abcde';
export const DEFAULT_FREE_KEY = 'SandboxFreeKey0123456789abcdefgh';

/** Any fixed number would do; this one is what a run without `--fault-seed` draws from. */
const DEFAULT_FAULT_SEED = 1;

/** The default profile's limits. */
export const DEFAULT_LIMITS: Limits = profileSettings('default').limits;

export function defaultDataDir(): string {
  // dist/ or src/ -> test/sandbox -> test -> repo root
  return path.resolve(__dirname, '..', '..', '..', '.sandbox-data');
}

export type SandboxOptionsInput = Partial<Omit<SandboxOptions, 'limits' | 'faults'>> & {
  limits?: Partial<Limits>;
  faults?: Partial<Faults>;
};

export function resolveOptions(input: SandboxOptionsInput = {}): SandboxOptions {
  const profile = input.profile ?? 'default';
  if (!isProfileName(profile))
    throw new Error(`Invalid sandbox option: unknown profile "${String(profile)}"; profiles: ${PROFILE_NAMES.join(', ')}`);
  const timeScale = input.timeScale ?? 1;
  if (!(typeof timeScale === 'number' && timeScale > 0 && Number.isFinite(timeScale))) {
    throw new Error(`Invalid sandbox option: timeScale must be a number > 0, got ${String(timeScale)}`);
  }
  const base = profileSettings(profile, timeScale);
  validateLimits((input.limits ?? {}) as Record<string, unknown>);
  validateFaults((input.faults ?? {}) as Record<string, unknown>);
  const opts: SandboxOptions = {
    port: input.port ?? 0,
    uploadPort: input.uploadPort ?? 0,
    downloadPort: input.downloadPort ?? 0,
    secondDownloadPort: input.secondDownloadPort ?? 0,
    host: input.host ?? '127.0.0.1',
    dataDir: path.resolve(input.dataDir ?? defaultDataDir()),
    reset: input.reset ?? false,
    premiumKeys: input.premiumKeys ?? [DEFAULT_PREMIUM_KEY],
    freeKeys: input.freeKeys ?? [DEFAULT_FREE_KEY],
    profile,
    timeScale,
    limits: { ...base.limits, ...input.limits },
    faults: { ...base.faults, ...input.faults },
    advertise: input.advertise,
    maxFileSize: input.maxFileSize ?? 300e9,
    tokenTtlMs: input.tokenTtlMs ?? 5 * 60_000,
    endPlTtlMs: input.endPlTtlMs ?? 2 * 3_600_000,
    userInfoIntegers: input.userInfoIntegers ?? false,
    hashUploads: input.hashUploads ?? true,
    faultSeed: input.faultSeed ?? DEFAULT_FAULT_SEED,
    bodyIdleTimeoutMs: input.bodyIdleTimeoutMs ?? 30_000,
    log: input.log ?? ((line) => console.error(line)),
    now: input.now ?? Date.now,
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
    ['secondDownloadPort', o.secondDownloadPort],
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
  try {
    validateLimits(o.limits as unknown as Record<string, unknown>);
    validateFaults(o.faults as unknown as Record<string, unknown>);
  } catch (e) {
    fail((e as Error).message);
  }
  if (o.advertise) {
    const a = o.advertise;
    if (!/^[a-z0-9.-]+(:\d+)?$/i.test(a.uploadHost)) fail(`advertise.uploadHost must be a bare host name, got "${a.uploadHost}"`);
    for (const origin of [a.downloadOrigin, a.secondDownloadOrigin]) {
      if (!/^https?:\/\/[a-z0-9.-]+(:\d+)?$/i.test(origin))
        fail(`advertised download origins must be scheme://host[:port], got "${origin}"`);
    }
  }
  if (!(o.maxFileSize > 0)) fail('maxFileSize must be > 0');
  if (!(o.tokenTtlMs > 0)) fail('tokenTtlMs must be > 0');
  if (!(o.endPlTtlMs > 0)) fail('endPlTtlMs must be > 0');
  if (!(o.bodyIdleTimeoutMs > 0)) fail('bodyIdleTimeoutMs must be > 0');
  if (!Number.isSafeInteger(o.faultSeed) || o.faultSeed < 0 || o.faultSeed > 0xffffffff)
    fail(`faultSeed must be an integer from 0 to 4294967295, got ${o.faultSeed}`);
}
