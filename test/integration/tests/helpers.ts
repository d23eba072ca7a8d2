import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { randomBytes } from 'crypto';
import {
  DEFAULT_LIMITS,
  DEFAULT_RETRY,
  DEFAULT_UPLOAD_POLLING,
  type ClientEvent,
  type LimitOptions,
  type OneFichierClient,
  type RetryOptions,
  type UploadPollOptions,
} from '@onefichier/core';
import { createNodeClient, type NodeClientOptions } from '@onefichier/core/node';
import {
  PROFILE_NAMES,
  profileSettings,
  startSandbox,
  type ProfileName,
  type Sandbox,
  type SandboxOptionsInput,
} from '@onefichier/sandbox';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A fresh 32-char key per sandbox: the core shares its pacer lanes and caches per key within a process. */
function newKey(): string {
  return [...randomBytes(32)].map((b) => ALNUM[b % ALNUM.length]).join('');
}

export interface Env {
  sandbox: Sandbox;
  client: OneFichierClient;
  events: ClientEvent[];
  key: string;
  freeKey: string;
  /** A second client for the same sandbox (other options, same account). */
  makeClient(opts?: NodeClientOptions): OneFichierClient;
}

const envs: { sandbox: Sandbox; dir: string }[] = [];

/**
 * The sandbox profile the suites run against: `SANDBOX_PROFILE=strict pnpm exec jest --selectProjects
 * integration` (default, documented or strict; the default profile when unset). A test that needs one
 * profile's behaviour names it in its own sandbox options.
 */
const PROFILE: ProfileName = profileFromEnv(process.env.SANDBOX_PROFILE);

/**
 * Time runs this much faster than real time, on both sides: the sandbox compresses its profile (durations
 * times the scale, rates divided by it) and the client's own defaults (pace, budgets, cool-downs) are
 * compressed the same way, so their real relation is kept: a client too fast for a profile floods it here
 * as it would in production. 0.025 turns a 60 s lock into 1.5 s. `SANDBOX_TIME_SCALE` overrides it.
 */
export const TIME_SCALE = Number(process.env.SANDBOX_TIME_SCALE ?? 0.025);

function profileFromEnv(value: string | undefined): ProfileName {
  if (value === undefined || value === '') return 'default';
  if (!(PROFILE_NAMES as readonly string[]).includes(value)) {
    throw new Error(`SANDBOX_PROFILE must be one of ${PROFILE_NAMES.join(', ')}, got "${value}"`);
  }
  return value as ProfileName;
}

const scaled = <T extends object>(values: T, keys: readonly (keyof T)[], scale = TIME_SCALE): T => {
  const out = { ...values };
  for (const k of keys) (out[k] as number) = (values[k] as number) * scale;
  return out;
};
/** The client's real pace and budgets, on a clock this much faster than real time. */
export const clientLimitsAt = (scale: number): LimitOptions =>
  scaled(
    DEFAULT_LIMITS,
    [
      'minIntervalMs',
      'tokenIntervalMs',
      'listingIntervalMs',
      'fileInfoIntervalMs',
      'folderListIntervalMs',
      'accountListIntervalMs',
      'userInfoIntervalMs',
    ],
    scale,
  );
/** The client's real retry policy, on a clock this much faster than real time. */
export const clientRetryAt = (scale: number): RetryOptions =>
  scaled(DEFAULT_RETRY, ['baseDelayMs', 'maxDelayMs', 'floodCooldownMs', 'maxFloodWaitMs', 'tooFastWaitMs'], scale);
/** The client's real pace and budgets, on the suite's clock. */
const CLIENT_LIMITS: LimitOptions = clientLimitsAt(TIME_SCALE);
/** The client's real retry policy, on the suite's clock. */
const CLIENT_RETRY: RetryOptions = clientRetryAt(TIME_SCALE);
/** The limits and faults of the profile a sandbox runs, on the suite's clock (as the sandbox applies them). */
export const profileOf = (sandbox: Sandbox) => profileSettings(sandbox.profile, TIME_SCALE);

/**
 * Client limits that keep to a profile's per-IP rate and endpoint budgets where they are slower than the
 * client's own defaults (strict: JDownloader's 2.5 s between calls, get_token once per 10 s, file/info and
 * listing paces), and change nothing where the defaults keep to them (default, documented). For tests whose
 * subject is not the pace: with its defaults the client meets strict's rate only by one flood answer, from
 * which it learns (flood.test.ts, listing-pace.test.ts and pacing.test.ts prove that part). The spacing is a
 * fifth longer than the profile's: the client counts from a request's start, the sandbox from its arrival, and
 * at the exact spacing a window without burst (get_token's) refused one call in a few runs.
 */
export function limitsKeepingTo(profile: ProfileName = PROFILE): LimitOptions {
  const { limits } = profileSettings(profile, TIME_SCALE);
  const keep = (own: number, profiles: number) => Math.max(own, profiles * 1.2);
  return {
    ...CLIENT_LIMITS,
    minIntervalMs: keep(CLIENT_LIMITS.minIntervalMs, 1000 / limits.ratePerSecond),
    tokenIntervalMs: keep(CLIENT_LIMITS.tokenIntervalMs, limits.tokenWindowMs),
    fileInfoIntervalMs: keep(CLIENT_LIMITS.fileInfoIntervalMs, limits.fileInfoIntervalMs),
    listingIntervalMs: keep(CLIENT_LIMITS.listingIntervalMs, limits.listingIntervalMs),
  };
}

/** The client's real end.pl polling, on the suite's clock (a fixed fast poll would stretch a run's clock: more calm minutes between locks than production has). */
const CLIENT_POLLING: UploadPollOptions = scaled(DEFAULT_UPLOAD_POLLING, ['endPollIntervalMs', 'endPollTimeoutMs']);

export async function newEnv(sandboxOptions: SandboxOptionsInput = {}, clientOptions: NodeClientOptions = {}): Promise<Env> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'integration-'));
  const key = newKey();
  const freeKey = newKey();
  const sandbox = await startSandbox({
    profile: PROFILE,
    timeScale: TIME_SCALE,
    ...sandboxOptions,
    dataDir: dir,
    premiumKeys: [key],
    freeKeys: [freeKey],
  });
  envs.push({ sandbox, dir });
  const events: ClientEvent[] = [];
  const makeClient = (opts: NodeClientOptions = {}) =>
    createNodeClient({
      apiKey: key,
      baseUrl: sandbox.apiBaseUrl,
      limits: { ...CLIENT_LIMITS, ...clientOptions.limits, ...opts.limits },
      retry: { ...CLIENT_RETRY, ...clientOptions.retry, ...opts.retry },
      uploadPolling: { ...CLIENT_POLLING, ...clientOptions.uploadPolling, ...opts.uploadPolling },
      onEvent: (e) => events.push(e),
      ...Object.fromEntries(
        Object.entries({ ...clientOptions, ...opts }).filter(([k]) => !['limits', 'retry', 'uploadPolling'].includes(k)),
      ),
    });
  return { sandbox, client: makeClient(), events, key, freeKey, makeClient };
}

export async function stopEnvs(): Promise<void> {
  const all = envs.splice(0);
  for (const e of all) await e.sandbox.stop();
  for (const e of all) fs.rmSync(e.dir, { recursive: true, force: true });
}

export function tmpFile(name: string, data: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'integration-src-'));
  const p = path.join(dir, name);
  fs.writeFileSync(p, data);
  return p;
}

/** Deterministic pseudo-random bytes (xorshift), so failures reproduce. */
export function bytes(size: number, seed = 1): Buffer {
  const b = Buffer.alloc(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    b[i] = x & 0xff;
  }
  return b;
}

export async function collect(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}

/** Files in the sandbox with this name (to prove nothing was lost or duplicated). */
export function storedNamed(sandbox: Sandbox, name: string) {
  return sandbox.state().files.filter((f) => f.filename === name);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits out the profile's listing lag (strict's listingLagMs): a file uploaded before shows in listings after it. */
export const waitForListingLag = (sandbox: Sandbox) => sleep(profileOf(sandbox).faults.listingLagMs);

/** Runs `fn` and returns the error it throws (fails the test if it doesn't). */
export async function errorOf(fn: () => Promise<unknown>): Promise<any> {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error, got success');
}
