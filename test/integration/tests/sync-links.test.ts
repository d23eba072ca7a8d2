/**
 * Symbolic links in a synced folder: a link to a file inside the folder is sent as that file; a link that
 * leads out of the folder (to a key, a profile) is skipped with where it leads, unless the caller asks to
 * follow such links.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runSyncPlan } from '@onefichier/core';
import { planFolderSync } from '@onefichier/core/node';
import { newEnv, stopEnvs, type Env } from './helpers';

let env: Env;
beforeEach(async () => {
  env = await newEnv();
});
afterEach(stopEnvs);

/** A synced folder holding a file, a link to it, and links to a file and a folder outside it. */
function folderWithLinks(): { dir: string; secret: string } {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sync-links-')));
  const outside = path.join(base, 'home', '.ssh');
  fs.mkdirSync(outside, { recursive: true });
  const secret = path.join(outside, 'id_rsa');
  fs.writeFileSync(secret, 'PRIVATE KEY');
  const dir = path.join(base, 'project');
  fs.mkdirSync(path.join(dir, 'docs'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'docs', 'a.txt'), 'alpha');
  fs.symlinkSync(path.join('docs', 'a.txt'), path.join(dir, 'latest.txt')); // relative, inside
  fs.symlinkSync(secret, path.join(dir, 'notes.txt')); // absolute, outside
  fs.symlinkSync(path.join('..', '..', 'home', '.ssh', 'id_rsa'), path.join(dir, 'docs', 'b.txt')); // relative, outside
  fs.symlinkSync(path.join(dir, 'latest.txt'), path.join(dir, 'chain.txt')); // a link to a link inside
  fs.symlinkSync(outside, path.join(dir, 'keys')); // a folder outside
  return { dir, secret };
}

const storedContents = () =>
  env.sandbox
    .state()
    .files.map((f) => `${f.filename}=${fs.readFileSync(path.join(env.sandbox.dataDir, 'blobs', f.url.split('?')[1]!), 'utf8')}`)
    .sort();

test('links that leave the synced folder are skipped with where they lead; links inside are sent as their file', async () => {
  const { dir, secret } = folderWithLinks();
  const plan = await planFolderSync(env.client, { localDir: dir, target: { parentId: 0, name: 'project' } });
  expect(plan.uploads.map((u) => [u.path, u.file.linkTarget]).sort()).toEqual([
    ['chain.txt', path.join(dir, 'docs', 'a.txt')],
    ['docs/a.txt', undefined],
    ['latest.txt', path.join(dir, 'docs', 'a.txt')],
  ]);
  const outside = `a link to ${secret}, outside the synced folder: not followed (copy the file into the folder to send it)`;
  expect(plan.skipped).toEqual(
    expect.arrayContaining([
      { path: 'docs/b.txt', reason: outside, why: { code: 'link_outside', target: secret, root: 'synced' } },
      { path: 'notes.txt', reason: outside, why: { code: 'link_outside', target: secret, root: 'synced' } },
      { path: 'keys', reason: 'a link to a folder is not followed', why: { code: 'folder_link', orBroken: false } },
    ]),
  );
  const report = await runSyncPlan(env.client, plan);
  expect(report.failed).toEqual([]);
  expect(storedContents()).toEqual(['a.txt=alpha', 'chain.txt=alpha', 'latest.txt=alpha']);
});

test('with followLinksOutside, a link out of the folder is sent as its file, and the plan says where it leads', async () => {
  const { dir, secret } = folderWithLinks();
  const plan = await planFolderSync(env.client, { localDir: dir, target: { parentId: 0, name: 'project' }, followLinksOutside: true });
  expect(plan.uploads.filter((u) => u.file.linkTarget === secret).map((u) => u.path)).toEqual(['docs/b.txt', 'notes.txt']);
  await runSyncPlan(env.client, plan);
  expect(storedContents()).toEqual(['a.txt=alpha', 'b.txt=PRIVATE KEY', 'chain.txt=alpha', 'latest.txt=alpha', 'notes.txt=PRIVATE KEY']);
});
