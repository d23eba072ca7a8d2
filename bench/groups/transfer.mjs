// Transfers: upload_vs_curl, upload_vs_curl_hashing, upload_hash_overlap, upload_rss_growth_mb, download_vs_curl.
// curl, the client's shipped path and the paths it was compared with (the core before the transport rewrite, Node's own
// http, axios on sockets with 1 MiB buffers, undici) move the same files to and from the same sandboxes,
// interleaved run by run so that drift on a shared machine hits every side alike. Each figure is a ratio of
// medians from this one run; the per-run ratios give its spread. The client's CPU per GiB is recorded for
// every path, curl's too.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { authHeaderFile, curlDownload, curlUpload } from '../lib/curl.mjs';
import { median, mibPerSecond, round, MiB } from '../lib/stats.mjs';
import { ensureTestFile } from '../lib/testfile.mjs';
import { startBenchSandbox, sandboxDataDir } from '../lib/sandbox.mjs';

const GiB = 1024 * MiB;

/**
 * How many of the machine's cores our processes can get right now: two busy loops side by side for a
 * second; the CPU time they got over the wall time (2.0 on an idle 2-core machine).
 */
async function freeCores(ctx) {
  const runs = await Promise.all([0, 1].map(() => ctx.clientWorker({ op: 'spin', ms: 1000 }, 'free-core probe')));
  return runs.reduce((n, r) => n + r.cpuMs, 0) / Math.max(...runs.map((r) => r.ms));
}

/**
 * The client paths a transfer is measured over. `new` is what the toolkit ships (createNodeClient's axios
 * transport and downloadToFile); the others are the candidates it was compared with, on today's core.
 */
const PATHS = {
  new: { worker: 'client-worker', args: { path: 'axios' } },
  old: { worker: 'baseline-worker', args: {} },
  nodeHttp: { worker: 'client-worker', args: { path: 'nodeHttp' } },
  axios1m: { worker: 'client-worker', args: { path: 'axios1m' } },
  undici: { worker: 'client-worker', args: { path: 'undici' } },
  // Downloads only: Node's http.get piped into a write stream, without the core (the ceiling of Node's stack).
  plainNode: { worker: 'client-worker', args: { path: 'plainNode' } },
};
const UPLOAD_PATHS = ['new', 'old', 'nodeHttp', 'undici'];
const DOWNLOAD_PATHS = ['new', 'old', 'nodeHttp', 'axios1m', 'undici', 'plainNode'];

/** Per-run ratios curl/core: their range says how far one run can be from the median. */
function spread(curlMs, coreMs) {
  const ratios = curlMs.map((c, i) => c / coreMs[i]);
  return { lo: Math.min(...ratios), hi: Math.max(...ratios) };
}

const cpuPerGiB = (cpuMs, bytes) => cpuMs / 1000 / (bytes / GiB);

/**
 * Every side of a comparison (`curl` and the client paths, each a list of runs): its throughput, its CPU
 * per GiB and, for the client paths, its ratio to curl, recorded as `<kind>_<side>_*`. `timeOf` picks a
 * client run's time (the POST alone for uploads); curl's is its own total.
 */
function recordSides(ctx, kind, sides, bytes, timeOf) {
  const curlMs = median(sides.curl.map((c) => c.ms));
  for (const [side, runs] of Object.entries(sides)) {
    const ms = median(runs.map(side === 'curl' ? (c) => c.ms : timeOf));
    ctx.record(`${kind}_${side}_mib_s`, round(mibPerSecond(bytes, ms), 1));
    ctx.record(`${kind}_${side}_cpu_s_per_gib`, round(cpuPerGiB(median(runs.map((r) => r.cpuMs)), bytes), 2));
    if (side !== 'curl') ctx.record(`${kind}_${side}_vs_curl`, round(curlMs / ms));
  }
}

/** A curl/core figure: the ratio of the medians (curl over the shipped path), its per-run spread, every side's CPU per GiB. */
function reportVsCurl(ctx, name, sides, bytes, timeOf) {
  const curlMs = sides.curl.map((c) => c.ms);
  const coreMs = sides.new.map(timeOf);
  const { lo, hi } = spread(curlMs, coreMs);
  ctx.record(`${name}_min`, round(lo));
  ctx.record(`${name}_max`, round(hi));
  const cpu = Object.entries(sides)
    .map(([side, runs]) => `${side} ${cpuPerGiB(median(runs.map((r) => r.cpuMs)), bytes).toFixed(2)}`)
    .join(', ');
  ctx.report(
    name,
    round(median(curlMs) / median(coreMs)),
    `median of ${curlMs.length}, per run ${lo.toFixed(2)}–${hi.toFixed(2)}; curl ${mibPerSecond(bytes, median(curlMs)).toFixed(0)} MiB/s, ` +
      `core ${mibPerSecond(bytes, median(coreMs)).toFixed(0)} MiB/s; CPU s/GiB ${cpu}`,
  );
}

export async function transferGroup(ctx) {
  const { cfg, tmp, log } = ctx;
  log(`preparing test files in ${tmp}`);
  const bigFile = ensureTestFile(tmp, cfg.bigBytes);
  const hashFile = ensureTestFile(tmp, cfg.hashBytes);
  const smallFile = ensureTestFile(tmp, cfg.smallBytes);
  const baseline = ctx.workers['baseline-worker'];
  const paths = (list) =>
    list.filter((p) => {
      if (PATHS[p].worker !== 'baseline-worker' || typeof baseline === 'string') return true;
      log(`path "${p}" skipped: ${baseline?.missing ?? 'no baseline worker'}`);
      return false;
    });
  // Transfers are measured without pacing: the limiter has its own figure. The sender figures use a node
  // that does not hash (a benchmark-only sandbox switch); the real service hashes, so one figure keeps it.
  const sendOnly = await startBenchSandbox(ctx, {
    paced: false,
    hashUploads: false,
    label: 'sandbox (no hashing)',
    dataDir: sandboxDataDir(ctx, 'transfer', cfg.bigBytes * 3),
  });
  let hashing;
  try {
    hashing = await startBenchSandbox(ctx, { paced: false, dataDir: sandboxDataDir(ctx, 'transfer-hashing', cfg.hashBytes * 3) });
    await measureAll(ctx, { sendOnly, hashing, bigFile, hashFile, smallFile, paths });
  } finally {
    await sendOnly.stop();
    await hashing?.stop();
  }
}

async function measureAll(ctx, { sendOnly, hashing, bigFile, hashFile, smallFile, paths }) {
  const { cfg, tmp, log } = ctx;
  /** One client measurement against `sandbox` over a path. */
  const run = (sandbox, path, args, label) =>
    ctx.clientWorker(
      { apiBase: sandbox.info.apiBase, apiKey: sandbox.info.apiKey, ...PATHS[path].args, ...args },
      `${label} (${path})`,
      10 * 60_000,
      PATHS[path].worker,
    );
  const curlPost = async (sandbox, file, bytes) => {
    const server = await sandbox.call('uploadServer');
    const c = await curlUpload({ uploadUrl: server.uploadUrl, file, headerFile: authHeaderFile(tmp, sandbox.info.apiKey) });
    if (c.uploaded < bytes) throw new Error(`curl sent ${c.uploaded} bytes, fewer than the file's ${bytes}`);
    await sandbox.call('removeAllFiles');
    return c;
  };

  const coresBefore = await freeCores(ctx);

  // ------------------------------------------------ uploads: two senders, a node that does not hash
  const upPaths = paths(UPLOAD_PATHS);
  const up = { curl: [], ...Object.fromEntries(upPaths.map((p) => [p, []])) };
  let downloadSource = '';
  for (let r = 1; r <= cfg.runs; r++) {
    up.curl.push(await curlPost(sendOnly, bigFile, cfg.bigBytes));
    for (const p of upPaths) {
      const u = await run(sendOnly, p, { op: 'upload', file: bigFile, size: cfg.bigBytes, verifyIntegrity: false }, 'upload');
      up[p].push(u);
      // The last run's file of the shipped path stays: it is the download source below.
      if (p === 'new' && r === cfg.runs) downloadSource = u.url;
      else await sendOnly.call('removeFile', { url: u.url });
    }
    log(
      `upload run ${r}/${cfg.runs} (POST of ${cfg.bigBytes / MiB} MiB, node without hashing): curl ${up.curl.at(-1).ms.toFixed(0)} ms, ` +
        upPaths.map((p) => `${p} ${up[p].at(-1).postMs.toFixed(0)} ms (whole upload ${up[p].at(-1).ms.toFixed(0)})`).join(', '),
    );
  }
  const postMs = (u) => u.postMs;
  recordSides(ctx, 'upload', up, cfg.bigBytes, postMs);
  reportVsCurl(ctx, 'upload_vs_curl', up, cfg.bigBytes, postMs);

  // ------------------------------------------------ uploads to a node that hashes, like the real service
  const hashed = { curl: [], core: [] };
  for (let r = 1; r <= cfg.runs; r++) {
    hashed.curl.push(await curlPost(hashing, hashFile, cfg.hashBytes));
    const u = await run(
      hashing,
      'new',
      { op: 'upload', file: hashFile, size: cfg.hashBytes, verifyIntegrity: false },
      'upload to a hashing node',
    );
    hashed.core.push(u.postMs);
    await hashing.call('removeFile', { url: u.url });
    log(
      `hashing-node run ${r}/${cfg.runs} (${cfg.hashBytes / MiB} MiB): curl ${hashed.curl.at(-1).ms.toFixed(0)} ms, core ${u.postMs.toFixed(0)} ms`,
    );
  }
  const hashedCurl = hashed.curl.map((c) => c.ms);
  const hashedSpread = spread(hashedCurl, hashed.core);
  ctx.record('upload_hashing_curl_mib_s', round(mibPerSecond(cfg.hashBytes, median(hashedCurl)), 1));
  ctx.record('upload_hashing_core_mib_s', round(mibPerSecond(cfg.hashBytes, median(hashed.core)), 1));
  ctx.report(
    'upload_vs_curl_hashing',
    round(median(hashedCurl) / median(hashed.core)),
    `median of ${cfg.runs}, per run ${hashedSpread.lo.toFixed(2)}–${hashedSpread.hi.toFixed(2)}; both capped by the node's Whirlpool at ` +
      `${mibPerSecond(cfg.hashBytes, median(hashedCurl)).toFixed(0)} / ${mibPerSecond(cfg.hashBytes, median(hashed.core)).toFixed(0)} MiB/s`,
  );

  // ------------------------------------------------ the client's own Whirlpool overlapped with sending
  const overlap = { on: [], off: [], hash: [] };
  for (let r = 1; r <= cfg.runs; r++) {
    const on = await run(sendOnly, 'new', { op: 'upload', file: hashFile, size: cfg.hashBytes, verifyIntegrity: true }, 'upload, check on');
    await sendOnly.call('removeFile', { url: on.url });
    const off = await run(
      sendOnly,
      'new',
      { op: 'upload', file: hashFile, size: cfg.hashBytes, verifyIntegrity: false },
      'upload, check off',
    );
    await sendOnly.call('removeFile', { url: off.url });
    const h = await ctx.clientWorker({ op: 'hash', file: hashFile }, 'hash alone');
    if (h.whirlpool !== on.whirlpool)
      throw new Error(
        `the Whirlpool of the file hashed alone (${h.whirlpool.slice(0, 16)}…) differs from the upload's (${on.whirlpool.slice(0, 16)}…)`,
      );
    overlap.on.push(on);
    overlap.off.push(off);
    overlap.hash.push(h);
    log(
      `overlap run ${r}/${cfg.runs} (${cfg.hashBytes / MiB} MiB): checked ${on.ms.toFixed(0)} ms, unchecked ${off.ms.toFixed(0)} ms, hash alone ${h.ms.toFixed(0)} ms`,
    );
  }
  const onMs = overlap.on.map((u) => u.ms);
  const bound = overlap.off.map((u, i) => Math.max(u.ms, overlap.hash[i].ms));
  const overlapRuns = onMs.map((ms, i) => ms / bound[i]);
  ctx.record('hash_alone_mib_s', round(mibPerSecond(cfg.hashBytes, median(overlap.hash.map((h) => h.ms))), 1));
  ctx.record('upload_checked_cpu_s_per_gib', round(cpuPerGiB(median(overlap.on.map((u) => u.cpuMs)), cfg.hashBytes), 2));
  ctx.record('hash_alone_cpu_s_per_gib', round(cpuPerGiB(median(overlap.hash.map((h) => h.cpuMs)), cfg.hashBytes), 2));
  ctx.report(
    'upload_hash_overlap',
    round(median(onMs) / Math.max(median(overlap.off.map((u) => u.ms)), median(overlap.hash.map((h) => h.ms)))),
    `median of ${cfg.runs}, per run ${Math.min(...overlapRuns).toFixed(2)}–${Math.max(...overlapRuns).toFixed(2)}; checked ${median(onMs).toFixed(0)} ms vs ` +
      `max(unchecked ${median(overlap.off.map((u) => u.ms)).toFixed(0)}, hash alone ${median(overlap.hash.map((h) => h.ms)).toFixed(0)}) ms`,
  );

  // ------------------------------------------------ memory: a big upload against a small one
  const smallPeakKiB = [];
  for (let r = 1; r <= cfg.runs; r++) {
    const s = await run(
      sendOnly,
      'new',
      { op: 'upload', file: smallFile, size: cfg.smallBytes, verifyIntegrity: true },
      'upload (small file)',
    );
    smallPeakKiB.push(s.maxRssKiB);
    await sendOnly.call('removeFile', { url: s.url });
  }
  const bigPeakMb = (median(up.new.map((u) => u.maxRssKiB)) * 1024) / 1e6;
  const smallPeakMb = (median(smallPeakKiB) * 1024) / 1e6;
  ctx.record('upload_peak_rss_big_mb', round(bigPeakMb, 1));
  ctx.record('upload_peak_rss_small_mb', round(smallPeakMb, 1));
  ctx.report(
    'upload_rss_growth_mb',
    round(bigPeakMb - smallPeakMb, 1),
    `peak ${bigPeakMb.toFixed(0)} MB for ${cfg.bigBytes / MiB} MiB vs ${smallPeakMb.toFixed(0)} MB for ${cfg.smallBytes / MiB} MiB`,
  );

  // ------------------------------------------------ downloads
  const dlPaths = paths(DOWNLOAD_PATHS);
  const dl = { curl: [], ...Object.fromEntries(dlPaths.map((p) => [p, []])) };
  const out = join(tmp, 'download.bin');
  try {
    for (let r = 1; r <= cfg.runs; r++) {
      const token = await sendOnly.call('downloadToken', { url: downloadSource });
      dl.curl.push(await curlDownload({ url: token, outFile: out, expectedBytes: cfg.bigBytes }));
      rmSync(out, { force: true });
      for (const p of dlPaths) {
        dl[p].push(await run(sendOnly, p, { op: 'download', url: downloadSource, outFile: out, size: cfg.bigBytes }, 'download'));
        rmSync(out, { force: true });
      }
      log(
        `download run ${r}/${cfg.runs}: curl ${dl.curl.at(-1).ms.toFixed(0)} ms (CPU ${dl.curl.at(-1).cpuMs.toFixed(0)}), ` +
          dlPaths.map((p) => `${p} ${dl[p].at(-1).ms.toFixed(0)} ms (CPU ${dl[p].at(-1).cpuMs.toFixed(0)})`).join(', '),
      );
    }
  } finally {
    rmSync(out, { force: true });
  }
  const wholeMs = (d) => d.ms;
  recordSides(ctx, 'download', dl, cfg.bigBytes, wholeMs);
  for (const p of dlPaths) ctx.record(`download_${p}_peak_rss_mb`, round((median(dl[p].map((d) => d.maxRssKiB)) * 1024) / 1e6, 1));
  reportVsCurl(ctx, 'download_vs_curl', dl, cfg.bigBytes, wholeMs);

  const coresAfter = await freeCores(ctx);
  ctx.record('machine_free_cores', round((coresBefore + coresAfter) / 2, 2));
  log(`free cores for our processes: ${coresBefore.toFixed(2)} before the transfers, ${coresAfter.toFixed(2)} after`);
}
