#!/usr/bin/env node
/**
 * Streaming benchmark: uploads and downloads one large file through the core's Node entry against the local
 * sandbox (127.0.0.1 only), and reports throughput and peak RSS growth. The file is never held in memory,
 * so the RSS growth must stay far below the file size.
 *
 *   node packages/core/bench/stream.bench.js [sizeMB=512] [--no-verify]
 *
 * Needs `pnpm -r run build` (packages/core/dist and test/sandbox/dist). Prints one JSON line at the end.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startSandbox } = require('../../../test/sandbox/dist/index.js');
const { createNodeClient, fileSource, downloadToFile } = require('../dist/node/index.js');
const { whirlpoolHex, createWhirlpoolHasher } = require('../dist/index.js');

const sizeMb = Number(process.argv[2] ?? 512);
// --no-verify: skip the client-side Whirlpool, to see what hashing costs.
const verifyIntegrity = !process.argv.includes('--no-verify');
const MAX_RSS_GROWTH_MB = 160;

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'core-bench-'));
  const src = path.join(dir, 'big.bin');
  // Write pseudo-random content in 1 MiB blocks (no large buffer in memory).
  const block = Buffer.alloc(1 << 20);
  const fd = fs.openSync(src, 'w');
  for (let i = 0; i < sizeMb; i++) {
    for (let j = 0; j < block.length; j += 4) block.writeUInt32LE((i * 2654435761 + j * 40503) >>> 0, j);
    fs.writeSync(fd, block);
  }
  fs.closeSync(fd);

  // Whirlpool alone, for reference.
  const hasher = await createWhirlpoolHasher();
  const h0 = Date.now();
  for (let i = 0; i < 64; i++) hasher.update(block);
  hasher.digest();
  const hashMBps = 64 / ((Date.now() - h0) / 1000);

  const sb = await startSandbox({ dataDir: path.join(dir, 'sandbox') });
  const client = createNodeClient({ apiKey: sb.premiumKey, baseUrl: sb.apiBaseUrl, verifyIntegrity });
  global.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const t0 = Date.now();
    const [up] = await client.upload(await fileSource(src));
    const upSec = (Date.now() - t0) / 1000;
    const dest = path.join(dir, 'back.bin');
    const t1 = Date.now();
    await downloadToFile(client, up.url, dest);
    const downSec = (Date.now() - t1) / 1000;
    clearInterval(sampler);
    const same = fs.statSync(dest).size === fs.statSync(src).size;
    const growthMb = (peak - base) / (1 << 20);
    const result = {
      sizeMB: sizeMb,
      verifyIntegrity,
      uploadMBps: +(sizeMb / upSec).toFixed(1),
      downloadMBps: +(sizeMb / downSec).toFixed(1),
      whirlpoolMBps: +hashMBps.toFixed(1),
      peakRssGrowthMB: +growthMb.toFixed(1),
      sizesMatch: same,
      serverWhirlpool: up.whirlpool.length === 128,
    };
    console.log(JSON.stringify(result));
    if (!same) throw new Error('downloaded size differs');
    if (growthMb > MAX_RSS_GROWTH_MB)
      throw new Error(`peak RSS grew by ${growthMb.toFixed(0)} MB (> ${MAX_RSS_GROWTH_MB} MB): something buffers the file`);
  } finally {
    clearInterval(sampler);
    await sb.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  void whirlpoolHex;
}

main().catch((e) => {
  console.error(`bench failed: ${e.message}`);
  process.exit(1);
});
