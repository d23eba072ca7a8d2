/**
 * The sandbox runs on users' machines (it is the playground's default backend), so it must hold up against
 * hostile input: field names that live on Object.prototype, DNS-rebinding pages reaching the admin routes,
 * bodies that never finish, internal errors that would otherwise vanish, and leftovers of a crash.
 */
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { api, eventually, expectKo, newSandbox, raw, stopAll, upload } from './helpers';

afterAll(stopAll);

const adminUrl = (apiBaseUrl: string, route: string) => `${apiBaseUrl.replace(/\/v1$/, '')}/__sandbox/${route}`;

describe('strict field checks cannot be bypassed through Object.prototype names', () => {
  test.each(['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf'])('"%s" is an unknown field (#702)', async (field) => {
    const sb = await newSandbox();
    // Raw text: JSON.parse makes "__proto__" an own key, which is how a hostile client would send it.
    expectKo(await api(sb, 'folder/ls.cgi', `{"folder_id":0,"${field}":{"x":1}}`), 403, 702);
    expectKo(await api(sb, 'file/rm.cgi', `{"files":[{"url":"https://1fichier.com/?aaaaaaaaaaaaaaaaaaaa","${field}":1}]}`), 403, 702);
  });

  test('a settings field named like a prototype member never reaches the stored settings', async () => {
    const sb = await newSandbox();
    expectKo(await api(sb, 'user/info.cgi', '{"__proto__":{"use_cdn":1}}'), 403, 702);
    const info = await api(sb, 'user/info.cgi', {});
    expect(info.json.use_cdn).toBe('0');
  });

  test('the admin faults and limits routes refuse prototype names', async () => {
    const sb = await newSandbox();
    for (const route of ['faults', 'limits']) {
      for (const field of ['toString', '__proto__', 'constructor']) {
        const r = await raw(adminUrl(sb.apiBaseUrl, route), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: `{"${field}":1}`,
        });
        expect({ route, field, status: r.status }).toEqual({ route, field, status: 400 });
      }
    }
    expect(typeof sb.state().limits.ratePerSecond).toBe('number');
  });

  test('a file named like a prototype member gets the generic content type', async () => {
    const sb = await newSandbox();
    const [link] = await upload(sb, [{ filename: 'odd.constructor', data: Buffer.from('x') }]);
    const info = await api(sb, 'file/info.cgi', { url: link!.download });
    expect(info.json['content-type']).toBe('application/octet-stream');
  });
});

describe('admin routes answer loopback Host names only (DNS rebinding)', () => {
  test.each(['evil.example', 'evil.example:80', '1fichier.com', '127.0.0.1.evil.example', 'localhost.evil.example'])(
    'Host "%s" is refused',
    async (host) => {
      const sb = await newSandbox();
      const r = await raw(adminUrl(sb.apiBaseUrl, 'state'), { headers: { Host: host } });
      expect(r.status).toBe(403);
      expect(r.text).not.toContain('"files"');
    },
  );

  test.each(['127.0.0.1', '127.0.0.1:3737', 'localhost', 'LOCALHOST:1234', '[::1]:3737', '[::1]'])('Host "%s" is served', async (host) => {
    const sb = await newSandbox();
    const r = await raw(adminUrl(sb.apiBaseUrl, 'state'), { headers: { Host: host } });
    expect(r.status).toBe(200);
  });

  test('a request without a Host header (HTTP/1.0) is refused', async () => {
    const sb = await newSandbox();
    const { host, port } = new URL(sb.apiBaseUrl);
    const reply = await new Promise<string>((resolve) => {
      let text = '';
      const socket = net.connect(Number(port), host.split(':')[0]!, () => socket.write('GET /__sandbox/state HTTP/1.0\r\n\r\n'));
      socket.on('data', (c: Buffer) => (text += c.toString()));
      socket.on('close', () => resolve(text));
    });
    expect(reply).toMatch(/^HTTP\/1\.[01] 403 /);
  });

  test('a POST from a rebinding page cannot switch faults on', async () => {
    const sb = await newSandbox();
    const r = await raw(adminUrl(sb.apiBaseUrl, 'faults'), {
      method: 'POST',
      headers: { Host: 'attacker.example:3737', 'Content-Type': 'application/json' },
      body: '{"serverErrorRate":1}',
    });
    expect(r.status).toBe(403);
    expect(sb.state().faults.serverErrorRate).toBe(0);
  });
});

/** Opens a raw connection, sends `head` and part of a body, and resolves when the server closes it. */
function sendPartialBody(hostPort: string, head: string, part: string): Promise<{ closedAfterMs: number; reply: string }> {
  const [host, port] = hostPort.split(':');
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let reply = '';
    const socket = net.connect(Number(port), host!, () => socket.write(head + part));
    socket.on('data', (c: Buffer) => (reply += c.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ closedAfterMs: Date.now() - started, reply }));
    setTimeout(() => {
      socket.destroy();
      reject(new Error('the server kept the partial body open for 10 s'));
    }, 10_000);
  });
}

describe('a body that stops arriving is not held open forever', () => {
  test('API host: a JSON body shorter than its Content-Length is dropped after the idle timeout', async () => {
    const sb = await newSandbox({ bodyIdleTimeoutMs: 300 });
    const host = new URL(sb.apiBaseUrl).host;
    const head =
      `POST /v1/folder/ls.cgi HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${sb.premiumKey}\r\n` +
      'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n';
    const r = await sendPartialBody(host, head, '{"folder_id":');
    expect(r.closedAfterMs).toBeGreaterThanOrEqual(250);
    expect(sb.state().counters.bodyTimeouts).toBe(1);
  });

  test('upload node: a multipart body that stalls is dropped, and its partial file is deleted', async () => {
    const sb = await newSandbox({ bodyIdleTimeoutMs: 300 });
    const srv = (await api(sb, 'upload/get_upload_server.cgi', undefined, { method: 'GET' })).json;
    const boundary = 'xyzBOUNDARY';
    const head =
      `POST /upload.cgi?id=${srv.id} HTTP/1.1\r\nHost: ${srv.url}\r\nAuthorization: Bearer ${sb.premiumKey}\r\n` +
      `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 100000\r\n\r\n`;
    const part = `--${boundary}\r\nContent-Disposition: form-data; name="file[]"; filename="stall.bin"\r\n\r\n${'x'.repeat(5000)}`;
    const r = await sendPartialBody(srv.url, head, part);
    expect(r.closedAfterMs).toBeGreaterThanOrEqual(250);
    await eventually(() => fs.readdirSync(path.join(sb.dataDir, 'tmp')).length === 0, 'the partial upload is deleted');
    expect(sb.state().files).toEqual([]);
    expect(sb.state().counters.bodyTimeouts).toBe(1);
  });
});

describe('internal errors are logged and counted, never swallowed', () => {
  test('a missing blob during a copy: HTTP 500 #799, one log line with the endpoint, and the counter', async () => {
    const lines: string[] = [];
    const sb = await newSandbox({ log: (line) => lines.push(line) });
    const [link] = await upload(sb, [{ filename: 'gone.bin', data: Buffer.from('bytes') }]);
    const id = link!.download.split('?')[1]!;
    fs.rmSync(path.join(sb.dataDir, 'blobs', id));
    const r = await api(sb, 'file/cp.cgi', { urls: [link!.download], folder_id: 0 });
    expectKo(r, 500, 799);
    expect(sb.state().counters.internalErrors).toBe(1);
    expect(lines).toEqual([expect.stringMatching(/internal error in file\/cp\.cgi: .*ENOENT/)]);
  });

  test('a download whose bytes vanished is logged too (the connection is cut, not answered as a file)', async () => {
    const lines: string[] = [];
    const sb = await newSandbox({ log: (line) => lines.push(line) });
    const [link] = await upload(sb, [{ filename: 'vanish.bin', data: Buffer.from('bytes') }]);
    const token = (await api(sb, 'download/get_token.cgi', { url: link!.download })).json.url as string;
    fs.rmSync(path.join(sb.dataDir, 'blobs', link!.download.split('?')[1]!));
    await raw(token).then(
      (r) => expect(r.status).not.toBe(200),
      () => undefined,
    );
    expect(sb.state().counters.internalErrors).toBe(1);
    expect(lines).toEqual([expect.stringMatching(/internal error in download: .*ENOENT/)]);
  });
});

describe('crash leftovers are cleaned at start', () => {
  test('temporary state files, partial uploads and blobs no state entry refers to are removed; stored files stay', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-crash-'));
    const first = await newSandbox({ dataDir: dir });
    const [kept] = await upload(first, [{ filename: 'kept.txt', data: Buffer.from('kept') }]);
    await first.stop();
    // What a crash can leave: a state write cut before its rename, a partial upload, a blob whose state
    // entry was never saved.
    fs.writeFileSync(path.join(dir, 'state.json.4242.abcdef.tmp'), '{"half":');
    fs.writeFileSync(path.join(dir, 'tmp', 'partialupload'), 'half an upload');
    fs.writeFileSync(path.join(dir, 'blobs', 'orphanorphanorphan00'), 'nobody knows me');
    const second = await newSandbox({ dataDir: dir });
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(fs.readdirSync(path.join(dir, 'tmp'))).toEqual([]);
    expect(fs.readdirSync(path.join(dir, 'blobs'))).toEqual([kept!.download.split('?')[1]]);
    expect(second.state().files.map((f) => f.filename)).toEqual(['kept.txt']);
    expect(second.state().counters.leftoversRemoved).toBe(3);
  });
});
