/**
 * A local file that changes between the moment it is measured (fileSource, a sync plan) and the moment it is
 * sent: its upload fails saying so, nothing truncated is stored, and a sync keeps the old copy it was to replace.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runSyncPlan, whirlpoolHex } from '@onefichier/core';
import { fileSource, planFolderSync } from '@onefichier/core/node';
import { errorOf, newEnv, stopEnvs, storedNamed, tmpFile } from './helpers';

afterAll(stopEnvs);

function localDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'changing-'));
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

describe('fileSource of a file that changes after it was measured', () => {
  test('a file that grew: the upload fails with the reason, nothing is stored', async () => {
    const env = await newEnv();
    const file = tmpFile('grows.log', Buffer.from('first line\n'));
    const source = await fileSource(file);
    fs.appendFileSync(file, 'second line\n');
    const err = await errorOf(() => env.client.upload(source));
    expect(err).toMatchObject({ kind: 'integrity', details: { changedFile: 'grows.log' } });
    expect(err.message).toMatch(/changed while it was being sent/);
    expect(err.hint).toMatch(/again/);
    expect(storedNamed(env.sandbox, 'grows.log')).toEqual([]);
  });

  test('a file rewritten with the same size (a new modification time): the upload fails, nothing is stored', async () => {
    const env = await newEnv();
    const file = tmpFile('same-size.txt', Buffer.from('version-1'));
    fs.utimesSync(file, new Date(2020, 0, 1), new Date(2020, 0, 1));
    const source = await fileSource(file);
    fs.writeFileSync(file, 'version-2');
    const err = await errorOf(() => env.client.upload(source));
    expect(err).toMatchObject({ kind: 'integrity', details: { changedFile: 'same-size.txt' } });
    expect(storedNamed(env.sandbox, 'same-size.txt')).toEqual([]);
  });

  test('a file left as it was measured uploads whole', async () => {
    const env = await newEnv();
    const file = tmpFile('steady.txt', Buffer.from('steady'));
    const [up] = await env.client.upload(await fileSource(file));
    expect(up).toMatchObject({ filename: 'steady.txt', size: 6 });
  });
});

describe('sync when a file changes between the plan and the run', () => {
  test('the replaced file fails, its old copy stays, the other files of the same request are uploaded', async () => {
    const env = await newEnv();
    const dir = localDir({ 'notes.txt': 'old notes', 'other.txt': 'other' });
    const first = await runSyncPlan(
      env.client,
      await planFolderSync(env.client, { localDir: dir, target: { parentId: 0, name: 'backup' } }),
    );
    const root = first.remoteFolderId;
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'new notes, longer than the old ones');
    fs.writeFileSync(path.join(dir, 'added.txt'), 'added');
    const plan = await planFolderSync(env.client, { localDir: dir, target: { folderId: root } });
    expect(plan.summary).toMatchObject({ upload: 1, replace: 1 });
    // Saved again after the plan (as while a preview waits): longer still.
    fs.appendFileSync(path.join(dir, 'notes.txt'), ' and a last line');

    const report = await runSyncPlan(env.client, plan);
    expect(report.failed).toEqual([
      {
        path: 'notes.txt',
        error: expect.objectContaining({ kind: 'integrity', message: expect.stringMatching(/changed while it was being sent/) }),
      },
    ]);
    expect(report.replaced).toEqual([]);
    expect(report.uploaded.map((u) => u.path)).toEqual(['added.txt']);
    // The old copy stays, whole; no truncated new one.
    expect(storedNamed(env.sandbox, 'notes.txt')).toEqual([expect.objectContaining({ whirlpool: await whirlpoolHex('old notes') })]);
    expect(storedNamed(env.sandbox, 'added.txt')).toHaveLength(1);

    // The next run sends the file as it is now and replaces the old copy.
    const again = await runSyncPlan(env.client, await planFolderSync(env.client, { localDir: dir, target: { folderId: root } }));
    expect(again.replaced.map((r) => r.path)).toEqual(['notes.txt']);
    expect(storedNamed(env.sandbox, 'notes.txt')).toEqual([
      expect.objectContaining({ whirlpool: await whirlpoolHex('new notes, longer than the old ones and a last line') }),
    ]);
  });
});
