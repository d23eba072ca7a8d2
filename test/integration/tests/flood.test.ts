import { bytesSource } from '@onefichier/core';
import { newEnv, stopEnvs, type Env } from './helpers';

afterAll(stopEnvs);

/**
 * The sandbox at the real service's documented pace (3 req/s per IP, bucket of 3) and the client at its
 * own defaults (one call start per 500 ms): a burst through the client must never trip the flood lock;
 * the same burst sent raw must trip it, and the client must then wait the lock out and succeed.
 */
const REAL_PACE = { ratePerSecond: 3, burst: 3, lockMs: 2500 };
const CLIENT_DEFAULT_PACE = { minIntervalMs: 500 };

async function rawBurst(env: Env, n: number, url: string): Promise<number[]> {
  return Promise.all(
    Array.from({ length: n }, async () => {
      const r = await fetch(`${env.sandbox.apiBaseUrl}/file/info.cgi`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${env.key}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ url }),
      });
      await r.text();
      return r.status;
    }),
  );
}

describe('flood lock', () => {
  let env: Env;
  let url: string;
  beforeAll(async () => {
    env = await newEnv({ limits: REAL_PACE }, { limits: CLIENT_DEFAULT_PACE, retry: { floodCooldownMs: 1000, maxFloodWaitMs: 30_000 } });
    url = (await env.client.upload(bytesSource('flood.txt', Buffer.from('flood'))))[0]!.url;
    env.sandbox.clearLocks();
  });

  test('a burst of 12 concurrent calls through the client never trips the lock', async () => {
    const infos = await Promise.all(Array.from({ length: 12 }, () => env.client.getFileInfo(url)));
    expect(infos.every((i) => i.filename === 'flood.txt')).toBe(true);
    expect(env.sandbox.state().floods).toBe(0);
    expect(env.events.filter((e) => e.type === 'wait' && e.reason === 'flood')).toEqual([]);
  });

  test('the same burst sent raw trips it (403 #374)', async () => {
    await new Promise((r) => setTimeout(r, 1100)); // let the bucket refill
    const statuses = await rawBurst(env, 12, url);
    expect(statuses.filter((s) => s === 403).length).toBeGreaterThan(0);
    expect(env.sandbox.state().floods).toBeGreaterThan(0);
    expect(Object.keys(env.sandbox.state().lockedIps)).toEqual(['127.0.0.1']);
  });

  test('the client then waits the lock out, without hammering, and succeeds', async () => {
    const callsBefore = env.sandbox.state().counters.requests['file/info.cgi']!;
    const started = Date.now();
    const info = await env.client.getFileInfo(url);
    expect(info.filename).toBe('flood.txt');
    // It had to wait for the lock (2.5 s) to pass...
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    expect(env.events.some((e) => e.type === 'wait' && e.reason === 'flood')).toBe(true);
    // ...with a cool-down between tries (1 s), not a retry storm.
    expect(env.sandbox.state().counters.requests['file/info.cgi']! - callsBefore).toBeLessThanOrEqual(5);
    expect(Object.keys(env.sandbox.state().lockedIps)).toEqual([]);
  });

  test('the flood event never carries the key', () => {
    for (const e of env.events) expect(JSON.stringify(e)).not.toContain(env.key);
  });
});

describe('per-endpoint budgets', () => {
  // The documented profile enforces the documented budgets (an overrun locks the IP), whatever SANDBOX_PROFILE says.
  test('repeated listings of one folder through the client stay within the sandbox window', async () => {
    const env = await newEnv(
      {
        profile: 'documented',
        limits: {
          ratePerSecond: 50,
          burst: 10,
          lockMs: 60_000,
          folderListWindowMs: 600,
          userInfoIpWindowMs: 600,
          userInfoUserWindowMs: 600,
        },
      },
      { limits: { minIntervalMs: 50, folderListIntervalMs: 700, userInfoIntervalMs: 700 } },
    );
    const f = (await env.client.createFolder('budget')).folderId;
    for (let i = 0; i < 4; i++) {
      await env.client.listFolder(f);
      await env.client.listFiles({ folderId: f });
      await env.client.getAccountInfo();
      env.client.clearCache();
    }
    expect(env.sandbox.state().floods).toBe(0);
    expect(env.sandbox.state().budgetOverruns).toEqual({});
    expect(env.events.some((e) => e.type === 'wait' && e.reason === 'budget')).toBe(true);
  });
});
