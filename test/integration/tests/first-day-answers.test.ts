/**
 * Answers of the live service a new user meets first (docs/api-notes.md#upload-node-refusals and
 * #download-tokens-and-range), put in front of the core's public API by the sandbox's switches
 * (test/sandbox/README.md): the upload node's HTTP 200 refusal pages, get_token's data-centre refusal as
 * 403 and as 200, and file/info's "Owner locked #649".
 */
import { bytesSource } from '@onefichier/core';
import { fileSource } from '@onefichier/core/node';
import { bytes, errorOf, limitsKeepingTo, newEnv, stopEnvs, storedNamed, tmpFile } from './helpers';

afterAll(stopEnvs);

const requests = (env: Awaited<ReturnType<typeof newEnv>>, name: string) => env.sandbox.state().counters.requests[name] ?? 0;

describe("the upload node's HTTP 200 refusal pages", () => {
  test('"Ne peut ouvrir le fichier destination": sent again to a fresh node, stored exactly once', async () => {
    const env = await newEnv({ faults: { nodeCannotOpenDestination: 1 } });
    const folder = (await env.client.createFolder('X')).folderId;
    const data = bytes(1 << 20, 7);
    const [up] = await env.client.upload(await fileSource(tmpFile('one MiB.bin', data)), { folderId: folder });
    expect(up).toMatchObject({ filename: 'one MiB.bin', size: data.length, folderId: folder });
    expect(requests(env, 'upload/get_upload_server.cgi')).toBe(2);
    expect(requests(env, 'node:upload.cgi')).toBe(2);
    const s = env.sandbox.state();
    expect(s.counters.nodePages).toEqual({ nodeCannotOpenDestination: 1 });
    expect(s.duplicates.files).toBe(0);
    expect(storedNamed(env.sandbox, 'one MiB.bin').map((f) => [f.folderId, f.size])).toEqual([[folder, data.length]]);
  });

  test('"Pas de fichier trouvé dans l\'envoi": fails after one POST, nothing arrived, in the node\'s words', async () => {
    const env = await newEnv({ faults: { nodeNoFileFound: 1 } });
    const err = await errorOf(() => env.client.upload(bytesSource('a.bin', bytes(4_000, 3))));
    expect(err).toMatchObject({ kind: 'protocol', retryable: false, details: { mayHaveArrived: false } });
    expect(err.message).toContain(`"Pas de fichier trouvé dans l'envoi"`);
    expect(requests(env, 'node:upload.cgi')).toBe(1);
    expect(requests(env, 'upload/get_upload_server.cgi')).toBe(1);
    expect(env.sandbox.state().files).toEqual([]);
  });
});

describe('get_token\'s data-centre refusal ("professional equipment, must have CDN")', () => {
  test.each(['tokenCdnRequired', 'tokenCdnRequired200'] as const)(
    '%s: one get_token call, its own kind and the CDN advice; with cdn the token is given',
    async (fault) => {
      // The client keeps to the profile's get_token budget (strict: one per 10 s), so the call with cdn is not flood-refused.
      const env = await newEnv({ faults: { [fault]: 5 } }, { limits: limitsKeepingTo() });
      const [up] = await env.client.upload(bytesSource('film.bin', bytes(2_000, 9)));
      const err = await errorOf(() => env.client.getDownloadToken({ url: up!.url }));
      expect(err).toMatchObject({ kind: 'cdn_required', retryable: false, httpStatus: fault === 'tokenCdnRequired' ? 403 : 200 });
      expect(err.hint).toMatch(/CDN credits/);
      expect(requests(env, 'download/get_token.cgi')).toBe(1);
      expect((await env.client.getDownloadToken({ url: up!.url, cdn: true })).url).toMatch(/^http/);
      expect(requests(env, 'download/get_token.cgi')).toBe(2);
    },
  );
});

test('file/info\'s "Owner locked #649": too many checks, apart from an owner\'s locked account, not asked again', async () => {
  const env = await newEnv({ faults: { fileInfoOwnerLocked: 1 } });
  const [up] = await env.client.upload(bytesSource('checked.bin', bytes(1_000, 2)));
  const err = await errorOf(() => env.client.getFileInfo(up!.url));
  expect(err).toMatchObject({ kind: 'rate_limited', code: 649, retryable: false });
  expect(err.hint).toMatch(/too many file-information requests/);
  expect(requests(env, 'file/info.cgi')).toBe(1);
  expect((await env.client.getFileInfo(up!.url)).filename).toBe('checked.bin');
});
