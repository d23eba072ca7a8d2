/** The three-step upload: multipart bytes, Content-Length, integrity, end.pl polling, no duplicates, cancellation. */
import { OneFichierError, TransportError, bytesSource, iterableSource, whirlpoolHex } from '../src';
import type { HttpRequest, HttpResponse, UploadSource } from '../src';
import { bodyOf, failureOf, json, makeClient, text } from './helpers';

const enc = new TextEncoder();
const dec = new TextDecoder();
const server =
  (id = 'Up1D') =>
  () =>
    json({ url: 'up2.1fichier.com', id });
const redirect =
  (id = 'Up1D'): ((req: HttpRequest) => Promise<HttpResponse>) =>
  async (req) => {
    await bodyOf(req);
    return { status: 302, headers: { location: `/end.pl?xid=${id}` }, text: '' };
  };
const endOk = (links: object[]) => () => json({ incoming: 0, links });
const link = async (name: string, data: string, url = `https://1fichier.com/?${name.replace(/\W/g, '')}`) => ({
  download: url,
  filename: name,
  remove: '',
  size: String(enc.encode(data).length),
  whirlpool: await whirlpoolHex(data),
});

describe('upload', () => {
  test('one file: exact requests, multipart bytes and Content-Length, verified hash, result', async () => {
    const t = makeClient({ random: () => 0 });
    let posted = '';
    t.transport.reply(
      server(),
      async (req) => {
        posted = dec.decode(await bodyOf(req));
        return { status: 302, headers: { location: '/end.pl?xid=Up1D' }, text: '' };
      },
      endOk([await link('été.txt', 'hello world')]),
    );
    const progress: number[] = [];
    const res = await t.client.upload(bytesSource('été.txt', enc.encode('hello world'), 4), {
      folderId: 42,
      password: 'pw',
      domain: 2,
      onProgress: (p) => progress.push(p.bytesSent),
    });

    const [getServer, post, end] = t.transport.requests;
    expect(getServer).toMatchObject({ method: 'GET', url: 'https://api.1fichier.com/v1/upload/get_upload_server.cgi' });
    const boundary = '----OneFichierBoundary000000000000000000000000';
    const expected =
      `--${boundary}\r\nContent-Disposition: form-data; name="did"\r\n\r\n42\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="dpass"\r\n\r\npw\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="domain"\r\n\r\n2\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file[]"; filename="été.txt"\r\n\r\nhello world\r\n` +
      `--${boundary}--\r\n`;
    expect(posted).toBe(expected);
    expect(post!.method).toBe('POST');
    expect(post!.url).toBe('https://up2.1fichier.com/upload.cgi?id=Up1D');
    expect(post!.headers).toEqual({
      'Content-Type': `multipart/form-data; boundary=${boundary}`,
      'Content-Length': String(enc.encode(expected).length),
      Authorization: `Bearer ${t.apiKey}`,
    });
    expect((post!.body as { length: number }).length).toBe(enc.encode(expected).length);
    expect(end).toMatchObject({
      method: 'GET',
      url: 'https://up2.1fichier.com/end.pl?xid=Up1D',
      headers: { JSON: '1', Authorization: `Bearer ${t.apiKey}` },
    });
    expect(res).toEqual([
      {
        url: 'https://1fichier.com/?ttxt',
        filename: 'été.txt',
        size: 11,
        whirlpool: await whirlpoolHex('hello world'),
        folderId: 42,
        removeUrl: '',
      },
    ]);
    expect(progress).toEqual([4, 8, 11]);
  });

  test('several files in one request, matched to end.pl links by name and size', async () => {
    const t = makeClient();
    const l1 = await link('a.txt', 'aaa');
    const l2 = await link('b.txt', 'bbbbb');
    let posted = '';
    t.transport.reply(
      server(),
      async (req) => {
        posted = dec.decode(await bodyOf(req));
        return { status: 302, headers: { location: '/end.pl?xid=Up1D' }, text: '' };
      },
      endOk([l2, l1]),
    );
    const res = await t.client.upload([bytesSource('a.txt', enc.encode('aaa')), bytesSource('b.txt', enc.encode('bbbbb'))]);
    expect(res.map((r) => [r.filename, r.url, r.size])).toEqual([
      ['a.txt', l1.download, 3],
      ['b.txt', l2.download, 5],
    ]);
    expect(posted.indexOf('name="did"')).toBeLessThan(posted.indexOf('filename="a.txt"'));
    expect(posted.indexOf('filename="a.txt"')).toBeLessThan(posted.indexOf('filename="b.txt"'));
    expect(posted.match(/name="file\[\]"/g)).toHaveLength(2);
  });

  test('a 200 HTML page from upload.cgi is tolerated', async () => {
    const t = makeClient();
    t.transport.reply(
      server(),
      async (req) => (await bodyOf(req), text('<html>Upload finished</html>')),
      endOk([await link('a.txt', 'x')]),
    );
    expect(await t.client.upload(bytesSource('a.txt', enc.encode('x')))).toHaveLength(1);
  });

  describe("the node's 200 refusal pages (the message is the first non-empty bloc2)", () => {
    // Trimmed like the CSUploader uploader's fixtures of the live node's pages.
    const page = (message: string) =>
      `<!DOCTYPE html><html><head><title>1fichier.com</title></head><body><div class="bloc1"></div>` +
      `<div class="bloc2">  </div><div class="bloc2"><b>${message}</b></div><div class="bloc2">Retour</div></body></html>`;
    const refusedWith = (message: string) => async (req: HttpRequest) => (await bodyOf(req), text(page(message)));

    test('"Ne peut ouvrir le fichier destination": nothing stored, sent again to a new node, stored once', async () => {
      const t = makeClient();
      t.transport.reply(
        server('First1'),
        refusedWith('Ne peut ouvrir le fichier destination'),
        server('Second2'),
        redirect('Second2'),
        endOk([await link('a.txt', 'data')]),
      );
      expect(await t.client.upload(bytesSource('a.txt', enc.encode('data')))).toHaveLength(1);
      expect(t.transport.requests.map((q) => q.url.split('/').pop())).toEqual([
        'get_upload_server.cgi',
        'upload.cgi?id=First1',
        'get_upload_server.cgi',
        'upload.cgi?id=Second2',
        'end.pl?xid=Second2',
      ]);
    });

    test('"Ne peut ouvrir le fichier destination" every time: a bounded number of sends, then it says nothing was stored', async () => {
      const t = makeClient();
      const refuse = refusedWith('Ne peut ouvrir le fichier destination');
      t.transport.reply(server('Aa1'), refuse, server('Bb2'), refuse, server('Cc3'), refuse);
      const err = await failureOf(t.client.upload(bytesSource('a.txt', enc.encode('data'))));
      expect(err).toMatchObject({ kind: 'server', details: { mayHaveArrived: false } });
      expect(err.message).toMatch(/"Ne peut ouvrir le fichier destination".*Nothing was stored after 3 attempts/);
      expect(t.transport.requests.filter((r) => r.url.includes('upload.cgi'))).toHaveLength(3);
      expect(t.transport.pending).toBe(0);
    });

    test('"Ne peut ouvrir le fichier destination" with a stream that cannot be read again: fails, nothing stored', async () => {
      const t = makeClient();
      async function* once() {
        yield enc.encode('data');
      }
      t.transport.reply(server(), refusedWith('Ne peut ouvrir le fichier destination'));
      const err = await failureOf(t.client.upload(iterableSource('a.txt', 4, once())));
      expect(err).toMatchObject({ details: { mayHaveArrived: false } });
      expect(err.message).toMatch(/cannot be read again/);
      expect(t.transport.requests.filter((r) => r.url.includes('upload.cgi'))).toHaveLength(1);
    });

    test.each([
      ["Pas de fichier trouv&eacute; dans l'envoi"],
      ["Pas de fichier trouvé dans l'envoi"],
      ['Pas de fichier trouv&#233; dans l&#39;envoi'],
    ])("%s: fails at once after one POST, nothing stored, in the node's words", async (message) => {
      const t = makeClient();
      t.transport.reply(server(), refusedWith(message));
      const err = await failureOf(t.client.upload(bytesSource('a.txt', enc.encode('data'))));
      expect(err).toMatchObject({ kind: 'protocol', retryable: false, details: { mayHaveArrived: false } });
      expect(err.message).toContain(`"Pas de fichier trouvé dans l'envoi"`);
      expect(t.transport.requests.map((q) => q.url.split('/').pop())).toEqual(['get_upload_server.cgi', 'upload.cgi?id=Up1D']);
      expect(t.transport.pending).toBe(0);
    });

    test('any other 200 page is not taken for success: end.pl decides, and "no file" there is an error', async () => {
      const t = makeClient();
      t.transport.reply(server(), refusedWith('Quelque chose d&rsquo;autre'), () => text('<html><body>Pas de fichier</body></html>'));
      const err = await failureOf(t.client.upload(bytesSource('a.txt', enc.encode('data'))));
      expect(err.message).toMatch(/reports no file/);
      expect(t.transport.requests.map((q) => q.url.split('/').pop())).toEqual([
        'get_upload_server.cgi',
        'upload.cgi?id=Up1D',
        'end.pl?xid=Up1D',
      ]);
    });
  });

  test('Whirlpool mismatch is an integrity error naming both hashes', async () => {
    const t = makeClient();
    const bad = { ...(await link('a.txt', 'hello')), whirlpool: 'f'.repeat(128) };
    t.transport.reply(server(), redirect(), endOk([bad]));
    const err = (await t.client.upload(bytesSource('a.txt', enc.encode('hello'))).catch((e: unknown) => e)) as OneFichierError;
    expect(err.kind).toBe('integrity');
    expect(err.message).toContain(await whirlpoolHex('hello'));
    expect(err.message).toContain('f'.repeat(128));
  });

  test('verifyIntegrity: false skips the comparison', async () => {
    const t = makeClient({ verifyIntegrity: false });
    const bad = { ...(await link('a.txt', 'hello')), whirlpool: 'f'.repeat(128) };
    t.transport.reply(server(), redirect(), endOk([bad]));
    expect((await t.client.upload(bytesSource('a.txt', enc.encode('hello'))))[0]!.whirlpool).toBe('f'.repeat(128));
  });

  test('a stored size different from the sent size is an integrity error', async () => {
    const t = makeClient();
    t.transport.reply(server(), redirect(), endOk([{ ...(await link('a.txt', 'hello')), size: '4' }]));
    await expect(t.client.upload(bytesSource('a.txt', enc.encode('hello')))).rejects.toMatchObject({ kind: 'integrity' });
  });

  test('end.pl "please wait" HTML is polled every endPollIntervalMs, with processing events', async () => {
    const t = makeClient({ uploadPolling: { endPollIntervalMs: 5000 } });
    const wait = () => text('<html><body>Veuillez patienter...</body></html>');
    t.transport.reply(server(), redirect(), wait, wait, endOk([await link('a.txt', 'x')]));
    const t0 = t.clock.t;
    expect(await t.client.upload(bytesSource('a.txt', enc.encode('x')))).toHaveLength(1);
    expect(t.clock.t - t0).toBeGreaterThanOrEqual(10_000);
    expect(t.events.filter((e) => e.type === 'wait' && e.reason === 'processing')).toHaveLength(2);
  });

  test('end.pl still waiting after endPollTimeoutMs → timeout error saying the file may have arrived', async () => {
    const t = makeClient({ uploadPolling: { endPollIntervalMs: 5000, endPollTimeoutMs: 12_000 } });
    const wait = () => text('<html>Please wait</html>');
    t.transport.reply(server(), redirect(), wait, wait, wait, wait);
    await expect(t.client.upload(bytesSource('a.txt', enc.encode('x')))).rejects.toMatchObject({
      kind: 'timeout',
      details: { uploadId: 'Up1D', mayHaveArrived: true },
    });
  });

  test('end.pl JSON without links: asked a few more times, then a clear protocol error', async () => {
    const t = makeClient({ uploadPolling: { emptyLinksRetries: 2 } });
    const empty = () => json({ incoming: 0, links: [] });
    t.transport.reply(server(), redirect(), empty, empty, empty);
    await expect(t.client.upload(bytesSource('a.txt', enc.encode('x')))).rejects.toMatchObject({
      kind: 'protocol',
      message: expect.stringMatching(/no file for upload Up1D after 3 answers/),
    });
    expect(t.transport.requests).toHaveLength(5);
  });

  test('end.pl other HTML is a protocol error that says so', async () => {
    const t = makeClient();
    t.transport.reply(server(), redirect(), () => text('<html><table class="premium"><tr><td>a.txt</td></tr></table></html>'));
    await expect(t.client.upload(bytesSource('a.txt', enc.encode('x')))).rejects.toMatchObject({
      kind: 'protocol',
      message: expect.stringMatching(/HTML page instead of the upload result: "a.txt"/),
    });
  });

  describe('never duplicates an upload', () => {
    test('POST fails after the whole body was sent, end.pl shows the file → success, no second POST', async () => {
      const t = makeClient();
      t.transport.reply(
        server(),
        async (req) => {
          await bodyOf(req);
          throw new TransportError('ECONNRESET', 'socket hang up');
        },
        endOk([await link('a.txt', 'data')]),
      );
      const res = await t.client.upload(bytesSource('a.txt', enc.encode('data')));
      expect(res[0]!.url).toBe('https://1fichier.com/?atxt');
      expect(t.transport.requests.filter((r) => r.url.includes('upload.cgi'))).toHaveLength(1);
      expect(t.transport.requests.filter((r) => r.url.includes('get_upload_server'))).toHaveLength(1);
    });

    test('POST fails mid-body (nothing can have arrived) → re-sent with a NEW upload id when re-openable', async () => {
      const t = makeClient();
      t.transport.reply(
        server('First1'),
        async (req) => {
          const it = (req.body as { chunks: AsyncIterable<Uint8Array> }).chunks[Symbol.asyncIterator]();
          await it.next(); // the connection breaks after the first bytes
          throw new TransportError('ECONNRESET', 'socket hang up', { bodyIncomplete: true });
        },
        () => json({ incoming: 0, links: [] }), // end.pl of the first id: nothing
        server('Second2'),
        redirect('Second2'),
        endOk([await link('a.txt', 'data')]),
      );
      const res = await t.client.upload(bytesSource('a.txt', enc.encode('data')));
      expect(res).toHaveLength(1);
      const urls = t.transport.requests.map((r) => r.url);
      expect(urls).toEqual([
        'https://api.1fichier.com/v1/upload/get_upload_server.cgi',
        'https://up2.1fichier.com/upload.cgi?id=First1',
        'https://up2.1fichier.com/end.pl?xid=First1',
        'https://api.1fichier.com/v1/upload/get_upload_server.cgi',
        'https://up2.1fichier.com/upload.cgi?id=Second2',
        'https://up2.1fichier.com/end.pl?xid=Second2',
      ]);
      expect(t.events.some((e) => e.type === 'retry' && e.endpoint === 'upload.cgi')).toBe(true);
    });

    test('POST fails mid-body with a one-shot stream → fails, saying it did not arrive and cannot be re-read', async () => {
      const t = makeClient();
      async function* once() {
        yield enc.encode('data');
      }
      t.transport.reply(
        server(),
        async (req) => {
          const it = (req.body as { chunks: AsyncIterable<Uint8Array> }).chunks[Symbol.asyncIterator]();
          await it.next();
          throw new TransportError('ECONNRESET', 'socket hang up', { bodyIncomplete: true });
        },
        () => json({ incoming: 0, links: [] }),
      );
      const err = (await t.client.upload(iterableSource('a.txt', 4, once())).catch((e: unknown) => e)) as OneFichierError;
      expect(err).toMatchObject({ kind: 'network', details: { mayHaveArrived: false } });
      expect(err.message).toMatch(/did not reach 1fichier and its stream cannot be read again/);
      expect(t.transport.requests.filter((r) => r.url.includes('upload.cgi'))).toHaveLength(1);
    });

    test('whole body sent, POST failed, end.pl never confirms → error says it MAY have arrived, no second POST', async () => {
      const t = makeClient({ uploadPolling: { emptyLinksRetries: 1 } });
      t.transport.reply(
        server(),
        async (req) => {
          await bodyOf(req);
          throw new TransportError('ETIMEDOUT', 'timeout');
        },
        () => json({ incoming: 0, links: [] }),
        () => json({ incoming: 0, links: [] }),
      );
      const err = (await t.client.upload(bytesSource('a.txt', enc.encode('data'))).catch((e: unknown) => e)) as OneFichierError;
      expect(err.details).toMatchObject({ mayHaveArrived: true, uploadId: 'Up1D' });
      expect(err.message).toMatch(/may have arrived/);
      expect(err.hint).toMatch(/Check the destination folder/);
      expect(t.transport.requests.filter((r) => r.url.includes('upload.cgi'))).toHaveLength(1);
    });

    const afterCompleteBody = async (req: HttpRequest): Promise<HttpResponse> => {
      await bodyOf(req);
      throw new TransportError('ECONNRESET', 'socket hang up');
    };
    const noFile = () => text('<html><body>Pas de fichier</body></html>');

    test('whole body sent, end.pl says "no file", the folder lists it → those files, no second POST (evidence item 11)', async () => {
      const t = makeClient();
      const url = 'https://1fichier.com/?listedfile1';
      t.transport.reply(server(), afterCompleteBody, noFile, () =>
        json({ status: 'OK', count: 1, items: [{ url, filename: 'a.txt', size: 4, date: '2026-01-01 10:00:00', checksum: '' }] }),
      );
      const [r] = await t.client.upload(bytesSource('a.txt', enc.encode('data')));
      expect(r).toMatchObject({ url, filename: 'a.txt', size: 4 });
      expect(t.transport.requests.filter((q) => q.url.includes('upload.cgi'))).toHaveLength(1);
    });

    test('the folder lists the files of a lost answer: that says where they are, so no file/info follows', async () => {
      const t = makeClient();
      const url = 'https://1fichier.com/?listedfile2';
      t.transport.reply(server(), afterCompleteBody, noFile, () =>
        json({ status: 'OK', count: 1, items: [{ url, filename: 'a.txt', size: 4, date: '2026-01-01 10:00:00', checksum: '' }] }),
      );
      const [r] = await t.client.upload(bytesSource('a.txt', enc.encode('data')), { folderId: 77 });
      expect(r).toMatchObject({ url, folderId: 77 });
      expect(t.transport.requests.map((q) => q.url.split('/').pop())).toEqual([
        'get_upload_server.cgi',
        'upload.cgi?id=Up1D',
        'end.pl?xid=Up1D',
        'ls.cgi',
      ]);
    });

    test('whole body sent, end.pl says "no file", the folder does not list it → sent again with a new id', async () => {
      const t = makeClient();
      t.transport.reply(
        server('First1'),
        afterCompleteBody,
        noFile,
        () => json({ status: 'OK', count: 0 }),
        server('Second2'),
        redirect('Second2'),
        endOk([await link('a.txt', 'data')]),
      );
      await t.client.upload(bytesSource('a.txt', enc.encode('data')));
      expect(t.transport.requests.map((q) => q.url.split('/').pop())).toEqual([
        'get_upload_server.cgi',
        'upload.cgi?id=First1',
        'end.pl?xid=First1',
        'ls.cgi',
        'get_upload_server.cgi',
        'upload.cgi?id=Second2',
        'end.pl?xid=Second2',
      ]);
    });

    test('whole body sent, end.pl says "no file", the folder cannot be listed → may have arrived, not sent again', async () => {
      const t = makeClient({ retry: { maxAttempts: 1 } });
      t.transport.reply(server(), afterCompleteBody, noFile, () => text('<html>503</html>', 503));
      const err = (await t.client.upload(bytesSource('a.txt', enc.encode('data'))).catch((e: unknown) => e)) as OneFichierError;
      expect(err).toMatchObject({ retryable: false, details: { mayHaveArrived: true } });
      expect(t.transport.requests.filter((q) => q.url.includes('upload.cgi'))).toHaveLength(1);
    });

    test('the node refuses with a flood KO → nothing stored: cool down, new id, sent again', async () => {
      const t = makeClient({ retry: { floodCooldownMs: 30_000 } });
      t.transport.reply(
        server('Aa1'),
        async (req) => (await bodyOf(req), json({ status: 'KO', message: 'Flood detected: IP Locked #374' }, 403)),
        server('Bb2'),
        redirect('Bb2'),
        endOk([await link('a.txt', 'data')]),
      );
      const t0 = t.clock.t;
      expect(await t.client.upload(bytesSource('a.txt', enc.encode('data')))).toHaveLength(1);
      expect(t.clock.t - t0).toBeGreaterThanOrEqual(30_000);
      expect(t.events.some((e) => e.type === 'wait' && e.reason === 'flood')).toBe(true);
      expect(t.transport.requests.filter((r) => r.url.includes('end.pl?xid=Aa1'))).toHaveLength(0);
    });

    test('the node refuses with a flood KO and the stream cannot be read again → retryAfterMs and a hint that says what to do', async () => {
      const t = makeClient({ retry: { floodCooldownMs: 30_000 } });
      t.transport.reply(
        server('Aa1'),
        async (req) => (await bodyOf(req), json({ status: 'KO', message: 'Flood detected: IP Locked #374' }, 403)),
      );
      async function* once() {
        yield enc.encode('data');
      }
      const err = (await t.client.upload(iterableSource('a.txt', 4, once())).catch((e: unknown) => e)) as OneFichierError;
      expect(err).toMatchObject({ kind: 'rate_limited', retryAfterMs: 30_000, details: { mayHaveArrived: false } });
      expect(err.hint).toMatch(/Wait 30 s before the next call, then run fewer operations at once/);
      expect(err.hint).not.toMatch(/waits and retries/);
    });

    test('the node refuses for good (#93) → fails at once', async () => {
      const t = makeClient();
      t.transport.reply(server(), async (req) => (await bodyOf(req), json({ status: 'KO', message: 'No such user #93' }, 403)));
      await expect(t.client.upload(bytesSource('a.txt', enc.encode('data')))).rejects.toMatchObject({ kind: 'auth', code: 93 });
      expect(t.transport.pending).toBe(0);
    });
  });

  test('a stream that gives fewer bytes than declared stops the upload with a clear error', async () => {
    const t = makeClient();
    async function* short() {
      yield enc.encode('abc');
    }
    t.transport.reply(server(), async (req) => {
      await bodyOf(req);
      return { status: 302, headers: { location: '/end.pl?xid=Up1D' }, text: '' };
    });
    const err = (await t.client.upload(iterableSource('a.txt', 10, short())).catch((e: unknown) => e)) as OneFichierError;
    expect(err).toMatchObject({ kind: 'invalid_input', message: expect.stringMatching(/declared as 10 bytes but its stream gave 3/) });
  });

  test('cancellation with an AbortSignal mid-body → cancelled, no retry, no end.pl', async () => {
    const t = makeClient();
    const ac = new AbortController();
    async function* slow() {
      yield enc.encode('aaaa');
      ac.abort();
      yield enc.encode('bbbb');
    }
    const source: UploadSource = { name: 'a.txt', size: 8, reopenable: true, open: () => slow() };
    t.transport.reply(server(), async (req) => {
      await bodyOf(req);
      return { status: 302, headers: {}, text: '' };
    });
    await expect(t.client.upload(source, { signal: ac.signal })).rejects.toMatchObject({ kind: 'cancelled' });
    expect(t.transport.requests).toHaveLength(2);
  });

  test('an already aborted signal sends nothing', async () => {
    const t = makeClient();
    const ac = new AbortController();
    ac.abort();
    await expect(t.client.upload(bytesSource('a.txt', enc.encode('x')), { signal: ac.signal })).rejects.toMatchObject({
      kind: 'cancelled',
    });
    expect(t.transport.requests).toHaveLength(0);
  });

  test('checks before any request', async () => {
    const t = makeClient();
    const src = (name: string, size: number): UploadSource => ({ name, size, open: async function* () {} });
    await expect(t.client.upload([])).rejects.toMatchObject({ kind: 'invalid_input' });
    await expect(t.client.upload(src('a.txt', 0))).rejects.toMatchObject({ kind: 'empty_file', message: expect.stringMatching(/empty/) });
    await expect(t.client.upload(src('a.txt', 300e9 + 1))).rejects.toMatchObject({
      kind: 'file_too_large',
      message: expect.stringMatching(/300 GB/),
    });
    expect(await t.client.upload(src('a.txt', 300e9)).catch((e: OneFichierError) => e.kind)).not.toBe('file_too_large');
    t.transport.requests.length = 0;
    await expect(t.client.upload([src('a', 200e9), src('b', 200e9), src('c', 200e9)])).rejects.toMatchObject({
      kind: 'file_too_large',
      message: expect.stringMatching(/500 GB/),
    });
    await expect(t.client.upload(Array.from({ length: 501 }, (_, i) => src(`f${i}`, 1)))).rejects.toMatchObject({
      kind: 'file_too_large',
      message: expect.stringMatching(/at most 500/),
    });
    await expect(t.client.upload(src('a.txt', NaN))).rejects.toMatchObject({
      kind: 'invalid_input',
      message: expect.stringMatching(/size is unknown/),
    });
    await expect(t.client.upload(src('a.txt', -1))).rejects.toMatchObject({ kind: 'invalid_input' });
    await expect(t.client.upload(src('a<b.txt', 3), { reservedNames: 'refuse' })).rejects.toMatchObject({ kind: 'invalid_name' });
    await expect(t.client.upload(src(' a.txt', 3), { reservedNames: 'refuse' })).rejects.toMatchObject({ kind: 'invalid_name' });
    await expect(t.client.upload(src('', 3))).rejects.toMatchObject({ kind: 'invalid_name', message: expect.stringMatching(/empty/) });
    await expect(t.client.upload(src('a.txt', 3), { folderId: -2 })).rejects.toMatchObject({ kind: 'invalid_input' });
    expect(t.transport.requests).toHaveLength(0);
  });

  test("by default (reservedNames 'encode') the encoded filename is sent, and the result names the file as given", async () => {
    const t = makeClient();
    let posted = '';
    t.transport.reply(
      server(),
      async (req) => {
        posted = dec.decode(await bodyOf(req));
        return { status: 302, headers: { location: '/end.pl?xid=Up1D' }, text: '' };
      },
      endOk([await link('a＄b.txt', 'x')]),
    );
    const [r] = await t.client.upload(bytesSource('a$b.txt', enc.encode('x')));
    expect(posted).toContain('filename="a＄b.txt"');
    expect(r!.filename).toBe('a$b.txt');
  });

  test('an upload into a folder that no longer exists fails clearly, and the copy the service put in the root is removed', async () => {
    const t = makeClient();
    const url = 'https://1fichier.com/?strayfile01';
    t.transport.reply(
      server(),
      redirect(),
      endOk([await link('a.txt', 'x', url)]),
      () => json({ url, filename: 'a.txt', size: 1, folder_id: 0 }),
      () => json({ status: 'OK', removed: 1, urls: [url] }),
    );
    const err = (await t.client
      .upload(bytesSource('a.txt', enc.encode('x')), { folderId: 77 })
      .catch((e: unknown) => e)) as OneFichierError;
    expect(err).toMatchObject({ kind: 'not_found', details: { folderId: 77, storedIn: 0 } });
    expect(err.message).toMatch(/Folder 77 does not exist/);
    expect(t.transport.requests.map((r) => r.url.split('/').pop())).toEqual([
      'get_upload_server.cgi',
      'upload.cgi?id=Up1D',
      'end.pl?xid=Up1D',
      'info.cgi',
      'rm.cgi',
    ]);
    expect(JSON.parse(t.transport.requests[4]!.bodyText!)).toEqual({ files: [{ url }] });
  });

  test('an upload into an existing folder checks where the file landed with one file/info', async () => {
    const t = makeClient();
    const url = 'https://1fichier.com/?landedfile1';
    t.transport.reply(server(), redirect(), endOk([await link('a.txt', 'x', url)]), () =>
      json({ url, filename: 'a.txt', size: 1, folder_id: 77 }),
    );
    const [r] = await t.client.upload(bytesSource('a.txt', enc.encode('x')), { folderId: 77 });
    expect(r).toMatchObject({ url, folderId: 77 });
    expect(t.transport.pending).toBe(0);
  });

  test('an upload invalidates the destination listing', async () => {
    const t = makeClient();
    t.transport.reply(
      () => json({ status: 'OK', count: 0, items: [] }),
      server(),
      redirect(),
      endOk([await link('a.txt', 'x')]),
      () => json({ status: 'OK', count: 1, items: [{ url: 'https://1fichier.com/?atxt', filename: 'a.txt', size: 1 }] }),
    );
    await t.client.listFiles({ folderId: 3 });
    await t.client.upload(bytesSource('a.txt', enc.encode('x')), { folderId: 3 });
    expect((await t.client.listFiles({ folderId: 3 })).count).toBe(1);
  });
});
