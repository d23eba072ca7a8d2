import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { randomBytes } from 'crypto';
import type { ClientEvent, OneFichierClient } from '@onefichier/core';
import { createNodeClient, type NodeClientOptions } from '@onefichier/core/node';
import { startSandbox, type Sandbox, type SandboxOptionsInput } from '@onefichier/sandbox';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A fresh 32-char key per sandbox: the core shares its limiter and caches per key within a process. */
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
 * Fast but faithful timings: the sandbox's windows are short, and the client's own budgets are set to the
 * same windows plus a margin (the client measures from when it sends, the sandbox from when it receives).
 */
const FAST_SANDBOX_LIMITS = {
  ratePerSecond: 20,
  burst: 5,
  lockMs: 1500,
  folderListWindowMs: 300,
  listAllWindowMs: 300,
  userInfoIpWindowMs: 300,
  userInfoUserWindowMs: 300,
};
const FAST_CLIENT_LIMITS = {
  minIntervalMs: 60,
  folderListIntervalMs: 400,
  accountListIntervalMs: 400,
  userInfoIntervalMs: 400,
};
const FAST_RETRY = { baseDelayMs: 20, maxDelayMs: 200, floodCooldownMs: 1600, maxFloodWaitMs: 20_000 };
const FAST_POLLING = { endPollIntervalMs: 100, endPollTimeoutMs: 10_000 };

export async function newEnv(sandboxOptions: SandboxOptionsInput = {}, clientOptions: NodeClientOptions = {}): Promise<Env> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'integration-'));
  const key = newKey();
  const freeKey = newKey();
  const sandbox = await startSandbox({
    ...sandboxOptions,
    dataDir: dir,
    premiumKeys: [key],
    freeKeys: [freeKey],
    limits: { ...FAST_SANDBOX_LIMITS, ...sandboxOptions.limits },
  });
  envs.push({ sandbox, dir });
  const events: ClientEvent[] = [];
  const makeClient = (opts: NodeClientOptions = {}) =>
    createNodeClient({
      apiKey: key,
      baseUrl: sandbox.apiBaseUrl,
      limits: { ...FAST_CLIENT_LIMITS, ...clientOptions.limits, ...opts.limits },
      retry: { ...FAST_RETRY, ...clientOptions.retry, ...opts.retry },
      uploadPolling: { ...FAST_POLLING, ...clientOptions.uploadPolling, ...opts.uploadPolling },
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

/** Runs `fn` and returns the error it throws (fails the test if it doesn't). */
export async function errorOf(fn: () => Promise<unknown>): Promise<any> {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error, got success');
}
