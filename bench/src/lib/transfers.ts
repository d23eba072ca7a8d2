// The upload and download measurements, written once for every path the benchmark compares: the core
// of this checkout over each transport (client-worker.ts), and the core before the transport rewrite (BASELINE_COMMIT) built from git
// (baseline-worker.ts). The caller hands over its own copy of the core, so nothing here imports it.
import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { performance } from 'node:perf_hooks';
import type { HttpTransport, OneFichierClient } from '@onefichier/core';
import type { downloadToFile, fileSource, realClock } from '@onefichier/core/node';
import { cpuMsSince, peakRssKiB, schedMs, schedSince, timingPost } from './measure';

/** One copy of the core: its client class, its Node helpers and the transport to measure. */
export interface CoreKit {
  Client: typeof OneFichierClient;
  clock: typeof realClock;
  fileSource: typeof fileSource;
  downloadToFile: typeof downloadToFile;
  transport: () => HttpTransport;
}

export interface Common {
  apiBase: string;
  apiKey: string;
}

/** A client for transfers: no pacing (the sandbox has its limits off for these figures). */
export function unpacedClient(kit: CoreKit, a: Common, transport: HttpTransport = kit.transport()): OneFichierClient {
  return new kit.Client({
    transport,
    clock: kit.clock,
    apiKey: a.apiKey,
    baseUrl: a.apiBase,
    // Every pace off, the IP-wide listing and file/info lanes included: these figures time transfers, listings
    // and parsing, not waiting for turns (the limiter and multiprocess groups measure the pace).
    limits: {
      minIntervalMs: 0,
      folderListIntervalMs: 0,
      accountListIntervalMs: 0,
      userInfoIntervalMs: 0,
      listingIntervalMs: 0,
      fileInfoIntervalMs: 0,
    },
  });
}

/** One upload of a file: the whole call, and the POST alone (what curl's time covers). */
export async function measureUpload(kit: CoreKit, a: Common & { file: string; size: number; verifyIntegrity: boolean }) {
  const timed = timingPost(kit.transport());
  const client = unpacedClient(kit, a, timed.transport);
  const source = await kit.fileSource(a.file);
  const cpu0 = process.cpuUsage();
  const sched0 = schedMs();
  const t0 = performance.now();
  const [uploaded] = await client.upload([source], { verifyIntegrity: a.verifyIntegrity });
  const ms = performance.now() - t0;
  const cpuMs = cpuMsSince(cpu0);
  const sched = schedSince(sched0, ms);
  if (!uploaded || uploaded.size !== a.size) throw new Error(`the upload reported ${uploaded?.size} bytes, expected ${a.size}`);
  return { ms, postMs: timed.postMs(), cpuMs, sched, url: uploaded.url, whirlpool: uploaded.whirlpool, maxRssKiB: peakRssKiB() };
}

/** One downloadToFile (token, transfer, write, rename), and the size of the file it left. */
export async function measureDownload(kit: CoreKit, a: Common & { url: string; outFile: string; size: number }) {
  const client = unpacedClient(kit, a);
  return timedDownload(a, () => kit.downloadToFile(client, a.url, a.outFile, { overwrite: true, restart: true }));
}

/**
 * The ceiling of a Node download, for comparison only: the token from the core, then Node's own `http.get`
 * piped into a write stream with a 4 MiB buffer, without the core's layers (redirects, pages, resume,
 * checks, the .part and its record).
 */
export async function measurePlainDownload(kit: CoreKit, a: Common & { url: string; outFile: string; size: number }) {
  const client = unpacedClient(kit, a);
  return timedDownload(a, async () => {
    const token = await client.getDownloadToken({ url: a.url });
    const res = await new Promise<IncomingMessage>((resolve, reject) => httpGet(token.url, resolve).on('error', reject));
    if (res.statusCode !== 200) throw new Error(`the download host answered HTTP ${res.statusCode}`);
    await pipeline(res, createWriteStream(a.outFile, { highWaterMark: 4 * 1024 * 1024 }));
  });
}

/** Times one download (wall, CPU, scheduler) and checks the size of the file it left. */
async function timedDownload(a: { outFile: string; size: number }, download: () => Promise<unknown>) {
  const cpu0 = process.cpuUsage();
  const sched0 = schedMs();
  const t0 = performance.now();
  await download();
  const ms = performance.now() - t0;
  const cpuMs = cpuMsSince(cpu0);
  const sched = schedSince(sched0, ms);
  const { size } = await stat(a.outFile);
  if (size !== a.size) throw new Error(`the downloaded file has ${size} bytes, expected ${a.size}`);
  return { ms, cpuMs, sched, maxRssKiB: peakRssKiB() };
}

/** Runs a worker's op and sends the one IPC answer: {ok, result} or {ok: false, error}. */
export function answerParent(ops: Record<string, (a: never) => Promise<unknown>>): void {
  const args = JSON.parse(process.env.ONEFICHIER_BENCH_ARGS ?? '{}') as { op: string };
  const op = ops[args.op];
  const run = op ? Promise.resolve().then(() => op(args as never)) : Promise.reject(new Error(`unknown op "${args.op}"`));
  run.then(
    // Exit only once the answer is flushed to the runner.
    (result) => process.send!({ ok: true, result }, undefined, {}, () => process.exit(0)),
    (err: unknown) => {
      const e = err as Error & { kind?: string; hint?: string };
      const text = `${e.kind ? `[${e.kind}] ` : ''}${e.message ?? String(err)}${e.hint ? ` (${e.hint})` : ''}`;
      process.send!({ ok: false, error: text }, undefined, {}, () => process.exit(0));
    },
  );
}
