// Transfers: upload_vs_curl, upload_hash_overlap, upload_rss_growth_mb, download_vs_curl.
// curl and the core move the same file to/from the same sandbox, interleaved run by run so drift on a
// shared machine hits both sides alike; each figure is a ratio of medians from this one run.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { authHeaderFile, curlDownload, curlUpload } from '../lib/curl.mjs';
import { median, mibPerSecond, round, MiB } from '../lib/stats.mjs';
import { ensureTestFile } from '../lib/testfile.mjs';
import { startBenchSandbox, sandboxDataDir } from '../lib/sandbox.mjs';

/**
 * How many of the machine's cores our processes can get right now: two busy loops side by side for a
 * second; the CPU time they got over the wall time (2.0 on an idle 2-core machine). Other tenants' load
 * shows here, and explains ratios that need two busy cores (the checked upload) at once.
 */
async function freeCores(ctx) {
  const runs = await Promise.all([0, 1].map(() => ctx.clientWorker({ op: 'spin', ms: 1000 }, 'free-core probe')));
  return runs.reduce((n, r) => n + r.cpuMs, 0) / Math.max(...runs.map((r) => r.ms));
}

export async function transferGroup(ctx) {
  const { cfg, tmp, log } = ctx;
  log(`preparing test files in ${tmp}`);
  const bigFile = ensureTestFile(tmp, cfg.bigBytes);
  const smallFile = ensureTestFile(tmp, cfg.smallBytes);
  // Transfers are measured without pacing: the limiter has its own figure.
  const sandbox = await startBenchSandbox(ctx, { paced: false, dataDir: sandboxDataDir(ctx, 'transfer', cfg.bigBytes * 3) });
  const { apiBase, apiKey } = sandbox.info;
  const headerFile = authHeaderFile(tmp, apiKey);
  const client = (args, label) => ctx.clientWorker({ apiBase, apiKey, ...args }, label);
  /** Runs a client measurement and adds the sandbox's CPU time over it (sandboxCpuMs). */
  const measured = async (args, label) => {
    const before = await sandbox.call('cpuMs');
    const schedBefore = await sandbox.call('sched');
    const r = await client(args, label);
    const schedAfter = await sandbox.call('sched');
    const sandboxSched =
      schedBefore && schedAfter && r.ms
        ? { runMs: schedAfter.runMs - schedBefore.runMs, waitMs: schedAfter.waitMs - schedBefore.waitMs }
        : null;
    return { ...r, sandboxCpuMs: (await sandbox.call('cpuMs')) - before, sandboxSched };
  };
  /** "run 40 % / wait 35 % / sleep 25 %" of a main thread over `wallMs`. */
  const schedText = (s, wallMs) => {
    if (!s) return 'n/a';
    const sleep = Math.max(0, wallMs - s.runMs - s.waitMs);
    return `run ${((100 * s.runMs) / wallMs).toFixed(0)} % / wait ${((100 * s.waitMs) / wallMs).toFixed(0)} % / sleep ${((100 * sleep) / wallMs).toFixed(0)} %`;
  };
  try {
    const coresBefore = await freeCores(ctx);
    // ---------------------------------------------------------------- uploads
    const curlMs = [];
    const coreOffMs = [];
    const coreOnMs = [];
    const hashMs = [];
    const cpu = { off: [], on: [], hash: [], sandboxOn: [], sandboxOff: [] };
    const sched = { clientWait: [], clientSleep: [], sandboxWait: [], sandboxSleep: [] };
    const bigPeakKiB = [];
    let downloadSource = '';
    for (let run = 1; run <= cfg.runs; run++) {
      const server = await sandbox.call('uploadServer');
      const c = await curlUpload({ uploadUrl: server.uploadUrl, file: bigFile, headerFile });
      if (c.uploaded < cfg.bigBytes) throw new Error(`curl sent ${c.uploaded} bytes, fewer than the file's ${cfg.bigBytes}`);
      curlMs.push(c.ms);
      await sandbox.call('removeAllFiles');

      const off = await measured(
        { op: 'upload', file: bigFile, size: cfg.bigBytes, verifyIntegrity: false },
        'core upload (integrity off)',
      );
      coreOffMs.push(off.ms);
      cpu.off.push(off.cpuMs);
      cpu.sandboxOff.push(off.sandboxCpuMs);
      // The last run's file stays: it is the download source below (one upload fewer in the time budget).
      if (run === cfg.runs) downloadSource = off.url;
      else await sandbox.call('removeAllFiles');

      const on = await measured({ op: 'upload', file: bigFile, size: cfg.bigBytes, verifyIntegrity: true }, 'core upload (integrity on)');
      coreOnMs.push(on.ms);
      cpu.on.push(on.cpuMs);
      cpu.sandboxOn.push(on.sandboxCpuMs);
      bigPeakKiB.push(on.maxRssKiB);
      await sandbox.call('removeFile', { url: on.url });

      const h = await client({ op: 'hash', file: bigFile }, 'hash alone');
      if (h.whirlpool !== on.whirlpool) {
        throw new Error(
          `the Whirlpool of the file hashed alone (${h.whirlpool.slice(0, 16)}…) differs from the uploaded file's (${on.whirlpool.slice(0, 16)}…)`,
        );
      }
      hashMs.push(h.ms);
      cpu.hash.push(h.cpuMs);
      log(
        `upload run ${run}/${cfg.runs}: curl ${c.ms.toFixed(0)} ms, core ${off.ms.toFixed(0)} ms, ` +
          `core+check ${on.ms.toFixed(0)} ms, hash alone ${h.ms.toFixed(0)} ms`,
      );
      // Main threads during the checked upload: "wait" is runnable without a CPU (the machine), "sleep" is
      // waiting for I/O (the pipeline). Both processes sleeping much at once would be a stall.
      log(`  checked upload, main threads: client ${schedText(on.sched, on.ms)}; sandbox ${schedText(on.sandboxSched, on.ms)}`);
      if (on.sched && on.sandboxSched) {
        sched.clientWait.push(on.sched.waitMs / on.ms);
        sched.clientSleep.push(on.sched.sleepMs / on.ms);
        sched.sandboxWait.push(on.sandboxSched.waitMs / on.ms);
        sched.sandboxSleep.push(Math.max(0, on.ms - on.sandboxSched.runMs - on.sandboxSched.waitMs) / on.ms);
      }
    }
    const curlUp = median(curlMs);
    const coreOff = median(coreOffMs);
    const coreOn = median(coreOnMs);
    const hashAlone = median(hashMs);
    ctx.record('upload_curl_mib_s', round(mibPerSecond(cfg.bigBytes, curlUp), 1));
    ctx.record('upload_core_mib_s', round(mibPerSecond(cfg.bigBytes, coreOff), 1));
    ctx.record('upload_core_checked_mib_s', round(mibPerSecond(cfg.bigBytes, coreOn), 1));
    ctx.record('hash_alone_mib_s', round(mibPerSecond(cfg.bigBytes, hashAlone), 1));
    // Best-of ratios beside the medians: noise from other processes only ever adds time.
    ctx.record('upload_vs_curl_best', round(Math.min(...curlMs) / Math.min(...coreOffMs)));
    ctx.record('upload_hash_overlap_best', round(Math.min(...coreOnMs) / Math.max(Math.min(...coreOffMs), Math.min(...hashMs))));
    ctx.report(
      'upload_vs_curl',
      round(curlUp / coreOff),
      `curl ${mibPerSecond(cfg.bigBytes, curlUp).toFixed(0)} MiB/s, core ${mibPerSecond(cfg.bigBytes, coreOff).toFixed(0)} MiB/s`,
    );
    // CPU times show whether a miss is the client's doing (extra work) or the machine's (no free core).
    const cpuOn = median(cpu.on);
    const cpuOff = median(cpu.off);
    const cpuHash = median(cpu.hash);
    const sandboxOn = median(cpu.sandboxOn);
    ctx.record('upload_client_cpu_ms', round(cpuOff, 0));
    ctx.record('upload_checked_client_cpu_ms', round(cpuOn, 0));
    ctx.record('hash_alone_cpu_ms', round(cpuHash, 0));
    ctx.record('upload_sandbox_cpu_ms', round(median(cpu.sandboxOff), 0));
    ctx.record('upload_checked_sandbox_cpu_ms', round(sandboxOn, 0));
    ctx.record('upload_checked_cores_busy', round((cpuOn + sandboxOn) / coreOn, 2));
    if (sched.clientWait.length) {
      for (const [k, v] of Object.entries(sched))
        ctx.record(`upload_checked_${k.replace(/[A-Z]/, (c) => `_${c.toLowerCase()}`)}_share`, round(median(v), 2));
    }
    ctx.report(
      'upload_hash_overlap',
      round(coreOn / Math.max(coreOff, hashAlone)),
      `checked ${coreOn.toFixed(0)} ms vs max(unchecked ${coreOff.toFixed(0)}, hash ${hashAlone.toFixed(0)}) ms; ` +
        `client CPU ${cpuOn.toFixed(0)} ms checked vs ${cpuOff.toFixed(0)} + ${cpuHash.toFixed(0)} ms unchecked + hash; ` +
        `client + sandbox kept ${((cpuOn + sandboxOn) / coreOn).toFixed(2)} cores busy` +
        (sched.clientWait.length
          ? `; their main threads waited for a free CPU ${(100 * median(sched.clientWait)).toFixed(0)} % / ${(100 * median(sched.sandboxWait)).toFixed(0)} % of the time`
          : ''),
    );

    // ---------------------------------------------------------------- memory
    const smallPeakKiB = [];
    for (let run = 1; run <= cfg.runs; run++) {
      const small = await client(
        { op: 'upload', file: smallFile, size: cfg.smallBytes, verifyIntegrity: true },
        'core upload (small file)',
      );
      smallPeakKiB.push(small.maxRssKiB);
      await sandbox.call('removeFile', { url: small.url });
    }
    const bigPeakMb = (median(bigPeakKiB) * 1024) / 1e6;
    const smallPeakMb = (median(smallPeakKiB) * 1024) / 1e6;
    ctx.record('upload_peak_rss_big_mb', round(bigPeakMb, 1));
    ctx.record('upload_peak_rss_small_mb', round(smallPeakMb, 1));
    ctx.report(
      'upload_rss_growth_mb',
      round(bigPeakMb - smallPeakMb, 1),
      `peak ${bigPeakMb.toFixed(0)} MB for ${cfg.bigBytes / MiB} MiB vs ${smallPeakMb.toFixed(0)} MB for ${cfg.smallBytes / MiB} MiB`,
    );

    // ---------------------------------------------------------------- downloads
    const curlDlMs = [];
    const coreDlMs = [];
    const dlCpu = [];
    const dlSleep = [];
    const curlOut = join(tmp, 'download-curl.bin');
    const coreOut = join(tmp, 'download-core.bin');
    try {
      for (let run = 1; run <= cfg.runs; run++) {
        const token = await sandbox.call('downloadToken', { url: downloadSource });
        const c = await curlDownload({ url: token, outFile: curlOut, headerFile, expectedBytes: cfg.bigBytes });
        curlDlMs.push(c.ms);
        rmSync(curlOut, { force: true });
        const d = await measured({ op: 'download', url: downloadSource, outFile: coreOut, size: cfg.bigBytes }, 'core download');
        coreDlMs.push(d.ms);
        dlCpu.push(d.cpuMs);
        rmSync(coreOut, { force: true });
        log(
          `download run ${run}/${cfg.runs}: curl ${c.ms.toFixed(0)} ms, core ${d.ms.toFixed(0)} ms; ` +
            `core main thread ${schedText(d.sched, d.ms)}, sandbox ${schedText(d.sandboxSched, d.ms)}`,
        );
        if (d.sched) dlSleep.push(d.sched.sleepMs / d.ms);
      }
    } finally {
      rmSync(curlOut, { force: true });
      rmSync(coreOut, { force: true });
    }
    const curlDl = median(curlDlMs);
    const coreDl = median(coreDlMs);
    ctx.record('download_curl_mib_s', round(mibPerSecond(cfg.bigBytes, curlDl), 1));
    ctx.record('download_core_mib_s', round(mibPerSecond(cfg.bigBytes, coreDl), 1));
    ctx.record('download_client_cpu_ms', round(median(dlCpu), 0));
    if (dlSleep.length) ctx.record('download_client_sleep_share', round(median(dlSleep), 2));
    ctx.record('download_vs_curl_best', round(Math.min(...curlDlMs) / Math.min(...coreDlMs)));
    ctx.report(
      'download_vs_curl',
      round(curlDl / coreDl),
      `curl ${mibPerSecond(cfg.bigBytes, curlDl).toFixed(0)} MiB/s, core ${mibPerSecond(cfg.bigBytes, coreDl).toFixed(0)} MiB/s`,
    );
    const coresAfter = await freeCores(ctx);
    ctx.record('machine_free_cores', round((coresBefore + coresAfter) / 2, 2));
    log(`free cores for our processes: ${coresBefore.toFixed(2)} before the transfers, ${coresAfter.toFixed(2)} after`);
  } finally {
    await sandbox.stop();
  }
}
