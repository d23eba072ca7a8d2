/**
 * Error titles lead with the object and network failures are sentences (docs/architecture.md, "Errors"): what a
 * person reads first names the folder, file or address, and the endpoint, #code and transport code stay in
 * the error's fields and details.
 */
import { TransportError } from '../src';
import { failureOf, json, makeClient } from './helpers';

const once = { retry: { maxAttempts: 1 } };

describe('a missing folder or file is named in the title', () => {
  test('file/ls of an unknown folder id: "Folder 99999999 does not exist", the service text in the details', async () => {
    const t = makeClient(once);
    t.transport.reply(() => json({ status: 'KO', message: 'Folder not found #706' }, 403));
    const e = await failureOf(t.client.listFiles({ folderId: 99999999 }));
    expect(e.message).toBe('Folder 99999999 does not exist (it may have been deleted)');
    expect(e).toMatchObject({ kind: 'not_found', endpoint: 'file/ls.cgi', code: 706 });
    expect(e.details).toMatchObject({ serviceMessage: '1fichier file/ls.cgi: Folder not found #706' });
  });

  test('folder/ls of an unknown folder id says the same', async () => {
    const t = makeClient(once);
    t.transport.reply(() => json({ status: 'KO', message: 'Folder not found #706' }, 403));
    const e = await failureOf(t.client.listFolder(4242));
    expect(e.message).toBe('Folder 4242 does not exist (it may have been deleted)');
    expect(e).toMatchObject({ endpoint: 'folder/ls.cgi', code: 706 });
  });

  test('file/info of a removed file names its link', async () => {
    const t = makeClient(once);
    t.transport.reply(() => json({ status: 'KO', message: 'File not found #707' }, 403));
    const e = await failureOf(t.client.getFileInfo('https://1fichier.com/?gone123456'));
    expect(e.message).toBe('File https://1fichier.com/?gone123456 does not exist (it may have been deleted)');
    expect(e).toMatchObject({ kind: 'not_found', endpoint: 'file/info.cgi', code: 707 });
  });

  test('other refusals keep their own title', async () => {
    const t = makeClient(once);
    t.transport.reply(() => json({ status: 'KO', message: 'Not authenticated #247' }, 403));
    const e = await failureOf(t.client.listFiles({ folderId: 5 }));
    expect(e.kind).toBe('auth');
    expect(e.message).toMatch(/Not authenticated #247/);
  });
});

describe('network failures are sentences', () => {
  test('connection refused: "Cannot reach <base URL> (connection refused)", the code in the details', async () => {
    const t = makeClient({ ...once, baseUrl: 'http://127.0.0.1:4999/v1' });
    t.transport.reply(() => {
      throw new TransportError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:4999');
    });
    const e = await failureOf(t.client.listFolder(0));
    expect(e.message).toBe('Cannot reach http://127.0.0.1:4999/v1 (connection refused)');
    expect(e).toMatchObject({ kind: 'network', endpoint: 'folder/ls.cgi' });
    expect(e.details).toMatchObject({ transportCode: 'ECONNREFUSED', transportMessage: 'connect ECONNREFUSED 127.0.0.1:4999' });
    expect(e.hint).toMatch(/API base URL/);
  });

  test.each([
    ['ENOTFOUND', 'no such host'],
    ['ETIMEDOUT', 'no answer in time'],
    ['EWHATEVER', 'network error EWHATEVER'],
  ])('%s reads "%s"', async (code, reason) => {
    const t = makeClient(once);
    t.transport.reply(() => {
      throw new TransportError(code, `${code} somewhere`);
    });
    const e = await failureOf(t.client.listFolder(0));
    expect(e.message).toBe(`Cannot reach https://api.1fichier.com/v1 (${reason})`);
  });
});
