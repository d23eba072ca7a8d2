import * as fs from 'fs';
import type { Sandbox } from '../src/index';
import { api, eventually, manualClock, multipart, newSandbox, randomBytesOf, raw, stopAll, upload } from './helpers';

let sb: Sandbox;
/** The lags below are measured on this clock, so a slow request cannot outlast them. */
const clock = manualClock();
beforeAll(async () => {
  sb = await newSandbox({ now: clock.now });
});
afterEach(() => sb.resetFaults());
afterAll(stopAll);

/** An upload id from the API, then one file POSTed to the node: the id, and the answer or the network error. */
async function postUpload(filename: string, data: Buffer) {
  const srv = (await api(sb, 'upload/get_upload_server.cgi', undefined, { method: 'GET' })).json as { url: string; id: string };
  const form = multipart([
    { name: 'did', value: '0' },
    { name: 'file[]', filename, data },
  ]);
  const outcome = await raw(`http://${srv.url}/upload.cgi?id=${srv.id}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${sb.premiumKey}`, 'Content-Type': form.contentType, 'Content-Length': form.body.length },
    body: form.body,
  }).then(
    (answer) => ({ answer, error: undefined }),
    (error: NodeJS.ErrnoException) => ({ answer: undefined, error }),
  );
  return { srv, ...outcome };
}

const admin = (path: string, body?: unknown) =>
  raw(`${sb.apiBaseUrl.replace(/\/v1$/, '')}/__sandbox/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe('5xx answers', () => {
  test('at share 1 every API call is a 5xx from the retry set, and nothing is processed', async () => {
    sb.setFaults({ serverErrorRate: 1 });
    const statuses = new Set<number>();
    for (let i = 0; i < 30; i++) {
      const r = await api(sb, 'folder/mkdir.cgi', { name: `never${i}`, folder_id: 0 });
      statuses.add(r.status);
      expect(r.json).toBeUndefined();
    }
    for (const s of statuses) expect([500, 502, 503, 504, 509]).toContain(s);
    expect(statuses.size).toBeGreaterThan(1);
    expect(sb.state().folders.filter((f) => f.name.startsWith('never'))).toEqual([]);
  });

  test('at share 0.5 some calls pass and some fail', async () => {
    sb.setFaults({ serverErrorRate: 0.5 });
    const before = sb.state().counters.serverErrors;
    let ok = 0;
    for (let i = 0; i < 40; i++) if ((await api(sb, 'folder/ls.cgi', { folder_id: 0 })).status === 200) ok++;
    expect(ok).toBeGreaterThan(0);
    expect(ok).toBeLessThan(40);
    expect(sb.state().counters.serverErrors - before).toBe(40 - ok);
  });

  test('the draws are seeded: the same seed answers the same calls alike, another seed differently', async () => {
    /** Which of 40 listings got a 5xx, and with which status (0 = answered). */
    const pattern = async (faultSeed: number) => {
      const s = await newSandbox({ faultSeed, faults: { serverErrorRate: 0.5 } });
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) {
        const r = await api(s, 'folder/ls.cgi', { folder_id: 0 });
        statuses.push(r.status === 200 ? 0 : r.status);
      }
      return statuses;
    };
    const first = await pattern(7);
    expect(await pattern(7)).toEqual(first);
    expect(await pattern(8)).not.toEqual(first);
    expect(new Set(first.filter((s) => s !== 0)).size).toBeGreaterThan(1);
  });
});

describe('connection reset in the middle of an upload', () => {
  test('the client sees a reset, nothing is stored, and the next upload works', async () => {
    sb.setFaults({ uploadResets: 1 });
    const before = sb.state().files.length;
    const { error } = await postUpload('reset.bin', randomBytesOf(4 * 1024 * 1024));
    expect(error?.code).toMatch(/^(ECONNRESET|EPIPE)$/);
    await eventually(() => fs.readdirSync(`${sb.dataDir}/tmp`).length === 0, 'the partial upload is deleted');
    expect(sb.state().files.length).toBe(before);
    expect(sb.state().counters.uploadResets).toBe(1);
    // The fault was for one upload only.
    const links = await upload(sb, [{ filename: 'after.bin', data: Buffer.from('ok') }]);
    expect(links).toHaveLength(1);
  });
});

describe('slow answers', () => {
  test('API, end.pl and download answers are delayed', async () => {
    sb.setFaults({ slowMs: 300 });
    let t = Date.now();
    expect((await api(sb, 'folder/ls.cgi', { folder_id: 0 })).status).toBe(200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(280);
    t = Date.now();
    await raw(`http://${sb.uploadHost}/end.pl?xid=none`);
    expect(Date.now() - t).toBeGreaterThanOrEqual(280);
  });
});

describe('end.pl faults', () => {
  async function postOne(name: string): Promise<{ url: string; id: string }> {
    const { srv, answer } = await postUpload(name, Buffer.from(name));
    expect(answer?.status).toBe(302);
    return srv;
  }

  test('"please wait" HTML (even with JSON: 1) for the configured time, then the JSON answer', async () => {
    sb.setFaults({ endPlWaitMs: 500 });
    const srv = await postOne('wait.txt');
    const early = await raw(`http://${srv.url}/end.pl?xid=${srv.id}`, { headers: { JSON: '1' } });
    expect(early.status).toBe(200);
    expect(early.json).toBeUndefined();
    expect(early.text).toMatch(/Please wait/);
    clock.advance(550);
    const late = await raw(`http://${srv.url}/end.pl?xid=${srv.id}`, { headers: { JSON: '1' } });
    expect(late.json.links).toEqual([expect.objectContaining({ filename: 'wait.txt' })]);
  });

  test('links: [] for the next N answers; the file is stored all the same', async () => {
    sb.setFaults({ endPlNoLinks: 2 });
    const srv = await postOne('nolinks.txt');
    for (let i = 0; i < 2; i++) {
      expect((await raw(`http://${srv.url}/end.pl?xid=${srv.id}`, { headers: { JSON: '1' } })).json).toEqual({ incoming: 0, links: [] });
    }
    const third = await raw(`http://${srv.url}/end.pl?xid=${srv.id}`, { headers: { JSON: '1' } });
    expect(third.json.links).toEqual([expect.objectContaining({ filename: 'nolinks.txt' })]);
    expect(sb.state().files.filter((f) => f.filename === 'nolinks.txt')).toHaveLength(1);
  });
});

describe('8. listings lag behind writes', () => {
  test('a new file is missing from listings for the lag, but exists for info and rmdir', async () => {
    sb.setFaults({ listingLagMs: 600 });
    const folder = (await api(sb, 'folder/mkdir.cgi', { name: 'lag', folder_id: 0 })).json.folder_id;
    const [l] = await upload(sb, [{ filename: 'lag.txt', data: Buffer.from('lag') }], folder);
    expect((await api(sb, 'file/ls.cgi', { folder_id: folder })).json).toEqual({ status: 'OK', count: 0 });
    expect((await api(sb, 'folder/ls.cgi', { folder_id: folder })).json.files).toBe(0);
    expect((await api(sb, 'file/info.cgi', { url: l!.download })).json.filename).toBe('lag.txt');
    expect((await api(sb, 'folder/rm.cgi', { folder_id: folder })).json.status).toBe('KO');
    expect(sb.state().files.find((f) => f.url === l!.download)!.visible).toBe(false);
    clock.advance(650);
    expect((await api(sb, 'file/ls.cgi', { folder_id: folder })).json.items).toEqual([expect.objectContaining({ url: l!.download })]);
  });
});

describe('admin routes', () => {
  test('POST /__sandbox/faults merges and validates; GET /__sandbox/state shows it', async () => {
    const ok = await admin('faults', { slowMs: 1, endPlNoLinks: 0 });
    expect(ok.json).toMatchObject({ slowMs: 1, endPlNoLinks: 0, serverErrorRate: 0 });
    const bad = await admin('faults', { serverErrorRate: 2 });
    expect(bad.status).toBe(400);
    expect(bad.json.message).toMatch(/between 0 and 1/);
    const unknown = await admin('faults', { explode: 1 });
    expect(unknown.json.message).toMatch(/Unknown fault "explode"/);
    const state = await admin('state');
    expect(state.json.faults.slowMs).toBe(1);
    expect(Array.isArray(state.json.files)).toBe(true);
    expect(JSON.stringify(state.json)).not.toContain(sb.premiumKey);
  });
  test('POST /__sandbox/limits and /__sandbox/clear-locks', async () => {
    expect((await admin('limits', { lockMs: 1234 })).json.lockMs).toBe(1234);
    expect((await admin('limits', { nope: 1 })).status).toBe(400);
    expect((await admin('clear-locks', {})).json).toEqual({ status: 'OK' });
  });
});

describe('lost answers: the change is made, then the answer is lost', () => {
  test('5xx after file/cp: the copy exists once; a blind replay makes a duplicate the state shows', async () => {
    const [src] = await upload(sb, [{ filename: 'lost-cp.txt', data: Buffer.from('cp') }]);
    const folder = (await api(sb, 'folder/mkdir.cgi', { name: 'lost-cp-dest', folder_id: 0 })).json.folder_id;
    sb.setFaults({ lostAnswers: 1, lostAnswerEndpoints: ['file/cp.cgi'] });
    const before = sb.state().counters.mutations['file/cp.cgi'] ?? 0;
    const r = await api(sb, 'file/cp.cgi', { urls: [src!.download], folder_id: folder });
    expect([500, 502, 503, 504]).toContain(r.status);
    expect(r.json).toBeUndefined();
    let s = sb.state();
    expect(s.files.filter((f) => f.folderId === folder)).toHaveLength(1);
    expect(s.counters.mutations['file/cp.cgi']).toBe(before + 1);
    expect(s.counters.lostAnswers).toMatchObject({ 'file/cp.cgi': 1 });
    expect(s.duplicates.files).toBe(0);
    // The count was used up: the replay is answered, and it is a second copy.
    expect((await api(sb, 'file/cp.cgi', { urls: [src!.download], folder_id: folder })).json.status).toBe('OK');
    s = sb.state();
    expect(s.duplicates.files).toBe(1);
    expect(s.duplicates.sameNameFiles).toEqual([{ folderId: folder, filename: 'lost-cp.txt', count: 2 }]);
  });

  test('a dropped connection after folder/mkdir: the folder exists, and a replay gets #731', async () => {
    sb.setFaults({ lostAnswers: 1, lostAnswerMode: 'drop', lostAnswerEndpoints: [] });
    const err = await api(sb, 'folder/mkdir.cgi', { name: 'lost-mkdir', folder_id: 0 }).then(
      () => undefined,
      (e: NodeJS.ErrnoException) => e,
    );
    expect(err?.code ?? err?.message).toMatch(/ECONNRESET|socket hang up/);
    expect(sb.state().folders.filter((f) => f.name === 'lost-mkdir')).toHaveLength(1);
    const replay = await api(sb, 'folder/mkdir.cgi', { name: 'lost-mkdir', folder_id: 0 });
    expect(replay.json.message).toMatch(/#731$/);
  });

  test('only the listed endpoints lose answers; reads never do', async () => {
    sb.setFaults({ lostAnswers: 5, lostAnswerEndpoints: ['remote/request.cgi'] });
    expect((await api(sb, 'folder/mkdir.cgi', { name: 'not-lost', folder_id: 0 })).json.status).toBe('OK');
    expect((await api(sb, 'folder/ls.cgi', { folder_id: 0 })).json.status).toBe('OK');
    expect(sb.state().faults.lostAnswers).toBe(5);
  });

  test('remote/request: a lost answer, then a replay, leaves two jobs (duplicates.remoteJobs)', async () => {
    const before = sb.state().duplicates.remoteJobs;
    sb.setFaults({ lostAnswers: 1, lostAnswerEndpoints: ['remote/request.cgi'] });
    const body = { urls: ['http://127.0.0.1:9/never.bin'], folder_id: 0 };
    expect((await api(sb, 'remote/request.cgi', body)).status).toBeGreaterThanOrEqual(500);
    expect((await api(sb, 'remote/request.cgi', body)).json.status).toBe('OK');
    expect(sb.state().duplicates.remoteJobs).toBe(before + 1);
  });

  test('lostRequests: the request is lost before it is applied; the answer looks the same as a lost answer', async () => {
    const before = sb.state().counters.mutations['folder/mkdir.cgi'] ?? 0;
    sb.setFaults({ lostRequests: 1, lostAnswerMode: '5xx', lostAnswerEndpoints: ['folder/mkdir.cgi'] });
    const r = await api(sb, 'folder/mkdir.cgi', { name: 'never-made', folder_id: 0 });
    expect([500, 502, 503, 504]).toContain(r.status);
    const s = sb.state();
    expect(s.folders.filter((f) => f.name === 'never-made')).toEqual([]);
    expect(s.counters.mutations['folder/mkdir.cgi'] ?? 0).toBe(before);
    expect(s.counters.lostRequests).toMatchObject({ 'folder/mkdir.cgi': 1 });
    // The count was used up: the same request is now applied.
    expect((await api(sb, 'folder/mkdir.cgi', { name: 'never-made', folder_id: 0 })).json.status).toBe('OK');
  });

  test('listingAnswerDelayMs: a listing read before a change arrives after it, without it', async () => {
    sb.setFaults({ listingAnswerDelayMs: 300 });
    const seen = sb.state().counters.behaviours.listingAnswerDelayMs ?? 0;
    const listing = api(sb, 'folder/ls.cgi', { folder_id: 0 });
    await eventually(() => (sb.state().counters.behaviours.listingAnswerDelayMs ?? 0) > seen, 'the listing was read');
    expect((await api(sb, 'folder/mkdir.cgi', { name: 'made-meanwhile', folder_id: 0 })).json.status).toBe('OK');
    const names = (((await listing).json.sub_folders ?? []) as { name: string }[]).map((f) => f.name);
    expect(names).not.toContain('made-meanwhile');
    expect(sb.state().folders.map((f) => f.name)).toContain('made-meanwhile');
  });

  test('upload.cgi: the file is stored, the 302 never comes; end.pl still knows the upload', async () => {
    sb.setFaults({ lostAnswers: 1, lostAnswerEndpoints: ['upload.cgi'], lostAnswerMode: 'drop' });
    const { srv, error } = await postUpload('lost-upload.txt', Buffer.from('lost'));
    expect(error).toBeDefined();
    expect(sb.state().files.filter((f) => f.filename === 'lost-upload.txt')).toHaveLength(1);
    const end = await raw(`http://${srv.url}/end.pl?xid=${srv.id}`, { headers: { JSON: '1' } });
    expect(end.json.links).toEqual([expect.objectContaining({ filename: 'lost-upload.txt' })]);
  });

  test('bad settings are refused with the list of what is allowed', async () => {
    const r = await admin('faults', { lostAnswerEndpoints: ['folder/ls.cgi'] });
    expect(r.status).toBe(400);
    expect(r.json.message).toMatch(/a list of mutation endpoints \(folder\/mkdir\.cgi, .*upload\.cgi\); empty = all/);
    expect((await admin('faults', { lostAnswerMode: 'timeout' })).json.message).toMatch(/one of 5xx, drop/);
  });
});

describe('the download host answers HTML pages or a redirect instead of the file', () => {
  let url: string;
  const data = Buffer.from('the real bytes');
  beforeAll(async () => {
    url = (await upload(sb, [{ filename: 'dl-faults.bin', data }]))[0]!.download;
  });
  const token = async () => (await api(sb, 'download/get_token.cgi', { url, single: 1 })).json.url as string;

  test.each([
    ['downloadTooFast', 200, /Your requests are too fast/],
    ['downloadIpLocked', 200, /IP Locked/],
    ['downloadMaintenance', 503, /Our services are in maintenance/],
    ['downloadVpnRefused', 403, /residential internet connections/],
  ] as const)('%s: HTTP %i text/html; the same (single-use) token then serves the file', async (fault, status, text) => {
    sb.setFaults({ [fault]: 1 });
    const t = await token();
    const page = await raw(t);
    expect({ status: page.status, type: page.headers['content-type'] }).toEqual({ status, type: 'text/html; charset=utf-8' });
    expect(page.text).toMatch(text);
    const file = await raw(t);
    expect(file.status).toBe(200);
    expect(file.body.equals(data)).toBe(true);
    expect(sb.state().counters.downloadPages[fault]).toBeGreaterThanOrEqual(1);
  });

  test('downloadRedirects: 302 to the same token on the second download host, which serves it', async () => {
    sb.setFaults({ downloadRedirects: 1 });
    const t = await token();
    const hop = await raw(t);
    expect(hop.status).toBe(302);
    const location = hop.headers.location!;
    expect(location).toBe(`${sb.secondDownloadBaseUrl}/${t.split('/').pop()}`);
    expect(new URL(location).port).not.toBe(new URL(sb.downloadBaseUrl).port);
    const file = await raw(location, { headers: { Range: 'bytes=4-7' } });
    expect({ status: file.status, body: file.body.toString() }).toEqual({ status: 206, body: 'real' });
    expect(sb.state().counters.requests.download2).toBeGreaterThanOrEqual(1);
  });
});

describe('API answers that carry no KO envelope or a generic auth refusal', () => {
  test("bare403: nginx's 403 page, no JSON, no code, nothing processed", async () => {
    sb.setFaults({ bare403: 1 });
    const r = await api(sb, 'folder/mkdir.cgi', { name: 'never-bare', folder_id: 0 });
    expect({ status: r.status, json: r.json }).toEqual({ status: 403, json: undefined });
    expect(r.text).toContain('<center><h1>403 Forbidden</h1></center>');
    expect(sb.state().folders.some((f) => f.name === 'never-bare')).toBe(false);
  });

  test('notAuthenticated: a valid key is answered "Not authenticated #713" N times', async () => {
    sb.setFaults({ notAuthenticated: 1 });
    expect((await api(sb, 'folder/ls.cgi', { folder_id: 0 })).json).toEqual({ status: 'KO', message: 'Not authenticated #713' });
    expect((await api(sb, 'folder/ls.cgi', { folder_id: 0 })).json.status).toBe('OK');
  });
});
