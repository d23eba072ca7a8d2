import * as fs from 'fs';
import * as http from 'http';
import type { Sandbox } from '../src/index';
import { api, expectKo, manualClock, multipart, newSandbox, randomBytesOf, raw, stopAll, upload, whirlpool } from './helpers';

let sb: Sandbox;
beforeAll(async () => {
  sb = await newSandbox();
});
afterAll(stopAll);

async function uploadServer(s: Sandbox = sb): Promise<{ url: string; id: string }> {
  return (await api(s, 'upload/get_upload_server.cgi', undefined, { method: 'GET' })).json;
}

function post(
  node: { url: string; id: string },
  form: { body: Buffer; contentType: string },
  headers: Record<string, string | number> = {},
) {
  return raw(`http://${node.url}/upload.cgi?id=${node.id}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${sb.premiumKey}`, 'Content-Type': form.contentType, 'Content-Length': form.body.length, ...headers },
    body: form.body,
  });
}

describe('6. upload.cgi', () => {
  test('hashUploads: false (benchmark only) stores the bytes without computing their Whirlpool', async () => {
    const sendOnly = await newSandbox({ hashUploads: false });
    const data = randomBytesOf(256 * 1024 + 3, 11);
    const [link] = await upload(sendOnly, [{ filename: 'fast.bin', data }]);
    expect(link).toMatchObject({ filename: 'fast.bin', size: String(data.length), whirlpool: '' });
    const token = (await api(sendOnly, 'download/get_token.cgi', { url: link!.download })).json.url as string;
    expect((await raw(token)).body.equals(data)).toBe(true);
  });

  test('several file[] parts with UTF-8 names; 302 to /end.pl?xid=<id>; Whirlpool of the bytes', async () => {
    const folder = (await api(sb, 'folder/mkdir.cgi', { name: 'up', folder_id: 0 })).json.folder_id as number;
    const a = randomBytesOf(3 * 1024 * 1024 + 17, 7);
    const b = Buffer.from('Ünïcödé content\n');
    const links = await upload(
      sb,
      [
        { filename: 'big.bin', data: a },
        { filename: 'Été à Paris ★.txt', data: b },
      ],
      folder,
    );
    expect(links).toEqual([
      {
        download: expect.stringMatching(/^https:\/\/1fichier\.com\/\?[a-z0-9]{20}$/),
        filename: 'big.bin',
        remove: '',
        size: String(a.length),
        whirlpool: await whirlpool(a),
      },
      {
        download: expect.stringMatching(/^https:\/\/1fichier\.com\/\?[a-z0-9]{20}$/),
        filename: 'Été à Paris ★.txt',
        remove: '',
        size: String(b.length),
        whirlpool: await whirlpool(b),
      },
    ]);
    expect(links[0]!.whirlpool).toMatch(/^[0-9a-f]{128}$/);
    const stored = sb.state().files.filter((f) => f.folderId === folder);
    expect(stored.map((f) => [f.filename, f.size])).toEqual([
      ['big.bin', a.length],
      ['Été à Paris ★.txt', b.length],
    ]);
    // The bytes on disk are the bytes sent.
    const id = links[0]!.download.split('?')[1]!;
    expect(fs.readFileSync(`${sb.dataDir}/blobs/${id}`).equals(a)).toBe(true);
  });

  test('an unknown or foreign did stores at the root', async () => {
    const [l] = await upload(sb, [{ filename: 'root.txt', data: Buffer.from('r') }], 424242);
    expect(sb.state().files.find((f) => f.url === l!.download)!.folderId).toBe(0);
    const [m] = await upload(sb, [{ filename: 'root2.txt', data: Buffer.from('r') }], 'abc');
    expect(sb.state().files.find((f) => f.url === m!.download)!.folderId).toBe(0);
  });

  test('the upload id is single-use and must come from get_upload_server', async () => {
    const node = await uploadServer();
    const form = multipart([
      { name: 'did', value: '0' },
      { name: 'file[]', filename: 'once.txt', data: Buffer.from('1') },
    ]);
    expect((await post(node, form)).status).toBe(302);
    expectKo(await post(node, form), 403, 716);
    expectKo(await post({ url: node.url, id: 'AAAAAAAAAA' }, form), 403, 715);
    expect(sb.state().files.filter((f) => f.filename === 'once.txt')).toHaveLength(1);
  });

  test('empty files, missing files and unknown fields are refused, and nothing is stored', async () => {
    const before = sb.state().files.length;
    expectKo(
      await post(
        await uploadServer(),
        multipart([
          { name: 'did', value: '0' },
          { name: 'file[]', filename: 'e.txt', data: Buffer.alloc(0) },
        ]),
      ),
      403,
      717,
    );
    expectKo(await post(await uploadServer(), multipart([{ name: 'did', value: '0' }])), 403, 724);
    expectKo(
      await post(
        await uploadServer(),
        multipart([
          { name: 'folder', value: '0' },
          { name: 'file[]', filename: 'x', data: Buffer.from('x') },
        ]),
      ),
      403,
      702,
    );
    expectKo(await post(await uploadServer(), multipart([{ name: 'file', filename: 'x', data: Buffer.from('x') }])), 403, 702);
    expect(sb.state().files.length).toBe(before);
    expect(fs.readdirSync(`${sb.dataDir}/tmp`)).toEqual([]);
  });

  test('Content-Length is required (chunked bodies get 411)', async () => {
    const node = await uploadServer();
    const form = multipart([{ name: 'file[]', filename: 'c.txt', data: Buffer.from('c') }]);
    const r = await new Promise<{ status: number; json: unknown }>((resolve, reject) => {
      const req = http.request(
        `http://${node.url}/upload.cgi?id=${node.id}`,
        {
          method: 'POST',
          headers: { Authorization: `Bearer ${sb.premiumKey}`, 'Content-Type': form.contentType, 'Transfer-Encoding': 'chunked' },
        },
        (res) => {
          let t = '';
          res.on('data', (c) => (t += c));
          res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(t) }));
        },
      );
      req.on('error', reject);
      req.end(form.body);
    });
    expect(r).toEqual({ status: 411, json: { status: 'KO', message: expect.stringMatching(/#719$/) } });
  });

  test('a quoted boundary and a missing key are refused', async () => {
    const form = multipart([{ name: 'file[]', filename: 'q.txt', data: Buffer.from('q') }]);
    const quoted = form.contentType.replace(/boundary=(.*)$/, 'boundary="$1"');
    expectKo(await post(await uploadServer(), { body: form.body, contentType: quoted }), 403, 734);
    const node = await uploadServer();
    const r = await raw(`http://${node.url}/upload.cgi?id=${node.id}`, {
      method: 'POST',
      headers: { 'Content-Type': form.contentType, 'Content-Length': form.body.length },
      body: form.body,
    });
    expectKo(r, 403, 713);
  });

  test('a file over the size limit is refused and not kept', async () => {
    const small = await newSandbox({ maxFileSize: 1000 });
    const node = (await api(small, 'upload/get_upload_server.cgi', undefined, { method: 'GET' })).json;
    const form = multipart([{ name: 'file[]', filename: 'big', data: Buffer.alloc(1001, 1) }]);
    const r = await raw(`http://${node.url}/upload.cgi?id=${node.id}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${small.premiumKey}`, 'Content-Type': form.contentType, 'Content-Length': form.body.length },
      body: form.body,
    });
    expectKo(r, 403, 718);
    expect(small.state().files).toEqual([]);
  });
});

describe('7. end.pl', () => {
  test('JSON only with the JSON: 1 header (any case); HTML otherwise; repeatable', async () => {
    const node = await uploadServer();
    const form = multipart([
      { name: 'did', value: '0' },
      { name: 'file[]', filename: 'e.txt', data: Buffer.from('end') },
    ]);
    expect((await post(node, form)).status).toBe(302);
    const html = await raw(`http://${node.url}/end.pl?xid=${node.id}`);
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.text.trimStart().startsWith('<')).toBe(true);
    expect(html.text).toContain('e.txt');
    for (const name of ['JSON', 'Json', 'json']) {
      const r = await raw(`http://${node.url}/end.pl?xid=${node.id}`, { headers: { [name]: '1' } });
      expect(r.json).toEqual({ incoming: 0, links: [expect.objectContaining({ filename: 'e.txt', size: '3', remove: '' })] });
    }
  });

  test('an unknown xid, or one with no file received, answers the "Pas de fichier" page, even with JSON: 1', async () => {
    for (const headers of [{}, { JSON: '1' }] as Record<string, string>[]) {
      const r = await raw(`http://${sb.uploadHost}/end.pl?xid=Nope123456`, { headers });
      expect({ status: r.status, html: r.text.includes('Pas de fichier'), json: r.json }).toEqual({
        status: 200,
        html: true,
        json: undefined,
      });
    }
    const unused = await uploadServer();
    expect((await raw(`http://${unused.url}/end.pl?xid=${unused.id}`, { headers: { JSON: '1' } })).text).toContain('Pas de fichier');
  });

  test('answers expire after the configured time (2 h by default)', async () => {
    const clock = manualClock();
    const short = await newSandbox({ endPlTtlMs: 300, now: clock.now });
    const links = await upload(short, [{ filename: 't.txt', data: Buffer.from('t') }]);
    expect(links).toHaveLength(1);
    const xid = short.state().uploads.find((u) => u.completed)!.id;
    clock.advance(400);
    expect((await raw(`http://${short.uploadHost}/end.pl?xid=${xid}`, { headers: { JSON: '1' } })).text).toContain('Pas de fichier');
  });
});

describe('persistence', () => {
  test('a restart on the same data folder keeps folders, files, bytes and links', async () => {
    const first = await newSandbox();
    const folder = (await api(first, 'folder/mkdir.cgi', { name: 'keep', folder_id: 0 })).json.folder_id as number;
    const data = randomBytesOf(200_000, 3);
    const [l] = await upload(first, [{ filename: 'keep.bin', data }], folder);
    await first.stop();
    const second = await newSandbox({ dataDir: first.dataDir });
    const ls = await api(second, 'file/ls.cgi', { folder_id: folder });
    expect(ls.json.items).toEqual([
      expect.objectContaining({ url: l!.download, filename: 'keep.bin', size: data.length, checksum: await whirlpool(data) }),
    ]);
    const tok = await api(second, 'download/get_token.cgi', { url: l!.download });
    const dl = await raw(tok.json.url);
    expect(dl.body.equals(data)).toBe(true);
    // A new folder id never collides with an old one.
    const again = (await api(second, 'folder/mkdir.cgi', { name: 'new', folder_id: 0 })).json.folder_id as number;
    expect(again).not.toBe(folder);
  });

  test('reset wipes the data folder', async () => {
    const first = await newSandbox();
    await upload(first, [{ filename: 'x.txt', data: Buffer.from('x') }]);
    await first.stop();
    const second = await newSandbox({ dataDir: first.dataDir, reset: true });
    expect(second.state().files).toEqual([]);
  });
});
