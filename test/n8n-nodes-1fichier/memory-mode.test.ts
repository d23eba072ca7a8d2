/**
 * Upload with n8n's in-memory binary data ("default" mode): the bytes are already in memory, there is no
 * stream to read, and the request still carries the exact Content-Length and the whole file.
 */
import { restoreBinaryMode } from './harness/memory-mode';
import nock from 'nock';
import { useNock } from './harness/nock';
import { whirlpoolHex } from '@onefichier/core';
import { binaryDataService, executeWorkflow, readWorkflow } from './harness';

const KEY = 'mem-test-key-3e4f5a6b7c';
const U = 'https://1fichier.com/?abcde12345fghij67890';

useNock();
afterAll(() => restoreBinaryMode());

test('upload of binary data held in memory', async () => {
  const whirlpool = await whirlpoolHex(new TextEncoder().encode('hello world'));
  let body = '';
  let contentLength = '';
  nock('https://api.1fichier.com')
    .post('/v1/folder/ls.cgi', { folder_id: 0 })
    .reply(200, {
      status: 'OK',
      folder_id: 0,
      name: 'Root',
      sub_folders: [{ id: 42, name: 'Reports', create_date: '2026-01-01 10:00:00', pass: 0 }],
    })
    .get('/v1/upload/get_upload_server.cgi')
    .reply(200, { url: 'up1.1fichier.com', id: 'MemUpload1' })
    .post('/v1/file/chattr.cgi')
    .reply(200, { status: 'OK', updated: 1, urls: [U] });
  nock('https://up1.1fichier.com')
    .post('/upload.cgi?id=MemUpload1', (b: string) => ((body = b), true))
    .reply(function () {
      contentLength = String(this.req.headers['content-length']);
      return [302, '', { Location: '/end.pl?xid=MemUpload1' }];
    })
    .get('/end.pl?xid=MemUpload1')
    .reply(200, { incoming: 0, links: [{ download: U, filename: 'report.txt', remove: '', size: '11', whirlpool }] });
  const asStream = jest.spyOn(binaryDataService(), 'getAsStream');

  const result = await executeWorkflow(readWorkflow('file-upload.workflow.json'), { oneFichierApi: { apiKey: KEY, baseUrl: '' } });

  expect(result.run.data.resultData.error).toBeUndefined();
  const input = result.output('Input')[0]!.binary?.data;
  expect(input?.id).toBeUndefined();
  expect(asStream).not.toHaveBeenCalled();
  expect(result.output('1fichier')[0]!.json).toMatchObject({ url: U, size: 11, whirlpool, folderId: 42 });
  expect(body).toContain('filename="report.txt"\r\n\r\nhello world\r\n');
  expect(Number(contentLength)).toBe(Buffer.byteLength(body));
});
