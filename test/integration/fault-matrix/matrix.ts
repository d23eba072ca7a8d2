/**
 * The fault matrix (docs/benchmarks.md, `fault_matrix_flood_locks`): the main operations (upload, download, copy, move, rename,
 * mkdir, rmdir, remote upload) under EVERY profile and EVERY switch of the sandbox's catalog, on a compressed
 * clock (both sides, as in tests/helpers.ts). Each cell checks the sandbox's state: no duplicate, no lost or
 * corrupt file, no HTML saved as a file. The flood locks of each profile are printed and written for
 * `pnpm bench` (`fault_matrix_flood_locks`, `fault_matrix_flood_locks_strict`; bench/groups/faults.mjs).
 * One test file per profile (default/documented/strict.test.ts), so jest runs the profiles side by side.
 */
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import type { AddressInfo } from 'net';
import { createWhirlpool } from 'hash-wasm';
import { bytesSource, type OneFichierClient } from '@onefichier/core';
import { shownName } from '@onefichier/core/internal';
import type { NodeClientOptions } from '@onefichier/core/node';
import { FAULT_CATALOG, type FaultName, type Faults, type MutationEndpoint, type ProfileName } from '@onefichier/sandbox';
import { TIME_SCALE, bytes, collect, errorOf, newEnv, stopEnvs, type Env } from '../tests/helpers';

/**
 * A cell's switches: the catalog's example, made to bite where the example alone is a modifier. Durations
 * are put on the suite's clock like the profile's own (an explicit fault is not scaled by the sandbox): a
 * real second of "please wait" would be 100 s of the compressed run, long enough for the client to give
 * back the pace it learned and meet the strict profile's lock twice.
 */
function cellFaults(name: FaultName): Partial<Faults> {
  const spec = FAULT_CATALOG[name];
  const example = spec.type.kind === 'ms' ? (spec.example as number) * TIME_SCALE : spec.example;
  // Every mutation of the run loses its answer (the client's own re-sends too): the harshest reading.
  if (name === 'lostAnswers') return { lostAnswers: 1000 };
  if (name === 'lostAnswerMode') return { lostAnswers: 1000, lostAnswerMode: example as Faults['lostAnswerMode'] };
  if (name === 'lostAnswerEndpoints') return { lostAnswers: 1000, lostAnswerEndpoints: example as Faults['lostAnswerEndpoints'] };
  return { [name]: example } as Partial<Faults>;
}

/**
 * A cell's client settings. The 5xx switch answers a random share of calls (0.3 in the catalog's example),
 * so one call fails all of the default 6 tries with chance 0.3^6 ≈ 7e-4: with the cell's 36 calls in three
 * profiles, about one run in twelve fails (CI met it once). The cell is about nothing lost or duplicated;
 * giving up after maxAttempts is tested in packages/core/test/errors.test.ts. So it gets 12 tries
 * (0.3^12 ≈ 5e-7 per call), as test/integration/tests/faults.test.ts gives its 5xx test more tries.
 */
function cellClient(name: FaultName): NodeClientOptions {
  return name === 'serverErrorRate' ? { retry: { maxAttempts: 12 } } : {};
}

const CELLS: { name: string; faults: Partial<Faults>; client: NodeClientOptions }[] = [
  { name: 'no switch', faults: {}, client: {} },
  ...(Object.keys(FAULT_CATALOG) as FaultName[]).map((name) => ({ name, faults: cellFaults(name), client: cellClient(name) })),
];

/**
 * Download-host pages whose right outcome is a classified error, not the file (packages/core/src/download/pages.ts,
 * from JDownloader OneFichierCom.java errorHandlingWebsite): the first download says what happened, saves no
 * page, and the next one (the page's count spent) gets the file.
 */
const REFUSING_PAGES: Record<string, string> = {
  downloadIpLocked: 'rate_limited',
  downloadMaintenance: 'server',
  downloadVpnRefused: 'not_premium',
};

/**
 * get_token's data-centre refusal ("must have CDN", JDownloader rev 53205): the first download fails with its
 * own kind after one get_token call, never asked again; the next one (the count spent) gets the file.
 */
const CDN_REFUSALS: ReadonlySet<string> = new Set(['tokenCdnRequired', 'tokenCdnRequired200']);

/** Where the per-profile flood counts go, one file per profile, for `pnpm bench` (bench/groups/faults.mjs). */
export const OUT_DIR = process.env.FAULT_MATRIX_OUT_DIR ?? path.join(__dirname, '..', '..', '..', 'bench', 'tmp', 'fault-matrix');

interface CellRecord {
  profile: ProfileName;
  cell: string;
  floods: number;
  ms: number;
}
const records: CellRecord[] = [];

const REMOTE_BYTES = bytes(30_000, 77);

async function whirlpoolOf(data: Uint8Array): Promise<string> {
  const h = await createWhirlpool();
  h.init();
  h.update(data);
  return h.digest('hex');
}

/** Every source of the run, by the name it is stored under: what a stored file must hold. */
type Expected = Map<string, { data: Buffer; whirlpool: string }>;

/** The files and folders one run of the main operations must leave, and every source it stored. */
async function mainOperations(client: OneFichierClient, env: Env, expected: Expected, originBase: string): Promise<void> {
  const sources = ["facture d'août 2026.pdf", 'plain.bin', 'to move.bin', 'to rename.bin', 'renamed in place?.bin', 'e1.bin', 'e2.bin'].map(
    (name, i) => ({ name, data: bytes(2_000 + i * 1_000, i + 1) }),
  );
  for (const s of sources) expected.set(s.name, { data: s.data, whirlpool: await whirlpoolOf(s.data) });
  // mkdir (and mkdir -p, parallel: one folder per path)
  const a = (await client.createFolder('A')).folderId;
  const b = (await client.createFolder('B')).folderId;
  const deep = await Promise.all([client.ensureFolderPath('/A/deep/er'), client.ensureFolderPath('/A/deep/er')]);
  expect(deep[0]).toBe(deep[1]);
  // upload: one request with several files, and one more into the deep folder
  const ups = await client.upload(
    sources.slice(0, 5).map((s) => bytesSource(s.name, s.data)),
    { folderId: a },
  );
  expect(ups.map((u) => u.filename)).toEqual(sources.slice(0, 5).map((s) => s.name));
  await client.upload(
    sources.slice(5).map((s) => bytesSource(s.name, s.data)),
    { folderId: deep[0]! },
  );
  const [invoice, , toMove, toRename, inPlace] = ups;
  // copy, move with a new name, move within the folder with a new name, rename
  const copy = await client.copyFiles([invoice!.url], b);
  await client.moveFiles([toMove!.url], b, { rename: 'moved.bin' });
  await client.moveFiles([inPlace!.url], a, { rename: 'renamed in place!.bin' });
  await client.renameFile(toRename!.url, 'renamed.bin');
  expected.set('moved.bin', expected.get('to move.bin')!);
  expected.set('renamed in place!.bin', expected.get('renamed in place?.bin')!);
  expected.set('renamed.bin', expected.get('to rename.bin')!);
  // remote upload, followed until it ran
  const job = await client.remoteUpload({ urls: [`${originBase}/fetched.bin`], folderId: b });
  await client.waitForRemoteUpload(job.id, { pollIntervalMs: 50, timeoutMs: 20_000 });
  expected.set('fetched.bin', { data: REMOTE_BYTES, whirlpool: await whirlpoolOf(REMOTE_BYTES) });
  // rmdir of a folder holding files and sub-folders
  const removed = await client.removeFolderRecursive(a);
  expect(removed).toEqual({ files: 6, folders: 3 });

  const s = env.sandbox.state();
  expect(s.duplicates).toMatchObject({ files: 0, remoteJobs: 0 });
  expect(s.folders.map((f) => f.name)).toEqual(['B']);
  const inB = s.files.filter((f) => f.folderId === b);
  expect(inB.map((f) => f.filename).sort()).toEqual(['facture d＇août 2026.pdf', 'fetched.bin', 'moved.bin'].sort());
  expect(inB.find((f) => f.filename === 'facture d＇août 2026.pdf')?.url).toBe(copy.urls[0]!.toUrl);
  expect(s.remoteJobs).toHaveLength(1);
}

/** No stored file is lost or corrupt: each holds the Whirlpool of the bytes it was made from. */
function expectIntact(env: Env, expected: Expected): void {
  for (const f of env.sandbox.state().files) {
    const want = expected.get(shownName(f.filename));
    expect([f.filename, f.whirlpool]).toEqual([f.filename, want?.whirlpool]);
  }
}

/** A download of a file holding HTML-looking bytes' opposite: the exact bytes, never a page. */
async function downloadStep(client: OneFichierClient, env: Env, cell: string): Promise<void> {
  const name = "l'équipe — photo.jpg";
  const data = bytes(150_000, 99);
  const [up] = await client.upload(bytesSource(name, data));
  const refusal = REFUSING_PAGES[cell];
  if (refusal) expect(await errorOf(async () => collect((await client.download(up!.url)).stream))).toMatchObject({ kind: refusal });
  if (CDN_REFUSALS.has(cell)) {
    const tokensBefore = env.sandbox.state().counters.requests['download/get_token.cgi'] ?? 0;
    const refused = await errorOf(async () => collect((await client.download(up!.url)).stream));
    expect(refused).toMatchObject({ kind: 'cdn_required', retryable: false });
    expect(refused.hint).toMatch(/CDN credits/);
    expect(env.sandbox.state().counters.requests['download/get_token.cgi']).toBe(tokensBefore + 1);
  }
  // A body past the file's end (no Content-Length): stopped at the size the caller knows.
  if (cell === 'downloadOverlong')
    expect(await errorOf(async () => collect((await client.download(up!.url, { file: { size: data.length } })).stream))).toMatchObject({
      kind: 'integrity',
    });
  const dl = await client.download(up!.url);
  const got = await collect(dl.stream);
  expect(got.subarray(0, 64).toString('latin1')).not.toMatch(/<html|<!doctype/i);
  expect(got.length).toBe(data.length);
  expect(got.equals(data)).toBe(true);
  expect(dl.filename).toBe(name);
  expect(env.sandbox.state().files.filter((f) => f.filename === 'l＇équipe — photo.jpg')).toHaveLength(1);
}

/** Every cell of one profile: a describe per switch, two tests each; the flood summary is written after them. */
export function runProfile(profile: ProfileName): void {
  let origin: http.Server;
  let originBase = '';
  beforeAll(async () => {
    origin = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Length': REMOTE_BYTES.length, 'Content-Disposition': 'attachment; filename="fetched.bin"' });
      res.end(REMOTE_BYTES);
    });
    await new Promise<void>((r) => origin.listen(0, '127.0.0.1', r));
    originBase = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => origin.close(r));
    await stopEnvs();
    writeSummary(profile);
  });

  for (const cell of CELLS) {
    describe(`profile ${profile}, switch ${cell.name}`, () => {
      let env: Env;
      let started = 0;
      const expected: Expected = new Map();
      beforeAll(async () => {
        started = Date.now();
        env = await newEnv({ profile, faults: cell.faults }, cell.client);
      });
      afterAll(() => {
        if (env) records.push({ profile, cell: cell.name, floods: env.sandbox.state().floods, ms: Date.now() - started });
      });

      test('upload, copy, move, rename, mkdir, rmdir and remote upload: nothing duplicated, lost or corrupt', async () => {
        if (cell.name === 'notAuthenticated') {
          // A refused authentication is not retried: the first call says so, then the key works again.
          expect((await errorOf(() => env.client.listFolder(0))).kind).toBe('auth');
        }
        if (cell.name === 'nodeNoFileFound') {
          // The node could not read the request: it fails after one POST, saying nothing was stored.
          const refused = await errorOf(() => env.client.upload(bytesSource('refused.bin', bytes(3_000, 5))));
          expect(refused).toMatchObject({ kind: 'protocol', details: { mayHaveArrived: false } });
          expect(refused.message).toContain("Pas de fichier trouvé dans l'envoi");
          expect(env.sandbox.state().counters.requests['node:upload.cgi']).toBe(1);
        }
        if (cell.name === 'fileInfoOwnerLocked') {
          // Too many file checks (#649) is its own refusal, not the owner's account lock (#620).
          const locked = await errorOf(() => env.client.getFileInfo('https://1fichier.com/?abcdefghij0123456789'));
          expect(locked).toMatchObject({ kind: 'rate_limited', code: 649, retryable: false });
        }
        await mainOperations(env.client, env, expected, originBase);
        expectIntact(env, expected);
        await behaviourCheck(cell.name, env);
      });

      test('download: the exact bytes under the given name, never an HTML page (a refusing page: its error first)', async () => {
        await downloadStep(env.client, env, cell.name);
      });
    });
  }

  describe(`profile ${profile}, lost answers and lost requests of removal, copy and remote upload`, () => {
    test.each(['5xx', 'drop'] as const)('%s: no false success, no duplicate, no lost file', async (mode) => {
      await lostAnswerCases(await newEnv({ profile }), mode, originBase);
    });
  });
}

/**
 * A removal, a copy and a remote upload whose answer is lost after the change (lostAnswers) or whose
 * request is lost before it (lostRequests), staged where a wrong reading of the state shows: a removal
 * with one file already gone (file/rm is all or nothing), copies into a folder that already holds one.
 * No result names a change the sandbox does not show (no false success), none is made twice, none is lost.
 */
async function lostAnswerCases(env: Env, mode: Faults['lostAnswerMode'], originBase: string): Promise<void> {
  const { client, sandbox } = env;
  const lose = (fault: 'lostAnswers' | 'lostRequests', endpoint: MutationEndpoint) =>
    sandbox.setFaults({ [fault]: 1, lostAnswerMode: mode, lostAnswerEndpoints: [endpoint] });
  const stored = (url: string) => sandbox.state().files.some((f) => f.url === url);
  const a = (await client.createFolder('A')).folderId;
  const b = (await client.createFolder('B')).folderId;
  const names = ['r1.bin', 'r2.bin', 'gone.bin', 'r3.bin', 'r4.bin', 'src.bin'];
  const ups = await client.upload(
    names.map((n, i) => bytesSource(n, bytes(1_000 + i, i + 1))),
    { folderId: a },
  );
  const url = (name: string) => ups.find((u) => u.filename === name)!.url;

  // Removal, the request lost, one file already gone. (A profile whose removed files linger may accept
  // the gone one again: then it is reported removed; either way every reported removal happened.)
  await client.removeFiles([url('gone.bin')]);
  lose('lostRequests', 'file/rm.cgi');
  const asked = [url('r1.bin'), url('r2.bin'), url('gone.bin')];
  const partly = await client.removeFiles(asked);
  expect([...partly.urls, ...(partly.notFound ?? [])].sort()).toEqual([...asked].sort());
  expect(partly.urls).toEqual(expect.arrayContaining([url('r1.bin'), url('r2.bin')]));
  expect(partly.removed).toBe(partly.urls.length);
  // Removal, the answer lost after the files were removed.
  lose('lostAnswers', 'file/rm.cgi');
  expect(await client.removeFiles([url('r3.bin'), url('r4.bin')])).toEqual({ removed: 2, urls: [url('r3.bin'), url('r4.bin')] });
  expect(['r1.bin', 'r2.bin', 'gone.bin', 'r3.bin', 'r4.bin'].filter((n) => stored(url(n)))).toEqual([]);
  expect(stored(url('src.bin'))).toBe(true);

  // Copies into a folder that holds an earlier copy: each reported copy is a new file, made once.
  const copies = [(await client.copyFiles([url('src.bin')], b)).urls[0]!.toUrl];
  for (const fault of ['lostRequests', 'lostAnswers'] as const) {
    lose(fault, 'file/cp.cgi');
    const copy = (await client.copyFiles([url('src.bin')], b)).urls[0]!.toUrl;
    expect(copies).not.toContain(copy);
    copies.push(copy);
  }
  const inB = () => sandbox.state().files.filter((f) => f.folderId === b);
  expect(
    inB()
      .map((f) => f.url)
      .sort(),
  ).toEqual([...copies].sort());

  // Remote uploads, the request lost then the answer lost: one job each, and each one fetches its file.
  const jobs: number[] = [];
  for (const [fault, name] of [
    ['lostRequests', 'first.bin'],
    ['lostAnswers', 'second.bin'],
  ] as const) {
    lose(fault, 'remote/request.cgi');
    const job = await client.remoteUpload({ urls: [`${originBase}/${name}`], folderId: b });
    const done = await client.waitForRemoteUpload(job.id, { pollIntervalMs: 50, timeoutMs: 20_000 });
    expect(done.results.map((r) => [r.url, r.ok])).toEqual([[`${originBase}/${name}`, true]]);
    jobs.push(job.id);
  }
  const s = sandbox.state();
  expect(s.remoteJobs.map((j) => j.id).sort()).toEqual(jobs.sort());
  expect(s.duplicates.remoteJobs).toBe(0);
  expect(inB().filter((f) => f.filename === 'fetched.bin')).toHaveLength(2);
  const fired = { 'file/rm.cgi': 1, 'file/cp.cgi': 1, 'remote/request.cgi': 1 };
  expect([s.counters.lostRequests, s.counters.lostAnswers]).toEqual([fired, fired]);
}

/** What a behaviour switch changes, checked where the main operations do not reach it. */
async function behaviourCheck(cell: string, env: Env): Promise<void> {
  // The node's transient refusal was met, and the upload it refused was sent again to a new node (stored once).
  if (cell === 'nodeCannotOpenDestination') expect(env.sandbox.state().counters.nodePages).toEqual({ nodeCannotOpenDestination: 1 });
  if (cell === 'notCustomer200') {
    const free = env.makeClient({ apiKey: env.freeKey });
    const [up] = await free.upload(bytesSource('free.txt', Buffer.from('free')));
    expect(await errorOf(() => free.getDownloadToken({ url: up!.url }))).toMatchObject({ kind: 'not_premium', code: 200 });
  }
  if (cell === 'othersPublicInfo') {
    const free = env.makeClient({ apiKey: env.freeKey });
    const [theirs] = await free.upload(bytesSource('theirs.txt', Buffer.from('theirs')));
    expect((await env.client.getFileInfo(theirs!.url)).filename).toBe('theirs.txt');
  }
}

/** The flood locks of one profile's runs: printed, and written for `pnpm bench`. */
function writeSummary(profile: ProfileName): void {
  const mine = records.filter((r) => r.profile === profile);
  const floods = mine.reduce((n, r) => n + r.floods, 0);
  const maxFloodsPerRun = mine.reduce((n, r) => Math.max(n, r.floods), 0);
  const seconds = mine.reduce((n, r) => n + r.ms, 0) / 1000;
  // Each cell's locks too, so a figure over the target names the cell that drew them.
  const floodsByCell = Object.fromEntries(mine.map((r) => [r.cell, r.floods]));
  const summary = {
    profile,
    runs: mine.length,
    floods,
    maxFloodsPerRun,
    floodsByCell,
    seconds,
    writtenAt: new Date().toISOString(),
  };
  process.stdout.write(
    `fault matrix, profile ${profile}: ${floods} flood lock(s) in ${mine.length} runs (at most ${maxFloodsPerRun} in one), ${seconds.toFixed(0)} s\n`,
  );
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.writeFileSync(path.join(OUT_DIR, `${profile}.json`), `${JSON.stringify(summary, null, 2)}\n`);
}
