/**
 * Files uploaded on another of 1fichier's domains (the upload's `domain`): their links are on that domain,
 * and with the sandbox's domainBound behaviour only that link finds them (JDownloader getContentURL: "Using
 * their main domain (1fichier.com) will result in OFFLINE URLs!"). The client sends links as written, so
 * the whole round trip works on the file's own domain.
 */
import { bytesSource, parseFileUrl } from '@onefichier/core';
import { collect, newEnv, stopEnvs } from './helpers';

afterEach(stopEnvs);

test('a file uploaded on alterupload.com: info, link and download on its own link; the 1fichier.com form is not found', async () => {
  const env = await newEnv({ faults: { domainBound: true } });
  const folderId = (await env.client.createFolder('alter')).folderId;
  const [up] = await env.client.upload(bytesSource('a.txt', Buffer.from('alter bytes')), { folderId, domain: 1 });
  expect(up!.url).toMatch(/^https:\/\/alterupload\.com\/\?[a-z0-9]{20}$/);
  // What a user pastes (n8n's locator, the language server) is sent on its own domain.
  const pasted = parseFileUrl(`${up!.url.replace('https://', 'http://www.')}&af=1`)!.canonicalUrl;
  expect(pasted).toBe(up!.url);
  expect(await env.client.getFileInfo(pasted)).toMatchObject({ filename: 'a.txt', size: 11 });
  const download = await env.client.download(pasted);
  expect((await collect(download.stream)).toString()).toBe('alter bytes');

  const onMainDomain = `https://1fichier.com/?${parseFileUrl(up!.url)!.id}`;
  await expect(env.client.getFileInfo(onMainDomain)).rejects.toMatchObject({ kind: 'not_found' });
  expect(env.sandbox.state().counters.behaviours.domainBound).toBe(1);
});

test('without domainBound either form finds the file, and listings give its own domain', async () => {
  // No listing lag (the strict profile's), so the listing shows the file at once.
  const env = await newEnv({ faults: { listingLagMs: 0 } });
  const [up] = await env.client.upload(bytesSource('b.txt', Buffer.from('b')), { domain: 5 });
  expect(up!.url).toMatch(/^https:\/\/megadl\.fr\/\?/);
  expect((await env.client.listFiles({ folderId: 0 })).items.map((i) => i.url)).toEqual([up!.url]);
  expect(await env.client.getFileInfo(`https://1fichier.com/?${parseFileUrl(up!.url)!.id}`)).toMatchObject({ filename: 'b.txt' });
});
