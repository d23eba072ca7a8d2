/**
 * Names holding control characters, as a listing can return them (rclone's control pictures ␍ ␊ ␛, which
 * decoding restores): every name the core returns shows them as [U+XXXX], and a name the core sends comes
 * back shown the same way.
 */
import { bytesSource } from '@onefichier/core';
import { newEnv, profileOf, sleep, stopEnvs } from './helpers';

afterAll(stopEnvs);

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

test('listing, file info, download and upload results show control characters visibly', async () => {
  const env = await newEnv();
  const url = await env.sandbox.uploadAsIs(env.key, 'log\u240d\u240a[ERROR] disk full\u241b[2J.txt', new TextEncoder().encode('x'));
  const shown = 'log[U+000D][U+000A][ERROR] disk full[U+001B][2J.txt';
  // A new file shows in listings only after the profile's listing lag (strict's listingLagMs).
  const { listingLagMs } = profileOf(env.sandbox).faults;
  await sleep(listingLagMs);

  const listed = (await env.client.listFiles({ folderId: 0 })).items.find((f) => f.url === url);
  expect(listed?.filename).toBe(shown);
  expect((await env.client.getFileInfo(url)).filename).toBe(shown);
  const download = await env.client.download(url);
  await download.stream[Symbol.asyncIterator]().return?.();
  expect(download.filename).toBe(shown);

  // Sent with control characters (as rclone's pictures), returned shown; found again by the name as given.
  const folder = await env.client.createFolder('bell\u0007');
  expect(folder.name).toBe('bell[U+0007]');
  const [up] = await env.client.upload(bytesSource('tab\there.txt', new TextEncoder().encode('t')), { folderId: folder.folderId });
  expect(up?.filename).toBe('tab[U+0009]here.txt');
  await sleep(listingLagMs);
  expect((await env.client.findFileByName(folder.folderId, 'tab\there.txt')).url).toBe(up!.url);
  expect(env.sandbox.state().files.find((f) => f.url === up!.url)?.filename).toBe('tab\u2409here.txt');
  for (const name of [listed!.filename, folder.name, up!.filename]) expect(name).not.toMatch(CONTROL);
});
