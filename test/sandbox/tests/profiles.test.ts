import { PROFILE_NAMES, PROFILES, profileSettings } from '../src/index';
import { api, expectKo, manualClock, newSandbox, raw, stopAll, upload } from './helpers';

afterAll(stopAll);

const FLOOD_374 = { status: 'KO', message: 'Flood detected: IP Locked #374' };
const FLOOD_38 = { status: 'KO', message: 'Flood detected: IP Locked #38' };

/**
 * A sandbox on a profile, as it ships (newSandbox's relaxed test limits are taken back off), on a clock the
 * test moves (`clock.advance`): the windows and locks below are checked exactly, however slow the machine.
 */
const clock = manualClock();
const onProfile = (profile: 'default' | 'documented' | 'strict', extra: Parameters<typeof newSandbox>[0] = {}) =>
  newSandbox({ profile, now: clock.now, ...extra, limits: { ...profileSettings(profile, extra.timeScale ?? 1).limits, ...extra.limits } });

describe('the default profile: what real clients do every day passes', () => {
  test("rclone's pattern (folder/ls, file/ls, then the same again within a second) is answered, and the overruns are counted", async () => {
    const sb = await onProfile('default');
    const calls = [
      ['folder/ls.cgi', { folder_id: 0 }],
      ['file/ls.cgi', { folder_id: 0 }],
      ['folder/ls.cgi', { folder_id: 0 }],
    ] as const;
    for (const [endpoint, body] of calls) {
      expect((await api(sb, endpoint, body)).status).toBe(200);
      clock.advance(400); // rclone's pacer: 400 ms between calls
    }
    expect((await api(sb, 'file/ls.cgi', { folder_id: 0 })).status).toBe(200);
    const s = sb.state();
    expect({ floods: s.floods, overruns: s.budgetOverruns }).toEqual({ floods: 0, overruns: { 'folder listing': 2 } });
  });

  test('the IP-wide listing pace is off, and on when a run opts in (limits.listingIntervalMs), even though folder budgets are only counted', async () => {
    const sb = await onProfile('default');
    expect((await api(sb, 'folder/ls.cgi', { folder_id: 0 })).status).toBe(200);
    expect((await api(sb, 'file/ls.cgi', { folder_id: 0 })).status).toBe(200);
    const strictListings = await onProfile('default', { limits: { listingIntervalMs: 3_000 } });
    expect((await api(strictListings, 'folder/ls.cgi', { folder_id: 0 })).status).toBe(200);
    expect((await api(strictListings, 'file/ls.cgi', { folder_id: 0 })).json).toEqual(FLOOD_374);
  });

  test('user/info twice within a minute is answered too (counted, not locked)', async () => {
    const sb = await onProfile('default');
    expect((await api(sb, 'user/info.cgi')).status).toBe(200);
    clock.advance(400);
    expect((await api(sb, 'user/info.cgi')).status).toBe(200);
    expect(sb.state().budgetOverruns).toEqual({ 'user/info': 2 });
    expect(sb.state().floods).toBe(0);
  });

  test('the per-IP bucket (3 req/s, 10 deep) still locks a longer burst (#374, docs/api-notes.md#rate-limits-and-budgets)', async () => {
    const sb = await onProfile('default', { limits: { lockMs: 500 } });
    const statuses = [];
    for (let i = 0; i < 12; i++) statuses.push((await api(sb, 'folder/ls.cgi', { folder_id: 0 })).status);
    expect(statuses).toEqual([...Array(10).fill(200), 403, 403]);
    expect(sb.state().peakDraw).toBe(10);
    expect(sb.state().floodsByCode).toEqual({ '374': 1 });
  });
});

describe('the documented profile: every documented budget is enforced, as the API doc says', () => {
  test('a second listing of one folder within 30 s locks the IP (#374)', async () => {
    const sb = await onProfile('documented');
    expect((await api(sb, 'folder/ls.cgi', { folder_id: 0 })).status).toBe(200);
    clock.advance(400);
    expect((await api(sb, 'folder/ls.cgi', { folder_id: 0 })).json).toEqual(FLOOD_374);
    expect((await api(sb, 'file/info.cgi', { url: 'https://1fichier.com/?aaaaaaaaaaaaaaaaaaaa' })).json).toEqual(FLOOD_374);
  });
});

describe('the strict profile: the pessimistic evidence', () => {
  test("JDownloader's pace: a third call within 2.5 s locks the IP", async () => {
    const sb = await onProfile('strict');
    expect((await api(sb, 'folder/ls.cgi', { folder_id: 0 })).status).toBe(200);
    expect((await api(sb, 'upload/get_upload_server.cgi', undefined, { method: 'GET' })).status).toBe(200);
    expect((await api(sb, 'upload/get_upload_server.cgi', undefined, { method: 'GET' })).json).toEqual(FLOOD_374);
  });

  test('one listing per 3 s per IP, whatever the folder (docs/api-notes.md#rate-limits-and-budgets): a listing of another folder 2.9 s later locks the IP', async () => {
    const sb = await onProfile('strict', { limits: { ratePerSecond: 1000, burst: 1000 } });
    const folder = (await api(sb, 'folder/mkdir.cgi', { name: 'other' })).json.folder_id as number;
    expect((await api(sb, 'folder/ls.cgi', { folder_id: 0 })).status).toBe(200);
    clock.advance(3_000);
    expect((await api(sb, 'file/ls.cgi', { folder_id: folder })).status).toBe(200);
    clock.advance(2_900);
    expect((await api(sb, 'folder/ls.cgi', { folder_id: folder })).json).toEqual(FLOOD_374);
    expect(sb.state().budgetOverruns).toEqual({ 'listing pace': 1 });
  });

  test('a user/info overrun locks user/info only (#38); other calls still work, and user/info stays locked', async () => {
    const sb = await onProfile('strict', { limits: { ratePerSecond: 1000, burst: 1000, lockMs: 2000 } });
    expect((await api(sb, 'user/info.cgi')).status).toBe(200);
    expect((await api(sb, 'user/info.cgi')).json).toEqual(FLOOD_38);
    expect((await api(sb, 'folder/ls.cgi', { folder_id: 0 })).status).toBe(200);
    expect((await api(sb, 'user/info.cgi')).json).toEqual(FLOOD_38);
    const s = sb.state();
    expect(s.lockedIps).toEqual({});
    expect(Object.keys(s.lockedEndpoints)).toEqual(['127.0.0.1 user/info.cgi']);
    expect(s.floodsByCode).toEqual({ '38': 1 });
  });

  test('get_token has a budget: a second token within 10 s locks the IP (#374)', async () => {
    const sb = await onProfile('strict', { limits: { ratePerSecond: 1000, burst: 1000 } });
    const [link] = await upload(sb, [{ filename: 't.txt', data: Buffer.from('t') }]);
    expect((await api(sb, 'download/get_token.cgi', { url: link!.download })).json.status).toBe('OK');
    expect((await api(sb, 'download/get_token.cgi', { url: link!.download })).json).toEqual(FLOOD_374);
    expect(sb.state().budgetOverruns).toEqual({ get_token: 1 });
  });

  test('file/info has a budget: a second check within 2 s is refused "Owner locked #649", and nothing is locked', async () => {
    const sb = await onProfile('strict', { limits: { ratePerSecond: 1000, burst: 1000 } });
    const [link] = await upload(sb, [{ filename: 'i.txt', data: Buffer.from('i') }]);
    expect((await api(sb, 'file/info.cgi', { url: link!.download })).json.filename).toBe('i.txt');
    expect((await api(sb, 'file/info.cgi', { url: link!.download })).json).toEqual({ status: 'KO', message: 'Owner locked #649' });
    expect((await api(sb, 'folder/ls.cgi', { folder_id: 0 })).status).toBe(200);
    clock.advance(2_000);
    expect((await api(sb, 'file/info.cgi', { url: link!.download })).json.filename).toBe('i.txt');
    expect(sb.state().budgetOverruns).toEqual({ 'file checks': 1 });
    expect(sb.state().lockedIps).toEqual({});
  });

  test('calls made during a lock extend it; without lockExtends the lock ends on time', async () => {
    for (const lockExtends of [true, false]) {
      const sb = await newSandbox({ limits: { ratePerSecond: 2, burst: 1, lockMs: 600, lockExtends }, now: clock.now });
      await api(sb, 'folder/ls.cgi', { folder_id: 0 });
      expect((await api(sb, 'folder/ls.cgi', { folder_id: 0 })).json).toEqual(FLOOD_374); // locked until t+600
      clock.advance(400);
      expect((await api(sb, 'folder/ls.cgi', { folder_id: 0 })).json).toEqual(FLOOD_374); // extends to t+1000?
      clock.advance(400);
      const late = await api(sb, 'folder/ls.cgi', { folder_id: 0 });
      expect({ lockExtends, status: late.status }).toEqual({ lockExtends, status: lockExtends ? 403 : 200 });
      expect(sb.state().lockExtensions).toBe(lockExtends ? 2 : 0);
    }
  });

  test('its faults are on from the start: removal lag, listing lag, an HTML page and a redirect from the download host', () => {
    const f = profileSettings('strict').faults;
    expect(f).toMatchObject({ removalLagMs: 10_000, listingLagMs: 2_000, downloadTooFast: 1, downloadRedirects: 1, notFound469: true });
  });
});

describe('selecting a profile', () => {
  test('timeScale compresses the profile (durations times the scale, the rate divided by it); explicit limits stay as given', async () => {
    const sb = await onProfile('strict', { timeScale: 0.01, limits: { burst: 7 } });
    const { limits, faults } = sb.state();
    expect(limits).toMatchObject({ ratePerSecond: 40, burst: 7, lockMs: 600, folderListWindowMs: 300, tokenWindowMs: 100 });
    expect(faults).toMatchObject({ removalLagMs: 100, listingLagMs: 20, downloadTooFast: 1 });
    expect(sb.state().timeScale).toBe(0.01);
  });

  test('setProfile and POST /__sandbox/profile switch at run time; resetFaults goes back to the profile', async () => {
    const sb = await newSandbox();
    expect(sb.profile).toBe('default');
    sb.setProfile('strict');
    expect(sb.state()).toMatchObject({ profile: 'strict', limits: { ratePerSecond: 0.4 }, faults: { removalLagMs: 10_000 } });
    sb.setFaults({ removalLagMs: 0, bare403: 2 });
    sb.resetFaults();
    expect(sb.state().faults).toMatchObject({ removalLagMs: 10_000, bare403: 0 });
    const admin = `${sb.apiBaseUrl.replace(/\/v1$/, '')}/__sandbox`;
    const r = await raw(`${admin}/profile`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"profile":"documented"}',
    });
    expect(r.json).toMatchObject({ status: 'OK', profile: 'documented', limits: { budgetsLock: true } });
    expect(sb.profile).toBe('documented');
    const bad = await raw(`${admin}/profile`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"profile":"lenient"}',
    });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toMatch(/Unknown profile "lenient"; profiles: default, documented, strict/);
    const list = await raw(`${admin}/profiles`);
    expect(Object.keys(list.json.profiles).sort()).toEqual([...PROFILE_NAMES].sort());
    expect(list.json.faults.lostAnswers.source).toMatch(/^docs\/api-notes\.md#lost-answers/);
  });

  test('an unknown profile or a bad limit is refused with a message that says what to do', async () => {
    await expect(newSandbox({ profile: 'lenient' as never })).rejects.toThrow(
      /unknown profile "lenient"; profiles: default, documented, strict/,
    );
    await expect(newSandbox({ limits: { userInfoLockScope: 'user' as never } })).rejects.toThrow(
      /userInfoLockScope must be one of ip, endpoint/,
    );
    await expect(newSandbox({ timeScale: 0 })).rejects.toThrow(/timeScale must be a number > 0/);
  });

  test('every profile documents itself', () => {
    for (const name of PROFILE_NAMES) expect(PROFILES[name].summary.length).toBeGreaterThan(20);
  });
});

describe('unknown keys still count against the bucket under every profile', () => {
  test.each(PROFILE_NAMES)('%s', async (profile) => {
    const sb = await onProfile(profile, { limits: { burst: 1, ratePerSecond: 0.5 } });
    await api(sb, 'folder/ls.cgi', { folder_id: 0 }, { key: 'WrongKey00000000000000000000000000' });
    expectKo(await api(sb, 'folder/ls.cgi', { folder_id: 0 }), 403, 374);
  });
});
