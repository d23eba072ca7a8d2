import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { createWhirlpool } from 'hash-wasm';
import { startSandbox, type Sandbox, type SandboxOptionsInput } from '../src/index';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
  /** Parsed JSON body, or undefined when the body isn't JSON. */
  json: any;
}

export interface RawRequest {
  method?: string | undefined;
  headers?: Record<string, string | number> | undefined;
  body?: string | Buffer | undefined;
  /** Source address, e.g. 127.0.0.2 to act as a second client IP over loopback. */
  localAddress?: string | undefined;
}

/** One HTTP exchange with nothing in between: no redirects followed, no retries. */
export function raw(url: string, req: RawRequest = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const r = http.request(
      url,
      { method: req.method ?? 'GET', headers: req.headers, localAddress: req.localAddress, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          const text = body.toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text, json });
        });
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    if (req.body !== undefined) r.end(req.body);
    else r.end();
  });
}

/** Temporary data folder per sandbox, removed by `stopAll`. */
const started: { sandbox: Sandbox; dir: string }[] = [];

/** Generous limits so functional tests never trip the flood guard (the limits tests set their own). */
const RELAXED: SandboxOptionsInput['limits'] = {
  ratePerSecond: 10_000,
  burst: 10_000,
  endpointBudgets: false,
};

export async function newSandbox(input: SandboxOptionsInput = {}): Promise<Sandbox> {
  const dir = input.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-test-'));
  const sandbox = await startSandbox({ ...input, dataDir: dir, limits: { ...RELAXED, ...input.limits } });
  started.push({ sandbox, dir });
  return sandbox;
}

export async function stopAll(): Promise<void> {
  const all = started.splice(0);
  // Stop every sandbox before removing folders: two sandboxes may share one (restart tests).
  for (const { sandbox } of all) await sandbox.stop();
  for (const { dir } of all) fs.rmSync(dir, { recursive: true, force: true });
}

/** API call the way the real clients make it: POST JSON with Bearer auth. */
export function api(
  sb: Sandbox,
  endpoint: string,
  body?: unknown,
  opts: { key?: string | null; method?: string; headers?: Record<string, string>; localAddress?: string } = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', ...opts.headers };
  const key = opts.key === undefined ? sb.premiumKey : opts.key;
  if (key !== null) headers.Authorization = `Bearer ${key}`;
  return raw(`${sb.apiBaseUrl}/${endpoint}`, {
    method: opts.method ?? 'POST',
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    localAddress: opts.localAddress,
  });
}

/** Expects `{"status":"KO","message":"... #code"}` with the given HTTP status. */
export function expectKo(res: RawResponse, httpStatus: number, code: number): void {
  expect({ status: res.status, body: res.json }).toEqual({
    status: httpStatus,
    body: { status: 'KO', message: expect.stringMatching(new RegExp(` #${code}$`)) },
  });
}

export interface Part {
  name: string;
  value?: string;
  filename?: string;
  data?: Buffer;
}

/** Multipart body as the real clients encode it: unquoted boundary, quoted names, no part Content-Type. */
export function multipart(parts: Part[]): { body: Buffer; contentType: string } {
  const boundary = `----sandboxtest${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disp =
      p.filename !== undefined
        ? `form-data; name="${p.name}"; filename="${p.filename.replace(/\\/g, '\\\\')}"`
        : `form-data; name="${p.name}"`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disp}\r\n\r\n`, 'utf8'));
    chunks.push(p.data ?? Buffer.from(p.value ?? '', 'utf8'));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

export async function whirlpool(data: Buffer): Promise<string> {
  const h = await createWhirlpool();
  h.init();
  h.update(data);
  return h.digest('hex');
}

export interface UploadedLink {
  download: string;
  filename: string;
  remove: string;
  size: string;
  whirlpool: string;
}

/** The three upload steps done by hand; returns end.pl's links. */
export async function upload(
  sb: Sandbox,
  files: { filename: string; data: Buffer }[],
  did: number | string = 0,
  key: string = sb.premiumKey,
): Promise<UploadedLink[]> {
  const srv = await api(sb, 'upload/get_upload_server.cgi', undefined, { method: 'GET', key });
  expect(srv.status).toBe(200);
  const { url, id } = srv.json as { url: string; id: string };
  const form = multipart([
    { name: 'did', value: String(did) },
    ...files.map((f) => ({ name: 'file[]', filename: f.filename, data: f.data })),
  ]);
  const post = await raw(`http://${url}/upload.cgi?id=${id}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': form.contentType, 'Content-Length': form.body.length },
    body: form.body,
  });
  expect({ status: post.status, location: post.headers.location, text: post.status === 302 ? '' : post.text }).toEqual({
    status: 302,
    location: `/end.pl?xid=${id}`,
    text: '',
  });
  const end = await raw(`http://${url}/end.pl?xid=${id}`, { headers: { JSON: '1', Authorization: `Bearer ${key}` } });
  expect(end.status).toBe(200);
  return (end.json as { links: UploadedLink[] }).links;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `check` holds (the sandbox finishes some work after the client has its answer: a partial file is deleted once its stream closes). */
export async function eventually(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Still not true after ${timeoutMs} ms: ${what}`);
    await sleep(20);
  }
}

/**
 * A clock for the sandbox's `now` option that moves only when the test says: windows, locks and lags are then
 * checked exactly, however slow the machine (a real-time test fails when one request stalls past a window).
 */
export function manualClock(start = Date.UTC(2026, 0, 1)) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

export function randomBytesOf(size: number, seed = 1): Buffer {
  const b = Buffer.alloc(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    b[i] = x & 0xff;
  }
  return b;
}
