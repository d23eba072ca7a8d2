/**
 * Pacing that learns, against every sandbox profile (on the suite's compressed clock, both sides scaled):
 * two keys on one IP, each in its own client, run a mixed burst (file info, get_token, folder create and
 * list, rename) at the client's default limits. The client must converge on the pace each profile allows:
 * no flood lock on the default and documented profiles; on the strict one (JDownloader's pace, get_token's
 * budget) at most one lock, after which it stays under the limits. Nothing fails.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bytesSource, type ClientEvent, type OneFichierClient } from '@onefichier/core';
import { createNodeClient } from '@onefichier/core/node';
import { PROFILE_NAMES, startSandbox, type ProfileName, type Sandbox } from '@onefichier/sandbox';
import { clientLimitsAt, clientRetryAt, TIME_SCALE } from './helpers';

const KEYS = ['PacingKeyOne0123456789abcdefghijk', 'PacingKeyTwo0123456789abcdefghijk'];
const MAX_FLOODS: Record<ProfileName, number> = { default: 0, documented: 0, strict: 1 };
/**
 * The strict profile runs on a slower clock than the suite's: the client's get_token pace after a lock
 * clears the profile's token window by 1 s in real time, which the suite's 0.025 would shrink to 25 ms, less
 * than a loaded 2-core machine may delay one request. At 0.1 the margin is 100 ms (the run takes ~20 s).
 */
const SCALE: Record<ProfileName, number> = { default: TIME_SCALE, documented: TIME_SCALE, strict: Math.max(TIME_SCALE, 0.1) };

let sandbox: Sandbox | undefined;
let dir: string | undefined;
afterEach(async () => {
  await sandbox?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  sandbox = undefined;
});

function client(sb: Sandbox, apiKey: string, events: ClientEvent[], scale: number): OneFichierClient {
  return createNodeClient({
    apiKey,
    baseUrl: sb.apiBaseUrl,
    limits: clientLimitsAt(scale),
    retry: clientRetryAt(scale),
    uploadPolling: { endPollIntervalMs: 100, endPollTimeoutMs: 10_000 },
    onEvent: (e) => events.push(e),
  });
}

/** One key's share of the burst: `rounds` of info, token, mkdir, list, rename. */
async function lane(c: OneFichierClient, name: string, rounds: number): Promise<number> {
  const [file] = await c.upload(bytesSource(`${name}.txt`, new TextEncoder().encode(name)));
  let calls = 1;
  for (let r = 0; r < rounds; r++) {
    await c.getFileInfo(file!.url);
    await c.getDownloadToken({ url: file!.url });
    const folder = await c.createFolder(`${name}-${r}`, 0);
    await c.listFolder(folder.folderId);
    await c.renameFile(file!.url, `${name}-r${r}.txt`);
    calls += 5;
  }
  return calls;
}

describe.each(PROFILE_NAMES)('the %s profile', (profile) => {
  test(`two keys on one IP converge on its pace: at most ${MAX_FLOODS[profile]} flood lock(s), nothing fails`, async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'integration-pacing-'));
    sandbox = await startSandbox({ profile, timeScale: SCALE[profile], dataDir: dir, premiumKeys: KEYS, freeKeys: [] });
    const events: ClientEvent[] = [];
    const [a, b] = KEYS.map((k) => client(sandbox!, k, events, SCALE[profile]));
    const calls = await Promise.all([lane(a!, 'one', 6), lane(b!, 'two', 6)]);
    const state = sandbox.state();
    expect(calls).toEqual([31, 31]);
    expect(state.floods).toBeLessThanOrEqual(MAX_FLOODS[profile]);
    // A lock is waited out once, not probed again and again.
    expect(state.refusedWhileLocked).toBeLessThanOrEqual(2 * MAX_FLOODS[profile]);
    if (state.floods > 0) expect(events.some((e) => e.type === 'wait' && e.reason === 'flood')).toBe(true);
  }, 120_000);
});
