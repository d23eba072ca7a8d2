// The baselines: curl moving the same bytes to/from the same sandbox. curl's own %{time_total} is used,
// so process start-up is excluded on both sides (the core's time is taken inside its worker).
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Runs curl through bash so that `times` can report curl's CPU time (user + system of the shell's
 * children), which Node cannot read for a child process. Resolves with curl's stdout and that CPU time.
 */
function runCurl(args) {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', 'curl "$@"; rc=$?; times >&2; exit $rc', 'curl', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => {
      out += c;
    });
    child.stderr.on('data', (c) => {
      err += c;
    });
    child.on('error', (e) => reject(new Error(`bash could not start curl (${e.message}); install curl: apt-get install -y curl`)));
    child.on('close', (code) => {
      const lines = err.trim().split('\n');
      const cpuMs = childrenCpuMs(lines[lines.length - 1] ?? '');
      const curlErr = lines.slice(0, -2).join('\n').trim();
      if (code !== 0) reject(new Error(`curl exited with ${code}: ${curlErr.slice(0, 300)}`));
      else resolve({ out, cpuMs });
    });
  });
}

/** bash's `times` line for the children, "0m0.035s 0m0.871s", as user + system milliseconds. */
function childrenCpuMs(line) {
  const parts = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60_000 + Number(m[2]) * 1000);
  return parts.length === 2 ? parts[0] + parts[1] : NaN;
}

/** Writes the Authorization header to a file read with -H @file, so the key is not on curl's command line. */
export function authHeaderFile(dir, apiKey) {
  const path = join(dir, 'curl-auth-header.txt');
  writeFileSync(path, `Authorization: Bearer ${apiKey}\n`, { mode: 0o600 });
  return path;
}

const WRITE_OUT = '%{http_code} %{time_total} %{size_upload} %{size_download}';

function parseWriteOut({ out, cpuMs }) {
  const [status, seconds, up, down] = out.trim().split(' ');
  return { status: Number(status), ms: Number(seconds) * 1000, uploaded: Number(up), downloaded: Number(down), cpuMs };
}

/** POSTs `file` as multipart (did=0, file[]) to an upload node URL; expects the node's 302 to end.pl. */
export async function curlUpload({ uploadUrl, file, headerFile }) {
  const r = parseWriteOut(
    await runCurl([
      '-sS',
      '-o',
      '/dev/null',
      '-w',
      WRITE_OUT,
      '-H',
      `@${headerFile}`,
      // Without this, curl waits up to a second for "100 Continue" before sending a large body.
      '-H',
      'Expect:',
      '-F',
      'did=0',
      '-F',
      `file[]=@${file}`,
      uploadUrl,
    ]),
  );
  if (r.status !== 302) throw new Error(`curl upload: the upload node answered HTTP ${r.status}, expected 302`);
  return r;
}

/** GETs a download URL into `outFile` (without the key: the download host needs none); expects 200 and the full size. */
export async function curlDownload({ url, outFile, expectedBytes }) {
  const r = parseWriteOut(await runCurl(['-sS', '-o', outFile, '-w', WRITE_OUT, url]));
  if (r.status !== 200) throw new Error(`curl download: HTTP ${r.status}, expected 200`);
  if (r.downloaded !== expectedBytes) throw new Error(`curl download: got ${r.downloaded} bytes, expected ${expectedBytes}`);
  return r;
}
