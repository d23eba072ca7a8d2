// The baselines: curl moving the same bytes to/from the same sandbox. curl's own %{time_total} is used,
// so process start-up is excluded on both sides (the core's time is taken inside its worker).
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

function runCurl(args) {
  return new Promise((resolve, reject) => {
    const child = spawn('curl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => {
      out += c;
    });
    child.stderr.on('data', (c) => {
      err += c;
    });
    child.on('error', (e) => reject(new Error(`curl could not start (${e.message}); install it: apt-get install -y curl`)));
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`curl exited with ${code}: ${err.trim().slice(0, 300)}`));
      else resolve(out);
    });
  });
}

/** Writes the Authorization header to a file read with -H @file, so the key is not on curl's command line. */
export function authHeaderFile(dir, apiKey) {
  const path = join(dir, 'curl-auth-header.txt');
  writeFileSync(path, `Authorization: Bearer ${apiKey}\n`, { mode: 0o600 });
  return path;
}

const WRITE_OUT = '%{http_code} %{time_total} %{size_upload} %{size_download}';

function parseWriteOut(text) {
  const [status, seconds, up, down] = text.trim().split(' ');
  return { status: Number(status), ms: Number(seconds) * 1000, uploaded: Number(up), downloaded: Number(down) };
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

/** GETs a download URL into `outFile`; expects 200 and the full size. */
export async function curlDownload({ url, outFile, headerFile, expectedBytes }) {
  const r = parseWriteOut(await runCurl(['-sS', '-o', outFile, '-w', WRITE_OUT, '-H', `@${headerFile}`, url]));
  if (r.status !== 200) throw new Error(`curl download: HTTP ${r.status}, expected 200`);
  if (r.downloaded !== expectedBytes) throw new Error(`curl download: got ${r.downloaded} bytes, expected ${expectedBytes}`);
  return r;
}
