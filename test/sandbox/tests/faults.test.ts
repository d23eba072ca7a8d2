import * as fs from 'fs';
import type { Sandbox } from '../src/index';
import { api, multipart, newSandbox, randomBytesOf, raw, sleep, stopAll, upload } from './helpers';

let sb: Sandbox;
beforeAll(async () => {
  sb = await newSandbox();
});
afterEach(() => sb.resetFaults());
afterAll(stopAll);

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
});

describe('connection reset in the middle of an upload', () => {
  test('the client sees a reset, nothing is stored, and the next upload works', async () => {
    sb.setFaults({ uploadResets: 1 });
    const before = sb.state().files.length;
    const srv = (await api(sb, 'upload/get_upload_server.cgi', undefined, { method: 'GET' })).json;
    const form = multipart([
      { name: 'did', value: '0' },
      { name: 'file[]', filename: 'reset.bin', data: randomBytesOf(4 * 1024 * 1024) },
    ]);
    const err = await raw(`http://${srv.url}/upload.cgi?id=${srv.id}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${sb.premiumKey}`, 'Content-Type': form.contentType, 'Content-Length': form.body.length },
      body: form.body,
    }).then(
      () => undefined,
      (e: NodeJS.ErrnoException) => e,
    );
    expect(err?.code).toMatch(/^(ECONNRESET|EPIPE)$/);
    await sleep(50);
    expect(sb.state().files.length).toBe(before);
    expect(sb.state().counters.uploadResets).toBe(1);
    expect(fs.readdirSync(`${sb.dataDir}/tmp`)).toEqual([]);
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
    const srv = (await api(sb, 'upload/get_upload_server.cgi', undefined, { method: 'GET' })).json;
    const form = multipart([
      { name: 'did', value: '0' },
      { name: 'file[]', filename: name, data: Buffer.from(name) },
    ]);
    const r = await raw(`http://${srv.url}/upload.cgi?id=${srv.id}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${sb.premiumKey}`, 'Content-Type': form.contentType, 'Content-Length': form.body.length },
      body: form.body,
    });
    expect(r.status).toBe(302);
    return srv;
  }

  test('"please wait" HTML (even with JSON: 1) for the configured time, then the JSON answer', async () => {
    sb.setFaults({ endPlWaitMs: 500 });
    const srv = await postOne('wait.txt');
    const early = await raw(`http://${srv.url}/end.pl?xid=${srv.id}`, { headers: { JSON: '1' } });
    expect(early.status).toBe(200);
    expect(early.json).toBeUndefined();
    expect(early.text).toMatch(/Please wait/);
    await sleep(550);
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
    await sleep(650);
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
