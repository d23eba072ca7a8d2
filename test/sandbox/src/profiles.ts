/**
 * Profiles: named presets of limits and faults, each a reading of the evidence in docs/api-notes.md.
 * A run picks one (`profile`), may compress its time (`timeScale`), and may override any limit or fault on
 * top. README.md lists every value with its source.
 */
import { NO_FAULTS, scaleFaults, type Faults } from './faults';
import { scaleLimits, type Limits } from './limits';

export const PROFILE_NAMES = ['default', 'documented', 'strict'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

export interface Profile {
  summary: string;
  limits: Limits;
  /** Faults and behaviours on by default in this profile (the rest are off). */
  faults: Partial<Faults>;
}

/** The reference's reading of the documentation: the documented rate and budgets, every one enforced. */
const DOCUMENTED_LIMITS: Limits = {
  ratePerSecond: 3,
  burst: 3,
  lockMs: 60_000,
  lockExtends: false,
  endpointBudgets: true,
  budgetsLock: true,
  folderListWindowMs: 30_000,
  listAllWindowMs: 3_600_000,
  listingIntervalMs: 0,
  fileInfoIntervalMs: 0,
  userInfoIpWindowMs: 60_000,
  userInfoUserWindowMs: 300_000,
  userInfoLockScope: 'ip',
  tokenWindowMs: 0,
  userLock: false,
  floodCode: 374,
};

export const PROFILES: Record<ProfileName, Profile> = {
  /**
   * What real clients' daily use shows works. rclone lists a folder again within a second (NewFs then the
   * command; Put → NewObject → file/ls per file) every day without a lock, so the documented per-endpoint
   * budgets are only counted (`budgetOverruns`), never enforced. The per-IP bucket stays at the documented
   * 3 req/s (rclone's #374 locks: docs/api-notes.md#rate-limits-and-budgets), with room for rclone's own bursts: each remote it opens has its
   * own 400 ms pacer (copyto and moveto open two), and commands run back to back; the rclone stage
   * (test/rclone/run.mjs) measures the draw of its everyday commands at about 7.5 calls.
   */
  default: {
    summary: "real clients' everyday use: a 3 req/s per-IP bucket of 10; the documented per-endpoint budgets are counted, never enforced",
    limits: { ...DOCUMENTED_LIMITS, burst: 10, budgetsLock: false },
    faults: {},
  },
  /**
   * The API documentation taken literally (the sandbox's default before the default profile above): every documented budget
   * is enforced, and an overrun locks the IP (#374) for 60 s. Kept for tests that exercise those budgets.
   */
  documented: {
    summary: 'the API documentation taken literally: every documented budget enforced, an overrun locks the IP (#374) for 60 s',
    limits: DOCUMENTED_LIMITS,
    faults: {},
  },
  /**
   * The pessimistic evidence: JDownloader's pace (2.5 s between API calls, 10 s between downloads, user/info
   * every ~5 min with an endpoint-only #38 lock), one listing per 3 s per IP across folders, locks that calls made during them extend, removal lag,
   * listing lag, an HTML page and a redirect from the download host, and the real error variants.
   */
  strict: {
    summary:
      "the pessimistic evidence: JDownloader's pace, a get_token budget, one listing per 3 s per IP, endpoint-scoped user/info locks (#38), locks that " +
      'calls extend, removal and listing lag, an HTML page and a redirect from the download host, the real error variants',
    limits: {
      ...DOCUMENTED_LIMITS,
      ratePerSecond: 0.4,
      burst: 2,
      lockExtends: true,
      // rclone's fichier maintainer: "1 directory listing every 3 seconds in general" (docs/api-notes.md#rate-limits-and-budgets).
      listingIntervalMs: 3_000,
      // JDownloader rev 53205: file checks through the API bring "Owner locked #649" "pretty quickly"
      // (docs/api-notes.md#envelope-and-error-codes).
      fileInfoIntervalMs: 2_000,
      userInfoIpWindowMs: 300_000,
      userInfoLockScope: 'endpoint',
      tokenWindowMs: 10_000,
    },
    faults: {
      removalLagMs: 10_000,
      listingLagMs: 2_000,
      downloadTooFast: 1,
      downloadRedirects: 1,
      notFound469: true,
      othersPublicInfo: true,
      sameFolderMoveKeepsName: true,
      quotedFilename: true,
    },
  },
};

export function isProfileName(name: unknown): name is ProfileName {
  return typeof name === 'string' && (PROFILE_NAMES as readonly string[]).includes(name);
}

/** A profile's limits and faults (all of them, off ones included), with time compressed by `timeScale`. */
export function profileSettings(name: ProfileName, timeScale = 1): { limits: Limits; faults: Faults } {
  const p = PROFILES[name];
  return {
    limits: scaleLimits(p.limits, timeScale) as Limits,
    faults: { ...NO_FAULTS, ...scaleFaults(p.faults, timeScale) },
  };
}
