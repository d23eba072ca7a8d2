import nock from 'nock';
import { createNodeClient } from '../src/node';
import { bytesSource, resetSharedLimiters, whirlpoolHex } from '../src';
import { FakeClock, freshKey } from './helpers';

afterEach(() => nock.cleanAll());
beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());

test('end-to-end upload through the axios transport (smoke)', async () => {
  resetSharedLimiters();
  const key = freshKey();
  const data = new TextEncoder().encode('hello world');
  const hash = await whirlpoolHex(data);
  nock('http://127.0.0.1:9')
    .get('/v1/upload/get_upload_server.cgi')
    .reply(200, { url: 'up.test:8080', id: 'Abc123' });
  let body = '';
  nock('http://up.test:8080')
    .post('/upload.cgi?id=Abc123', (b: string) => ((body = b), true))
    .reply(302, '', { Location: '/end.pl?xid=Abc123' })
    .get('/end.pl?xid=Abc123')
    .matchHeader('JSON', '1')
    .reply(200, { incoming: 0, links: [{ download: 'https://1fichier.com/?abc', filename: 'a.txt', remove: '', size: '11', whirlpool: hash }] });
  const client = createNodeClient({ apiKey: key, baseUrl: 'http://127.0.0.1:9/v1', clock: new FakeClock() });
  const res = await client.upload(bytesSource('a.txt', data), { folderId: 5 });
  expect(res).toEqual([{ url: 'https://1fichier.com/?abc', filename: 'a.txt', size: 11, whirlpool: hash, folderId: 5, removeUrl: '' }]);
  expect(body).toContain('name="did"\r\n\r\n5\r\n');
  expect(body).toContain('hello world');
});
