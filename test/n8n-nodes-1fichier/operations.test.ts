/**
 * Every operation of the 1fichier node, run by n8n's execution engine from a workflow file whose pinData
 * is the expected output, against the 1fichier API mocked with nock (the request bodies are checked too).
 */
import nock from 'nock';
import { useNock } from './harness/nock';
import { whirlpoolHex } from '@onefichier/core';
import { resetSharedPacers } from '@onefichier/core/internal';
import { binaryBytes, binaryDataService, comparable, executeWorkflow, expected, readWorkflow, type HarnessRun } from './harness';
import { resolvePlaceholders } from './harness/expect';

const API = 'https://api.1fichier.com';
const KEY = 'op-test-key-5f3a9c1e7b';
const CREDENTIALS = { oneFichierApi: { apiKey: KEY, baseUrl: 'https://api.1fichier.com/v1' } };
const U = 'https://1fichier.com/?abcde12345fghij67890';
const U2 = 'https://1fichier.com/?zzzzz98765yyyyy43210';

const api = () => nock(API, { reqheaders: { authorization: `Bearer ${KEY}` } });
const fileItem = (filename: string, date: string, url = U) => ({
  url,
  filename,
  size: 11,
  date,
  checksum: '',
  'content-type': 'text/plain',
  pass: 0,
  acl: 0,
  cdn: 0,
});

/** The root folder's folder/ls.cgi answer, with one sub-folder. */
const rootWith = (id: number, name: string, created = '2026-01-01 10:00:00') => ({
  status: 'OK',
  folder_id: 0,
  name: 'Root',
  sub_folders: [{ id, name, create_date: created, pass: 0 }],
});

useNock();

async function runAndCompare(file: string, replacements: Record<string, string> = {}): Promise<HarnessRun> {
  const wf = readWorkflow(file);
  const result = await executeWorkflow(wf, CREDENTIALS);
  const error = result.run.data.resultData.error;
  if (error) throw new Error(`workflow failed: ${error.message} ${(error as { description?: string }).description ?? ''}`);
  let want = JSON.stringify(expected(wf, '1fichier'));
  for (const [from, to] of Object.entries(replacements)) want = want.split(from).join(to);
  const got = comparable(result.output('1fichier'));
  expect(got).toEqual(resolvePlaceholders(JSON.parse(want), got));
  expect(result.serialized).not.toContain(KEY);
  return result;
}

function expectAllCalled(...scopes: nock.Scope[]): void {
  for (const scope of scopes) expect(scope.pendingMocks()).toEqual([]);
}

describe('file operations', () => {
  test('upload streams the binary with an exact Content-Length into the folder given by path, then sets the description', async () => {
    const whirlpool = await whirlpoolHex(new TextEncoder().encode('hello world'));
    let uploadBody = '';
    let contentLength = '';
    const scope = api()
      .post('/v1/folder/ls.cgi', { folder_id: 0 })
      .reply(200, {
        status: 'OK',
        folder_id: 0,
        name: 'Root',
        size: null,
        files: 0,
        sub_folders: [{ id: 42, name: 'Reports', create_date: '2026-01-01 10:00:00', pass: 0 }],
      })
      .get('/v1/upload/get_upload_server.cgi')
      .reply(200, { url: 'up1.1fichier.com', id: 'Up1oad1d00' })
      .post('/v1/file/chattr.cgi', { urls: [U], description: 'Monthly report' })
      .reply(200, { status: 'OK', updated: 1, urls: [U] });
    const node = nock('https://up1.1fichier.com', { reqheaders: { authorization: `Bearer ${KEY}` } })
      .post('/upload.cgi?id=Up1oad1d00', function (this: nock.ReplyFnContext, body: string) {
        uploadBody = body;
        return true;
      })
      .reply(function () {
        contentLength = String(this.req.headers['content-length']);
        return [302, '', { Location: '/end.pl?xid=Up1oad1d00' }];
      })
      .get('/end.pl?xid=Up1oad1d00')
      .matchHeader('json', '1')
      .reply(200, { incoming: 0, links: [{ download: U, filename: 'report.txt', remove: '', size: '11', whirlpool }] });

    const asStream = jest.spyOn(binaryDataService(), 'getAsStream');
    const asBuffer = jest.spyOn(binaryDataService(), 'getAsBuffer');
    await runAndCompare('file-upload.workflow.json', { __WHIRLPOOL__: whirlpool });
    // Filesystem binary mode: the file is read as a stream, never loaded whole.
    expect(asStream).toHaveBeenCalled();
    expect(asBuffer).not.toHaveBeenCalled();
    asStream.mockRestore();
    asBuffer.mockRestore();

    expect(uploadBody).toMatch(/name="did"\r\n\r\n42\r\n/);
    expect(uploadBody).toMatch(/name="dpass"\r\n\r\nsecret-pass\r\n/);
    expect(uploadBody).toContain('filename="report.txt"\r\n\r\nhello world\r\n');
    expect(Number(contentLength)).toBe(Buffer.byteLength(uploadBody));
    expectAllCalled(scope, node);
  });

  test('upload from URL sends the URLs, folder and headers, then waits for the job to finish', async () => {
    const scope = api()
      // The jobs before the request: after a lost answer, a new one is the job it started (core reconcile).
      .post('/v1/remote/ls.cgi', {})
      .reply(200, { status: 'OK', data: [] })
      .post('/v1/remote/request.cgi', {
        urls: ['https://example.com/a.zip', 'https://example.com/b.zip'],
        folder_id: 7,
        headers: { Cookie: 'session=abc' },
      })
      .reply(200, { status: 'OK', id: 55, date: '2026-03-01 10:00:00', urls: ['https://example.com/a.zip', 'https://example.com/b.zip'] })
      .post('/v1/remote/info.cgi', { id: 55 })
      .reply(200, {
        status: 'OK',
        id: 55,
        request_date: '2026-03-01 10:00:00',
        execution_date: '2026-03-01 10:00:05',
        links: ['https://example.com/a.zip', 'https://example.com/b.zip'],
        result: [
          { status: 'OK', url: 'https://example.com/a.zip', download_link: U, message: '' },
          { status: 'KO', url: 'https://example.com/b.zip', download_link: '', message: 'Not found' },
        ],
      });
    await runAndCompare('file-upload-from-url.workflow.json');
    expectAllCalled(scope);
  });

  test('download streams the file into a binary field, with the file password', async () => {
    const bytes = Buffer.alloc(2048, 7);
    const scope = api()
      .post('/v1/download/get_token.cgi', (body) => body.url === U && body.pass === 'file-pass')
      .reply(200, { status: 'OK', url: 'https://a-4.1fichier.com/p1058755667' });
    // The download host must never see the key: n8n's credential would add it to any request it authenticates.
    const host = nock('https://a-4.1fichier.com', { badheaders: ['authorization'] })
      .get('/p1058755667')
      .reply(200, bytes, {
        'Content-Type': 'image/jpeg',
        'Content-Length': '2048',
        'Content-Disposition': 'attachment; filename="photo.jpg"',
      });
    const result = await runAndCompare('file-download.workflow.json');
    expect((await binaryBytes(result.output('1fichier')[0]!)).equals(bytes)).toBe(true);
    expectAllCalled(scope, host);
  });

  test('download by path: the listing names the file and gives the Whirlpool the bytes are checked against; no key on plain http', async () => {
    const bytes = Buffer.from('hello world');
    const checksum = await whirlpoolHex(bytes);
    const listing = { status: 'OK', count: 1, items: [{ ...fileItem('été ü.txt', '2026-01-02 03:04:05'), checksum }] };
    const latin1Name = Buffer.from('été ü.txt', 'utf8').toString('latin1');
    const run = async (served: Buffer) => {
      const scope = api()
        .post('/v1/folder/ls.cgi', { folder_id: 0 })
        .reply(200, rootWith(7, 'Photos'))
        .post('/v1/file/ls.cgi', { folder_id: 7 })
        .reply(200, listing)
        // "Use CDN Credits" off is sent as cdn: 0, so an account whose "use CDN" is on spends nothing.
        .post('/v1/download/get_token.cgi', { url: U, cdn: 0 })
        .reply(200, { status: 'OK', url: 'http://a-4.1fichier.com/p1' });
      // A token URL on plain http (no_ssl): still no key, in clear or otherwise.
      const host = nock('http://a-4.1fichier.com', { badheaders: ['authorization'] })
        .get('/p1')
        .reply(200, served, {
          'Content-Type': 'text/plain',
          'Content-Length': String(served.length),
          // Raw UTF-8 bytes in filename="…", as the real host sends them.
          'Content-Disposition': `attachment; filename="${latin1Name}"`,
        });
      return { scope, host };
    };
    const ok = await run(bytes);
    const result = await runAndCompare('file-download-by-path.workflow.json');
    expect(result.output('1fichier')[0]!.json.checksum).toBe(checksum);
    expectAllCalled(ok.scope, ok.host);

    nock.cleanAll();
    resetSharedPacers();
    const bad = await run(Buffer.from('HELLO WORLD'));
    const failed = await executeWorkflow(readWorkflow('file-download-by-path.workflow.json'), CREDENTIALS);
    const error = failed.run.data.resultData.error as { name: string; message: string; description?: string };
    expect(error.name).toBe('NodeApiError');
    expect(error.message).toMatch(/Whirlpool/);
    expectAllCalled(bad.scope, bad.host);
  });

  test('get download link passes every token option', async () => {
    const scope = api()
      .post('/v1/download/get_token.cgi', { url: U, inline: 1, cdn: 1, restrict_ip: 1, single: 1, pass: 'file-pass' })
      .reply(200, { status: 'OK', url: 'https://a-4.1fichier.com/p1058755667' });
    await runAndCompare('file-get-link.workflow.json');
    expectAllCalled(scope);
  });

  test('get info finds the file by path (folder listing, then file listing)', async () => {
    const scope = api()
      .post('/v1/folder/ls.cgi', { folder_id: 0 })
      .reply(200, rootWith(9, 'Docs'))
      .post('/v1/file/ls.cgi', { folder_id: 9 })
      .reply(200, { status: 'OK', count: 1, items: [fileItem('notes.txt', '2026-01-15 10:00:00')] })
      .post('/v1/file/info.cgi', { url: U })
      .reply(200, { ...fileItem('notes.txt', '2026-01-15 10:00:00'), folder_id: 9, path: 'Docs', description: 'Meeting notes' });
    await runAndCompare('file-get-info.workflow.json');
    expectAllCalled(scope);
  });

  test('list sends the date filter and honours the limit', async () => {
    let sent: Record<string, unknown> = {};
    const scope = api()
      .post('/v1/file/ls.cgi', (body) => {
        sent = body;
        return body.folder_id === 9;
      })
      .reply(200, {
        status: 'OK',
        count: 3,
        items: [
          fileItem('a.txt', '2026-01-15 10:00:00'),
          fileItem('b.txt', '2026-07-15 10:00:00', U2),
          fileItem('c.txt', '2026-08-01 10:00:00'),
        ],
      });
    await runAndCompare('file-list.workflow.json');
    // 2026-01-01T00:00:00Z is 01:00 in Paris, the time zone the service uses.
    expect(sent.sent_after).toBe('2026-01-01 01:00:00');
    expectAllCalled(scope);
  });

  test('copy sends the destination folder and the new name', async () => {
    const scope = api()
      // The core lists the destination first, to tell a copy made by a request whose answer was lost.
      .post('/v1/file/ls.cgi', { folder_id: 3 })
      .reply(200, { status: 'OK', count: 0 })
      .post('/v1/file/cp.cgi', { urls: [U], folder_id: 3, rename: 'copy.txt' })
      .reply(200, { status: 'OK', copied: 1, urls: [{ from_url: U, to_url: U2 }], filename: 'copy.txt' });
    await runAndCompare('file-copy.workflow.json');
    expectAllCalled(scope);
  });

  test('move resolves the destination path and keeps the name', async () => {
    const scope = api()
      .post('/v1/folder/ls.cgi', { folder_id: 0 })
      .reply(200, {
        status: 'OK',
        folder_id: 0,
        name: 'Root',
        sub_folders: [{ id: 5, name: 'Archive', create_date: '2026-01-01 10:00:00', pass: 0 }],
      })
      .post('/v1/file/mv.cgi', { urls: [U], destination_folder_id: 5 })
      .reply(200, { status: 'OK', moved: 1, urls: [U] });
    await runAndCompare('file-move.workflow.json');
    expectAllCalled(scope);
  });

  test('rename', async () => {
    const scope = api()
      .post('/v1/file/rename.cgi', { urls: [{ url: U, filename: 'final.txt' }], pretty: 0 })
      .reply(200, { status: 'OK', renamed: 1, urls: [{ url: U, old_filename: 'draft.txt', new_filename: 'final.txt' }] });
    await runAndCompare('file-rename.workflow.json');
    expectAllCalled(scope);
  });

  test('delete', async () => {
    const scope = api()
      .post('/v1/file/rm.cgi', { files: [{ url: U }] })
      .reply(200, { status: 'OK', removed: 1, urls: [U] });
    await runAndCompare('file-delete.workflow.json');
    expectAllCalled(scope);
  });

  test('a file URL on another 1fichier domain, with an &af= tag, is sent on its own domain without the tag', async () => {
    // A file uploaded on another domain is valid only there (packages/core/src/fileUrls.ts).
    const onItsDomain = 'https://alterupload.com/?abcde12345fghij67890';
    const scope = api()
      .post('/v1/file/rm.cgi', { files: [{ url: onItsDomain }] })
      .reply(200, { status: 'OK', removed: 1, urls: [onItsDomain] });
    const wf = readWorkflow('file-delete.workflow.json');
    const node = wf.nodes.find((n) => n.name === '1fichier')!;
    (node.parameters.file as { value: string }).value = 'https://alterupload.com/?abcde12345fghij67890&af=3601079';
    const result = await executeWorkflow(wf, CREDENTIALS);
    expect(result.run.data.resultData.error).toBeUndefined();
    expectAllCalled(scope);
  });

  test('set attributes sends password, description, inline and access rules, and never echoes the password', async () => {
    const scope = api()
      .post(
        '/v1/file/chattr.cgi',
        (body) =>
          body.urls[0] === U &&
          body.description === 'Public build' &&
          body.inline === 1 &&
          body.pass === 'longpass1' &&
          JSON.stringify(body.acl) === JSON.stringify({ ip: ['192.0.2.0/24', '198.51.100.7'], country: ['FR', 'BE'], premium: 1 }),
      )
      .reply(200, { status: 'OK', updated: 1, urls: [U] });
    const result = await runAndCompare('file-set-attributes.workflow.json');
    expect(JSON.stringify(result.output('1fichier'))).not.toContain('longpass1');
    expectAllCalled(scope);
  });

  test('scan', async () => {
    const scope = api()
      .post('/v1/file/scan.cgi', { url: U })
      .reply(200, { status: 'OK', message: 'No virus found', date: '2026-03-01 12:00:00' });
    await runAndCompare('file-scan.workflow.json');
    expectAllCalled(scope);
  });
});

describe('folder and account operations', () => {
  test('create with "create parents" reuses existing folders and creates the missing one', async () => {
    const scope = api()
      .post('/v1/folder/ls.cgi', { folder_id: 0 })
      .reply(200, {
        status: 'OK',
        folder_id: 0,
        name: 'Root',
        sub_folders: [{ id: 11, name: '2026', create_date: '2026-01-01 10:00:00', pass: 0 }],
      })
      .post('/v1/folder/ls.cgi', { folder_id: 11 })
      .reply(200, { status: 'OK', folder_id: 11, name: '2026', sub_folders: [] })
      .post('/v1/folder/mkdir.cgi', { name: 'Invoices', folder_id: 11 })
      .reply(200, { status: 'OK', folder_id: 12, name: 'Invoices' });
    await runAndCompare('folder-create.workflow.json');
    expectAllCalled(scope);
  });

  test('list returns sub-folders then files', async () => {
    const scope = api()
      .post('/v1/folder/ls.cgi', { folder_id: 11, files: 1 })
      .reply(200, {
        status: 'OK',
        folder_id: 11,
        name: '2026',
        files: 1,
        sub_folders: [{ id: 12, name: 'Invoices', create_date: '2026-03-01 09:00:00', pass: 0 }],
        items: [fileItem('summary.txt', '2026-03-01 09:30:00')],
      });
    await runAndCompare('folder-list.workflow.json');
    expectAllCalled(scope);
  });

  test('move to the root omits the destination as the service expects', async () => {
    const scope = api()
      .post('/v1/folder/mv.cgi', { folder_id: 12, destination_user: '' })
      .reply(200, { status: 'OK', message: 'Folder moved', old_name: 'Invoices', new_name: 'Invoices' });
    await runAndCompare('folder-move.workflow.json');
    expectAllCalled(scope);
  });

  test('rename of a folder given by id: its parent is found, then sent with the new name so it stays there', async () => {
    const scope = api()
      .post('/v1/folder/ls.cgi', { folder_id: 0 })
      .reply(200, { status: 'OK', folder_id: 0, name: 'Root', files: 0, sub_folders: [{ id: 5, name: 'Docs', pass: 0 }] })
      .post('/v1/folder/ls.cgi', { folder_id: 5 })
      .reply(200, { status: 'OK', folder_id: 5, name: 'Docs', files: 0, sub_folders: [{ id: 12, name: 'Invoices', pass: 0 }] })
      .post('/v1/folder/mv.cgi', { folder_id: 12, destination_user: '', destination_folder_id: 5, rename: 'Bills' })
      .reply(200, { status: 'OK', message: 'Folder renamed', old_name: 'Invoices', new_name: 'Bills' });
    await runAndCompare('folder-rename.workflow.json');
    expectAllCalled(scope);
  });

  test('recursive delete removes files, then sub-folders, then the folder', async () => {
    const order: string[] = [];
    const scope = api()
      .post('/v1/folder/ls.cgi', { folder_id: 12, files: 1 })
      .reply(200, {
        status: 'OK',
        folder_id: 12,
        name: 'Invoices',
        items: [fileItem('a.txt', '2026-03-01 09:30:00')],
        sub_folders: [{ id: 13, name: 'Old', create_date: '2026-03-01 09:00:00', pass: 0 }],
      })
      .post('/v1/file/rm.cgi', { files: [{ url: U }] })
      .reply(200, () => (order.push('rm file'), { status: 'OK', removed: 1, urls: [U] }))
      .post('/v1/folder/ls.cgi', { folder_id: 13, files: 1 })
      .reply(200, { status: 'OK', folder_id: 13, name: 'Old', items: [], sub_folders: [] })
      .post('/v1/folder/rm.cgi', { folder_id: 13 })
      .reply(200, () => (order.push('rm 13'), { status: 'OK', message: 'Folder removed' }))
      .post('/v1/folder/rm.cgi', { folder_id: 12 })
      .reply(200, () => (order.push('rm 12'), { status: 'OK', message: 'Folder removed' }));
    await runAndCompare('folder-delete.workflow.json');
    expect(order).toEqual(['rm file', 'rm 13', 'rm 12']);
    expectAllCalled(scope);
  });

  test('share with a password and a user share', async () => {
    const scope = api()
      .post('/v1/folder/share.cgi', {
        folder_id: 12,
        share: 1,
        pass: 'sharepass',
        shares: [{ email: 'friend@example.com', rw: 1, hide_links: 0 }],
      })
      .reply(200, { status: 'OK', message: 'Folder shared', url: 'https://1fichier.com/dir/AbCdEf12' });
    await runAndCompare('folder-share.workflow.json');
    expectAllCalled(scope);
  });

  test('account info', async () => {
    const scope = api().post('/v1/user/info.cgi').reply(200, {
      status: 'OK',
      email: 'user@example.com',
      offer: 1,
      subscription_end: '2027-01-01',
      cdn: '12',
      use_cdn: '0',
      upload_forbidden: '0',
      cold_storage: 1000,
      available_cold_storage: 5000,
      allowed_cold_storage: 10000,
      hot_storage: 0,
      available_storage: 0,
      overquota: 0,
      default_domain: 0,
    });
    await runAndCompare('account-get-info.workflow.json');
    expectAllCalled(scope);
  });
});
