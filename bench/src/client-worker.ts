// One benchmark measurement with the real client (core + Node entry) against the sandbox, in a process
// of its own. Argument: a JSON object with `op` in $ONEFICHIER_BENCH_ARGS; answer: one IPC message
// {ok, result | error}.
// Times are taken around the measured call only (module loading and setup are excluded).
import { createReadStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import axios from 'axios';
import { createWhirlpool } from 'hash-wasm';
import { DEFAULT_LIMITS, OneFichierClient, runSyncPlan, type ClientEvent, type HttpTransport, type UploadSource } from '@onefichier/core';
import {
  createAxiosTransport,
  createNodeClient,
  realClock,
  fileSource,
  downloadToFile,
  planFolderSync,
  PACE_DIR_ENV,
} from '@onefichier/core/node';
import { cpuMsSince, peakRssKiB } from './lib/measure';
import {
  answerParent,
  measureDownload,
  measurePlainDownload,
  measureUpload,
  unpacedClient,
  type Common,
  type CoreKit,
} from './lib/transfers';
import { BIG_BUFFERS, createNodeHttpTransport } from './lib/node-http-transport';
import { createUndiciTransport } from './lib/undici-transport';

/** The transports a transfer can be measured over: the shipped one (axios), and the candidates it was chosen from. */
const TRANSPORTS: Record<string, () => HttpTransport> = {
  axios: () => createAxiosTransport(),
  axios1m: () => createAxiosTransport({ axiosInstance: axios.create({ httpAgent: BIG_BUFFERS.http, httpsAgent: BIG_BUFFERS.https }) }),
  nodeHttp: () => createNodeHttpTransport(),
  undici: () => createUndiciTransport(),
};

function kitFor(path: string | undefined): CoreKit {
  const transport = TRANSPORTS[path ?? 'axios'];
  if (!transport) throw new Error(`unknown transfer path "${path}"; known: ${Object.keys(TRANSPORTS).join(', ')}`);
  return { Client: OneFichierClient, clock: realClock, fileSource, downloadToFile, transport };
}

type Path = { path?: string };

const upload = (a: Parameters<typeof measureUpload>[1] & Path) => measureUpload(kitFor(a.path), a);
const download = (a: Parameters<typeof measureDownload>[1] & Path) =>
  a.path === 'plainNode' ? measurePlainDownload(kitFor('axios'), a) : measureDownload(kitFor(a.path), a);

/** Whirlpool of the file alone, with the hasher the core uses and the 1 MiB reads of its file source. */
async function hash(a: { file: string }) {
  const hasher = await createWhirlpool();
  hasher.init();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for await (const chunk of createReadStream(a.file, { highWaterMark: 1024 * 1024 })) hasher.update(chunk as Buffer);
  const whirlpool = hasher.digest('hex');
  return { ms: performance.now() - t0, cpuMs: cpuMsSince(cpu0), whirlpool, maxRssKiB: peakRssKiB() };
}

/** An in-memory source of `size` bytes (listing and limiter setup need many small files quickly). */
function memorySource(name: string, size: number): UploadSource {
  const bytes = new Uint8Array(size).fill(97);
  return {
    name,
    size,
    reopenable: true,
    async *open() {
      yield bytes;
    },
  };
}

async function limiter(a: Common & { calls: number; lanes: number; ratePerSecond: number; burst: number }) {
  let floodWaits = 0;
  const client = new OneFichierClient({
    transport: createAxiosTransport(),
    clock: realClock,
    apiKey: a.apiKey,
    baseUrl: a.apiBase,
    limits: { minIntervalMs: 1000 / a.ratePerSecond },
    onEvent: (e: ClientEvent) => {
      if (e.type === 'wait' && e.reason === 'flood') floodWaits++;
    },
  });
  // Setup (not timed): one small file per lane, then let the sandbox's bucket fill up again.
  const files = await client.upload(Array.from({ length: a.lanes }, (_, i) => memorySource(`lane-${i}.txt`, 1024)));
  await new Promise((r) => setTimeout(r, (a.burst / a.ratePerSecond) * 1000 + 500));

  let tickets = a.calls;
  let made = 0;
  const mix: Record<string, number> = {};
  /** Takes a ticket for one call; false once the budget of calls is spent. */
  const call = async <T>(kind: string, fn: () => Promise<T>): Promise<T | undefined> => {
    if (tickets <= 0) return undefined;
    tickets--;
    const result = await fn();
    made++;
    mix[kind] = (mix[kind] ?? 0) + 1;
    return result;
  };
  const lane = async (index: number) => {
    const url = files[index]!.url;
    for (let round = 0; tickets > 0; round++) {
      await call('info', () => client.getFileInfo(url));
      await call('get_token', () => client.getDownloadToken({ url }));
      const folder = await call('mkdir', () => client.createFolder(`lane-${index}-${round}`, 0));
      if (!folder) return;
      await call('folder_ls', () => client.listFolder(folder.folderId));
      await call('rename', () => client.renameFile(url, `lane-${index}-r${round}.txt`));
      const copy = await call('cp', () => client.copyFiles([url], folder.folderId));
      if (!copy) return;
      await call('rm', () => client.removeFiles(copy.urls.map((u) => ({ url: u.toUrl }))));
      await call('rmdir', () => client.removeFolder(folder.folderId));
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: a.lanes }, (_, i) => lane(i)));
  const ms = performance.now() - t0;
  return { ms, calls: made, mix, floodWaits, ...laneSpacings() };
}

/**
 * One of several processes of the multiprocess run: one client per key, each through createNodeClient (the
 * machine's pace ledger in `paceDir`, the client's default limits). Setup (a file per key) is not timed;
 * the timed part starts at `startAt` (the same instant in every process) and makes `calls` calls in all,
 * from the clients in turn (info, mkdir, folder listing, rename, copy, remove, rmdir).
 */
async function multiprocess(a: { apiBase: string; keys: string[]; calls: number; paceDir: string; startAt: number; name: string }) {
  process.env[PACE_DIR_ENV] = a.paceDir;
  let floodWaits = 0;
  const onEvent = (e: ClientEvent) => {
    if (e.type === 'wait' && e.reason === 'flood') floodWaits++;
  };
  const clients = a.keys.map((apiKey) => createNodeClient({ apiKey, baseUrl: a.apiBase, onEvent }));
  const files = await Promise.all(clients.map((c, i) => c.upload([memorySource(`${a.name}-${i}.txt`, 512)])));
  await new Promise((r) => setTimeout(r, Math.max(0, a.startAt - Date.now())));
  let tickets = a.calls;
  const mix: Record<string, number> = {};
  const call = async <T>(kind: string, fn: () => Promise<T>): Promise<T | undefined> => {
    if (tickets <= 0) return undefined;
    tickets--;
    mix[kind] = (mix[kind] ?? 0) + 1;
    return fn();
  };
  const lane = async (c: OneFichierClient, url: string, index: number) => {
    for (let round = 0; tickets > 0; round++) {
      await call('info', () => c.getFileInfo(url));
      const folder = await call('mkdir', () => c.createFolder(`${a.name}-${index}-${round}`, 0));
      if (!folder) return;
      await call('folder_ls', () => c.listFolder(folder.folderId));
      await call('rename', () => c.renameFile(url, `${a.name}-${index}-r${round}.txt`));
      const copy = await call('cp', () => c.copyFiles([url], folder.folderId));
      if (!copy) return;
      await call('rm', () => c.removeFiles(copy.urls.map((u) => ({ url: u.toUrl }))));
      await call('rmdir', () => c.removeFolder(folder.folderId));
    }
  };
  await Promise.all(clients.map((c, i) => lane(c, files[i]![0]!.url, i)));
  return { endedAt: Date.now(), calls: a.calls - tickets, mix, floodWaits, ...laneSpacings() };
}

/** The client's default spacing of the lanes a run's minimum depends on (policy/pacer.ts, DEFAULT_LIMITS). */
function laneSpacings() {
  return {
    tokenIntervalMs: DEFAULT_LIMITS.tokenIntervalMs,
    fileInfoIntervalMs: DEFAULT_LIMITS.fileInfoIntervalMs,
    listingIntervalMs: DEFAULT_LIMITS.listingIntervalMs,
  };
}

async function list(a: Common & { count: number; runs: number; parseRuns: number }) {
  let lastAnswer = '';
  const base = createAxiosTransport();
  // Keeps the text of the last file/ls.cgi answer, to parse it again without the network.
  const recording: HttpTransport = async (req) => {
    const res = await base(req);
    if (req.url.endsWith('/file/ls.cgi') && res.text !== undefined) lastAnswer = res.text;
    return res;
  };
  const kit = kitFor('axios');
  const client = unpacedClient(kit, a, recording);
  const seed0 = performance.now();
  const folder = await client.createFolder(`list-${a.count}`, 0);
  // One multipart POST of many small files per batch: seeding stays a few seconds.
  const batch = 500;
  for (let i = 0; i < a.count; i += batch) {
    const n = Math.min(batch, a.count - i);
    await client.upload(
      Array.from({ length: n }, (_, k) => memorySource(`file-${String(i + k).padStart(5, '0')}.bin`, 16)),
      { folderId: folder.folderId, verifyIntegrity: false },
    );
  }
  const seedMs = performance.now() - seed0;

  const listTimes: number[] = [];
  let count = 0;
  for (let r = 0; r < a.runs; r++) {
    const t0 = performance.now();
    const listing = await client.listFiles({ folderId: folder.folderId });
    listTimes.push(performance.now() - t0);
    count = listing.items.length;
  }
  if (count !== a.count) throw new Error(`the listing returned ${count} files, expected ${a.count}`);

  const answer = lastAnswer;
  if (!answer) throw new Error('no file/ls.cgi answer was recorded');
  const offline = unpacedClient(kit, a, async () => ({ status: 200, headers: { 'content-type': 'application/json' }, text: answer }));
  const parseTimes: number[] = [];
  for (let r = 0; r < a.parseRuns + 1; r++) {
    const t0 = performance.now();
    const listing = await offline.listFiles({ folderId: folder.folderId });
    const ms = performance.now() - t0;
    if (listing.items.length !== a.count) throw new Error(`parsing gave ${listing.items.length} files, expected ${a.count}`);
    if (r > 0) parseTimes.push(ms); // the first parse also compiles the parsing code
  }
  return { seedMs, listMs: median(listTimes), parseMs: median(parseTimes), count, answerBytes: Buffer.byteLength(answer) };
}

function median(values: number[]): number {
  const s = [...values].sort((x, y) => x - y);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Folder sync against the sandbox, counting every request the client sends (a counting transport): a tree of
 * `files` small files in `folders` folders is synced once (seeding), synced again unchanged, then again after
 * one file changed (same size, other bytes: found by Whirlpool). The client is unpaced and its listing
 * budgets are 0, so a listing made twice would be sent twice and counted, not served from the cache.
 */
async function sync(a: Common & { files: number; folders: number; fileBytes: number; workDir: string }) {
  const counts: Record<string, number> = {};
  const base = createAxiosTransport();
  const counting: HttpTransport = (req) => {
    const endpoint = new URL(req.url).pathname.split('/').slice(-2).join('/');
    const key = endpoint.endsWith('upload.cgi') ? 'upload.cgi' : endpoint.endsWith('end.pl') ? 'end.pl' : endpoint;
    counts[key] = (counts[key] ?? 0) + 1;
    return base(req);
  };
  const client = unpacedClient(kitFor('axios'), a, counting);
  const root = join(a.workDir, 'bench-sync');
  rmSync(root, { recursive: true, force: true });
  const dirs = Array.from({ length: a.folders }, (_, i) => (i === 0 ? '' : `folder-${String(i).padStart(2, '0')}`));
  for (const d of dirs) mkdirSync(join(root, d), { recursive: true });
  const fileAt = (i: number) => join(root, dirs[i % a.folders]!, `file-${String(i).padStart(4, '0')}.bin`);
  for (let i = 0; i < a.files; i++) writeFileSync(fileAt(i), Buffer.alloc(a.fileBytes, i % 251));

  const run = async () => {
    for (const k of Object.keys(counts)) delete counts[k];
    const t0 = performance.now();
    const plan = await planFolderSync(client, { localDir: root, target: { parentId: 0, name: 'bench-sync' } });
    const report = await runSyncPlan(client, plan);
    const calls = Object.values(counts).reduce((n, c) => n + c, 0);
    return { ms: performance.now() - t0, plan: plan.summary, report, counts: { ...counts }, calls };
  };
  const seed = await run();
  if (seed.report.uploaded.length !== a.files) throw new Error(`seeding uploaded ${seed.report.uploaded.length} of ${a.files} files`);
  const unchanged = await run();
  // One file changes, keeping its size: only Whirlpool can tell.
  writeFileSync(fileAt(a.files - 1), Buffer.alloc(a.fileBytes, 255));
  const changed = await run();
  const after = await run();
  rmSync(root, { recursive: true, force: true });
  const removals = changed.report.replaced.reduce((n, r) => n + r.removed.length, 0) + changed.report.removed.length;
  return {
    folders: a.folders,
    files: a.files,
    seedMs: seed.ms,
    seedCalls: seed.calls,
    unchangedMs: unchanged.ms,
    unchangedCalls: unchanged.calls,
    unchangedCounts: unchanged.counts,
    unchangedUploads: unchanged.report.uploaded.length + unchanged.report.replaced.length,
    changedCalls: changed.calls,
    changedCounts: changed.counts,
    changedUploads: changed.report.uploaded.length + changed.report.replaced.length,
    changedRemovals: removals,
    changedFailed: changed.report.failed.length,
    // After the change is synced, a sync finds nothing left: one copy of each file, all current.
    afterSummary: after.plan,
  };
}

/** Busy-loops for `ms` of wall time and reports the CPU time it got: how much of a core is free. */
async function spin(a: { ms: number }) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let x = 0;
  while (performance.now() - t0 < a.ms) for (let i = 0; i < 10_000; i++) x = (x * 31 + i) | 0;
  return { ms: performance.now() - t0, cpuMs: cpuMsSince(cpu0), x };
}

answerParent({ upload, hash, download, limiter, multiprocess, list, sync, spin });
