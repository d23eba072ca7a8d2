/**
 * A download host that sends more bytes than the file has (the sandbox's `downloadOverlong` fault: no
 * Content-Length, then zeros past the end): the client stops with an `integrity` error at the first byte
 * past the size it knows, instead of writing without bound.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bytesSource } from '@onefichier/core';
import { downloadToFile, planFolderDownload, runFolderDownload } from '@onefichier/core/node';
import { bytes, collect, errorOf, newEnv, profileOf, sleep, stopEnvs } from './helpers';

afterAll(stopEnvs);

const SIZE = 1024 * 1024;

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'overlong-'));
}

describe('a download body longer than the file', () => {
  test('the stream of a file of known size ends with an integrity error, having given no byte past the size', async () => {
    const env = await newEnv({ faults: { downloadOverlong: 1 } });
    const data = bytes(SIZE, 5);
    const [up] = await env.client.upload(bytesSource('one.bin', data));
    const dl = await env.client.download(up!.url, { file: { size: SIZE } });
    let received = 0;
    const err = await errorOf(async () => {
      for await (const chunk of dl.stream) received += chunk.length;
    });
    expect(err).toMatchObject({ kind: 'integrity' });
    expect(err.message).toMatch(/more than the 1048576 bytes/);
    expect(received).toBeLessThanOrEqual(SIZE);
    expect(env.sandbox.state().counters.downloadPages.downloadOverlong).toBe(1);
    // The fault spent, the same download gets the file.
    expect((await collect((await env.client.download(up!.url, { file: { size: SIZE } })).stream)).equals(data)).toBe(true);
  });

  test('a download to disk of a listed file stops at its size: integrity error, no destination, the .part no longer than the file', async () => {
    const env = await newEnv({ faults: { downloadOverlong: 1 } });
    const [up] = await env.client.upload(bytesSource('disk.bin', bytes(SIZE, 6)));
    await sleep(profileOf(env.sandbox).faults.listingLagMs); // a new file is listed after the profile's lag
    const listed = (await env.client.listFiles({ folderId: 0 })).items.find((f) => f.url === up!.url)!;
    const dest = path.join(tmpDir(), 'disk.bin');
    const err = await errorOf(() => downloadToFile(env.client, up!.url, dest, { file: listed, verifyIntegrity: false }));
    expect(err).toMatchObject({ kind: 'integrity' });
    expect(fs.existsSync(dest)).toBe(false);
    const part = `${dest}.part`;
    expect(fs.existsSync(part) ? fs.statSync(part).size : 0).toBeLessThanOrEqual(SIZE);
  });

  test('a folder download fails that file with an integrity error and writes no more than its size', async () => {
    const env = await newEnv({ faults: { downloadOverlong: 2 } });
    const folderId = (await env.client.createFolder('F')).folderId;
    await env.client.upload(bytesSource('in-folder.bin', bytes(SIZE, 7)), { folderId });
    await sleep(profileOf(env.sandbox).faults.listingLagMs); // a new file is listed after the profile's lag
    const localDir = tmpDir();
    const plan = await planFolderDownload(env.client, { folderId, localDir });
    const written: number[] = [];
    const report = await runFolderDownload(env.client, plan, {
      onEvent: (e) => {
        if (e.type === 'downloading') written.push(e.bytesDone);
      },
    });
    expect(report.downloaded).toEqual([]);
    expect(report.failed).toEqual([{ path: 'in-folder.bin', error: expect.objectContaining({ kind: 'integrity' }) }]);
    expect(Math.max(0, ...written)).toBeLessThanOrEqual(SIZE);
    expect(fs.existsSync(path.join(localDir, 'in-folder.bin'))).toBe(false);
  });
});
