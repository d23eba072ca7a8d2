/**
 * The live service's answers of shared evidence round 3 that the sandbox models (test/sandbox/README.md,
 * switches nodeCannotOpenDestination, nodeNoFileFound, tokenCdnRequired(200), fileInfoOwnerLocked; the
 * part-header order; get_upload_server without a key; "Content-Type not JSON #24"), over raw HTTP.
 */
import type { Sandbox } from '../src/index';
import { api, expectKo, multipart, newSandbox, raw, stopAll, upload } from './helpers';

let sb: Sandbox;
beforeAll(async () => {
  sb = await newSandbox();
});
afterEach(() => sb.resetFaults());
afterAll(stopAll);

/** One upload of `data`, with the file part's headers as given; the node's answer and the upload id. */
async function post(data: Buffer, contentTypeFirst = false) {
  const srv = (await api(sb, 'upload/get_upload_server.cgi', undefined, { method: 'GET' })).json as { url: string; id: string };
  const form = multipart([
    { name: 'did', value: '0' },
    { name: 'file[]', filename: 'a.bin', data },
  ]);
  const disposition = 'Content-Disposition: form-data; name="file[]"; filename="a.bin"\r\n';
  const body = contentTypeFirst
    ? Buffer.from(form.body.toString('latin1').replace(disposition, `Content-Type: application/octet-stream\r\n${disposition}`), 'latin1')
    : form.body;
  const answer = await raw(`http://${srv.url}/upload.cgi?id=${srv.id}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${sb.premiumKey}`, 'Content-Type': form.contentType, 'Content-Length': body.length },
    body,
  });
  const end = await raw(`http://${srv.url}/end.pl?xid=${srv.id}`, { headers: { JSON: '1', Authorization: `Bearer ${sb.premiumKey}` } });
  return { answer, end };
}

/** The first non-empty bloc2 of a page, as a client reads it. */
const bloc2 = (html: string) =>
  [...html.matchAll(/<div class="bloc2">([\s\S]*?)<\/div>/g)].map((m) => m[1]!.replace(/<[^>]*>/g, '').trim()).find(Boolean);

describe("the upload node's HTTP 200 refusal pages: nothing stored", () => {
  test.each([
    ['nodeCannotOpenDestination', 'Ne peut ouvrir le fichier destination'],
    ['nodeNoFileFound', 'Pas de fichier trouv&eacute; dans l&#39;envoi'],
  ] as const)('%s: a French page in the first bloc2, no file, end.pl says "Pas de fichier"; the next upload works', async (fault, text) => {
    const files = sb.state().files.length;
    sb.setFaults({ [fault]: 1 });
    const { answer, end } = await post(Buffer.alloc(5000, 1));
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^text\/html/);
    expect(bloc2(answer.text)).toBe(text);
    expect(end.text).toMatch(/Pas de fichier/);
    expect(sb.state().files).toHaveLength(files);
    expect(sb.state().counters.nodePages[fault]).toBe(1);
    expect(await upload(sb, [{ filename: 'after.bin', data: Buffer.from('after') }])).toHaveLength(1);
  });

  test('a file part whose first header is Content-Type: "Pas de fichier trouvé dans l\'envoi", nothing stored (every profile)', async () => {
    const files = sb.state().files.length;
    const { answer } = await post(Buffer.alloc(300_000, 2), true);
    expect([answer.status, bloc2(answer.text)]).toEqual([200, 'Pas de fichier trouv&eacute; dans l&#39;envoi']);
    expect(sb.state().files).toHaveLength(files);
    expect(sb.state().counters.nodePages.contentTypeFirst).toBe(1);
    const right = await post(Buffer.alloc(300_000, 2));
    expect(right.answer.status).toBe(302);
    expect(sb.state().files).toHaveLength(files + 1);
  });
});

describe('get_token refusing a data-centre address ("professional equipment, must have CDN")', () => {
  test.each([
    ['tokenCdnRequired', 403],
    ['tokenCdnRequired200', 200],
  ] as const)('%s: HTTP %i KO without cdn; with cdn: 1 the token is given', async (fault, status) => {
    const [file] = await upload(sb, [{ filename: 'cdn.bin', data: Buffer.from('cdn') }]);
    sb.setFaults({ [fault]: 2 });
    const refused = await api(sb, 'download/get_token.cgi', { url: file!.download, cdn: 0 });
    expectKo(refused, status, 736);
    expect((refused.json as { message: string }).message).toMatch(/professional equipment, must have CDN/);
    expect((await api(sb, 'download/get_token.cgi', { url: file!.download, cdn: 1 })).json).toMatchObject({ status: 'OK' });
    expect(sb.state().faults[fault]).toBe(1);
  });
});

test('fileInfoOwnerLocked: file/info answers 403 "Owner locked #649" N times', async () => {
  const [file] = await upload(sb, [{ filename: 'info.bin', data: Buffer.from('info') }]);
  sb.setFaults({ fileInfoOwnerLocked: 1 });
  const locked = await api(sb, 'file/info.cgi', { url: file!.download });
  expect({ status: locked.status, json: locked.json }).toEqual({ status: 403, json: { status: 'KO', message: 'Owner locked #649' } });
  expect((await api(sb, 'file/info.cgi', { url: file!.download })).json).toMatchObject({ filename: 'info.bin' });
});

test('get_upload_server answers without a key, as the live node lookup does; other calls still need one', async () => {
  const anonymous = await api(sb, 'upload/get_upload_server.cgi', undefined, { method: 'GET', key: null });
  expect(anonymous.json).toEqual({ url: sb.uploadHost, id: expect.stringMatching(/^[A-Za-z0-9]{10}$/) });
  expect((await api(sb, 'upload/get_upload_server.cgi', {}, { key: null })).status).toBe(200);
  expectKo(await api(sb, 'folder/ls.cgi', { folder_id: 0 }, { key: null }), 403, 713);
});

test('a call without a JSON Content-Type: the real "Content-Type not JSON #24"', async () => {
  const r = await api(sb, 'upload/get_upload_server.cgi', undefined, { method: 'GET', headers: { 'Content-Type': '' } });
  expectKo(r, 403, 24);
  expect((r.json as { message: string }).message).toBe('Content-Type not JSON #24');
});
