/** The public shared-folder page, https://1fichier.com/dir/<id>, as rclone's `shared_folder` option reads it. */
import type { Sandbox } from '../src/index';
import { api, newSandbox, raw, stopAll, upload } from './helpers';

let sb: Sandbox;
let shareUrl: string;
let protectedUrl: string;
const origin = () => sb.apiBaseUrl.replace(/\/v1$/, '');
const pagePath = (url: string) => new URL(url).pathname;

beforeAll(async () => {
  sb = await newSandbox();
  const folder = (await api(sb, 'folder/mkdir.cgi', { name: 'public', folder_id: 0 })).json.folder_id;
  await upload(
    sb,
    [
      { filename: 'b second.txt', data: Buffer.from('second') },
      { filename: 'a first.txt', data: Buffer.from('first!') },
    ],
    folder,
  );
  shareUrl = (await api(sb, 'folder/share.cgi', { folder_id: folder, share: 1 })).json.url;
  const locked = (await api(sb, 'folder/mkdir.cgi', { name: 'locked', folder_id: 0 })).json.folder_id;
  await upload(sb, [{ filename: 'secret.txt', data: Buffer.from('s') }], locked);
  protectedUrl = (await api(sb, 'folder/share.cgi', { folder_id: locked, share: 1, pass: 'letmein1' })).json.url;
});
afterAll(stopAll);

describe('GET /dir/<id>?json=1 (rclone api.go listSharedFiles)', () => {
  test('a JSON array of {filename, link, size, password, acl}, with no key needed', async () => {
    expect(shareUrl).toMatch(/^https:\/\/1fichier\.com\/dir\/[A-Za-z0-9]+$/);
    // rclone sends this GET with Content-Type: application/x-www-form-urlencoded and no body.
    const r = await raw(`${origin()}${pagePath(shareUrl)}?json=1`, { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    const files = sb.state().files;
    expect(r.json).toEqual(
      ['a first.txt', 'b second.txt'].map((filename) => ({
        filename,
        link: files.find((f) => f.filename === filename)!.url,
        size: 6,
        password: 0,
        acl: 0,
      })),
    );
  });

  test('password and acl are 1 for a file with a password or an access rule (JDownloader OneFichierComFolder.java)', async () => {
    const files = sb.state().files;
    const url = (name: string) => files.find((f) => f.filename === name)!.url;
    expect((await api(sb, 'file/chattr.cgi', { urls: [url('a first.txt')], pass: 'secret12' })).status).toBe(200);
    expect((await api(sb, 'file/chattr.cgi', { urls: [url('b second.txt')], acl: { country: ['FR'] } })).status).toBe(200);
    const r = await raw(`${origin()}${pagePath(shareUrl)}?json=1`);
    expect(r.json.map((f: { filename: string; password: number; acl: number }) => [f.filename, f.password, f.acl])).toEqual([
      ['a first.txt', 1, 0],
      ['b second.txt', 0, 1],
    ]);
  });

  test('without json=1 the page is HTML', async () => {
    const r = await raw(`${origin()}${pagePath(shareUrl)}`);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.text).toContain('a first.txt');
  });

  test('a protected folder: POST json=1&pass=… lists it; no or a wrong password gets the HTML form, not JSON', async () => {
    const post = (body: string) =>
      raw(`${origin()}${pagePath(protectedUrl)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body,
      });
    const ok = await post(`json=1&pass=${encodeURIComponent('letmein1')}`);
    expect(ok.json).toEqual([
      { filename: 'secret.txt', link: expect.stringMatching(/^https:\/\/1fichier\.com\/\?/), size: 1, password: 0, acl: 0 },
    ]);
    for (const r of [await post('json=1&pass=wrong'), await raw(`${origin()}${pagePath(protectedUrl)}?json=1`)]) {
      expect({ status: r.status, json: r.json }).toEqual({ status: 200, json: undefined });
      expect(r.text).toContain('protected by a password');
    }
  });

  test('an unknown id, or a folder no longer shared, is a 404 page', async () => {
    expect((await raw(`${origin()}/dir/nosuchid?json=1`)).status).toBe(404);
    const folder = sb.state().folders.find((f) => f.shared === shareUrl)!;
    await api(sb, 'folder/share.cgi', { folder_id: folder.id, share: 0 });
    expect((await raw(`${origin()}${pagePath(shareUrl)}?json=1`)).status).toBe(404);
    expect(sb.state().counters.requests.dir).toBeGreaterThanOrEqual(5);
  });
});
