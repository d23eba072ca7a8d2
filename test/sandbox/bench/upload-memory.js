#!/usr/bin/env node
/**
 * Measures the sandbox's memory while it receives one large upload: the body must be streamed to disk,
 * so the peak RSS must stay far below the file size. Usage (after `pnpm --filter @onefichier/sandbox build`):
 *   node test/sandbox/bench/upload-memory.js [sizeMiB=512]
 * Prints one JSON line { sizeMiB, baseRssMiB, peakRssMiB, seconds, MiBps, ok }, then writes its one check to
 * the report of scripts/lib/checks.mjs (read by scripts/test.mjs) and exits 1 if the memory grew too much.
 */
const { spawn } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');

const sizeMiB = Number(process.argv[2] ?? 512);
if (!Number.isInteger(sizeMiB) || sizeMiB < 1) {
  console.error('usage: upload-memory.js [size in MiB, an integer >= 1]');
  process.exit(2);
}
const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  console.error('Build the sandbox first: pnpm --filter @onefichier/sandbox build');
  process.exit(2);
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-bench-'));
const child = spawn(process.execPath, [cli, '--port', '0', '--upload-port', '0', '--download-port', '0', '--data-dir', dir], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const rssMiB = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) / 1024;

let out = '';
child.stdout.on('data', (c) => {
  out += c;
  if (out.includes('Ctrl-C')) run().catch((e) => finish(e));
});

const CHECK = 'the sandbox streams an upload to disk (peak RSS far below the file size)';

function finish(err, result) {
  child.kill('SIGTERM');
  child.on('exit', async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    // scripts/lib/checks.mjs is an ES module; this file is CommonJS.
    const { writeReport } = await import('../../../scripts/lib/checks.mjs');
    if (err) {
      console.error(`bench failed: ${err.message}`);
      process.exit(writeReport('upload-memory', [{ group: 'upload-memory', name: CHECK, status: 'failed', detail: err.message }]));
    }
    console.log(JSON.stringify(result));
    const detail = `${result.sizeMiB} MiB upload, RSS ${result.baseRssMiB} → ${result.peakRssMiB} MiB`;
    process.exitCode = writeReport('upload-memory', [
      { group: 'upload-memory', name: CHECK, status: result.ok ? 'passed' : 'failed', detail },
    ]);
  });
}

let started = false;
async function run() {
  if (started) return;
  started = true;
  const base = /API base URL: (\S+)/.exec(out)[1];
  const key = /API key: (\S+)/.exec(out)[1];
  const srv = await (
    await fetch(`${base}/upload/get_upload_server.cgi`, { headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' } })
  ).json();
  const baseRss = rssMiB();
  let peak = baseRss;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB())), 20);
  const size = sizeMiB * 1024 * 1024;
  const boundary = `bench${crypto.randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="did"\r\n\r\n0\r\n--${boundary}\r\nContent-Disposition: form-data; name="file[]"; filename="bench.bin"\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const chunk = crypto.randomBytes(1 << 20);
  const t0 = Date.now();
  await new Promise((resolve, reject) => {
    const req = http.request(
      `http://${srv.url}/upload.cgi?id=${srv.id}`,
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${key}`,
          'Content-Type': `multipart/form-data; boundary=${boundary}`,
          'Content-Length': head.length + size + tail.length,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 302 ? resolve() : reject(new Error(`upload answered HTTP ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    req.write(head);
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        sent += chunk.length;
        if (!req.write(chunk)) return req.once('drain', pump);
      }
      req.end(tail);
    };
    pump();
  });
  clearInterval(sampler);
  const seconds = (Date.now() - t0) / 1000;
  const grew = peak - baseRss;
  finish(null, {
    sizeMiB,
    baseRssMiB: +baseRss.toFixed(1),
    peakRssMiB: +peak.toFixed(1),
    seconds,
    MiBps: +(sizeMiB / seconds).toFixed(1),
    // Streaming: growth bounded by buffers (well under 128 MiB), not proportional to the file.
    ok: grew < Math.min(128, sizeMiB / 2 + 64),
  });
}
