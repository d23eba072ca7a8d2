/** "Sync Folder to 1fichier..." and "Download Folder..." against the sandbox, with the scripted fake UI. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FolderNode } from '../../src/tree/nodes';
import { ui } from '../fakes/vscode';
import { readManifest } from '../manifest';
import { FileReplacedLinks } from '@onefichier/core/node';
import { localFile, replacedLinksPath, type Harness, startConnectedHarness, type SyncPreviewItem } from './harness';

let h: Harness;
afterEach(async () => h?.stop());

/** Scripts one sync: the folder picker chooses the root, the mode pick takes `mirror`, the preview is kept and answered. */
function scriptSync(opts: { mirror?: boolean; run?: boolean } = {}): { preview: SyncPreviewItem[] } {
  const seen = { preview: [] as SyncPreviewItem[] };
  ui.quickPicks.push((items: SyncPreviewItem[]) => items.find((i) => i.action === 'choose'));
  ui.quickPicks.push((items: SyncPreviewItem[]) => items.find((i) => i.mirror === (opts.mirror ?? false)));
  ui.quickPicks.push((items: SyncPreviewItem[]) => {
    seen.preview = items;
    return items.find((i) => i.action === (opts.run === false ? 'cancel' : 'sync'));
  });
  return seen;
}

const requests = (name: string) => h.sandbox.state().counters.requests[name] ?? 0;
const folderPathOf = (id: number): string => {
  if (id === 0) return '';
  const f = h.sandbox.state().folders.find((x) => x.id === id);
  return f ? `${folderPathOf(f.parentId)}/${f.name}` : `?${id}`;
};
const stored = () =>
  h.sandbox
    .state()
    .files.map((f) => `${folderPathOf(f.folderId)}/${f.filename} ${f.size}`)
    .sort();
const lastMessage = () => ui.messages.at(-1)?.text ?? '';
const rows = (items: SyncPreviewItem[]) => items.filter((i) => i.kind !== vscode.QuickPickItemKind.Separator).map((i) => i.label);

function project(): string {
  localFile(h.tmp, 'project/readme.md', '# readme');
  localFile(h.tmp, 'project/src/main.ts', 'export {}');
  localFile(h.tmp, 'project/src/util/strings.ts', 'export const s = 1;');
  return path.join(h.tmp, 'project');
}

test('sync shows the plan first, mirrors the folder, and a second sync after one change uploads only that file', async () => {
  h = await startConnectedHarness();
  const dir = project();
  await h.services.tree.getChildren();
  const first = scriptSync();
  await vscode.commands.executeCommand('onefichier.syncFolder', vscode.Uri.file(dir));
  expect(rows(first.preview)).toEqual([
    '$(check) Sync now',
    '$(close) Cancel',
    '$(add) readme.md',
    '$(add) src/main.ts',
    '$(add) src/util/strings.ts',
    '$(new-folder) /project',
    '$(new-folder) src',
    '$(new-folder) src/util',
  ]);
  expect(first.preview[0]?.description).toMatch(/^3 to upload, 0 to replace; 0 unchanged \(\d+ bytes to send\)$/);
  expect(stored()).toEqual(['/project/readme.md 8', '/project/src/main.ts 9', '/project/src/util/strings.ts 19']);
  expect(lastMessage()).toBe('Synced to /project: 3 uploaded, 0 replaced, 0 unchanged.');
  // The tree shows the new folder without listing again.
  const root = await h.services.tree.getChildren();
  expect(root.map((n) => (n.type === 'folder' ? n.name : n.type))).toEqual(['project']);

  fs.writeFileSync(path.join(dir, 'src/main.ts'), 'export { x }');
  const oldMain = h.sandbox.state().files.find((f) => f.filename === 'main.ts')!.url;
  const uploads = requests('upload/get_upload_server.cgi');
  const second = scriptSync();
  await vscode.commands.executeCommand('onefichier.syncFolder', vscode.Uri.file(dir));
  expect(rows(second.preview)).toEqual(['$(check) Sync now', '$(close) Cancel', '$(replace) src/main.ts']);
  // Replacing gives the file a new link: the preview says so on the row.
  expect(second.preview.find((i) => i.label === '$(replace) src/main.ts')?.description).toBe(
    '12 bytes (was 9 bytes); its link will change',
  );
  expect(requests('upload/get_upload_server.cgi') - uploads).toBe(1);
  expect(stored()).toEqual(['/project/readme.md 8', '/project/src/main.ts 12', '/project/src/util/strings.ts 19']);
  expect(lastMessage()).toBe('Synced to /project: 0 uploaded, 1 replaced, 2 unchanged.');
  // Where the replaced file's old link went, for the language server's quick fix on the dead link.
  const newMain = h.sandbox.state().files.find((f) => f.filename === 'main.ts')!.url;
  expect(await new FileReplacedLinks(replacedLinksPath(h.tmp)).find(oldMain)).toMatchObject({ newUrl: newMain, filename: 'main.ts' });
});

test('an unchanged folder is reported up to date without a preview; "Cancel" in the preview changes nothing', async () => {
  h = await startConnectedHarness();
  const dir = project();
  scriptSync();
  await vscode.commands.executeCommand('onefichier.syncFolder', vscode.Uri.file(dir));
  ui.quickPicks.push((items: SyncPreviewItem[]) => items.find((i) => i.action === 'choose'));
  ui.quickPicks.push((items: SyncPreviewItem[]) => items[0]);
  await vscode.commands.executeCommand('onefichier.syncFolder', vscode.Uri.file(dir));
  expect(ui.quickPicks).toEqual([]);
  expect(lastMessage()).toBe('/project is up to date: 3 files unchanged.');

  localFile(h.tmp, 'project/new.txt', 'new');
  const before = stored();
  scriptSync({ run: false });
  await vscode.commands.executeCommand('onefichier.syncFolder', vscode.Uri.file(dir));
  expect(stored()).toEqual(before);
});

test('mirror lists what it removes from 1fichier, then removes it', async () => {
  h = await startConnectedHarness();
  const dir = project();
  scriptSync();
  await vscode.commands.executeCommand('onefichier.syncFolder', vscode.Uri.file(dir));
  fs.rmSync(path.join(dir, 'src/util'), { recursive: true });
  const plan = scriptSync({ mirror: true });
  await vscode.commands.executeCommand('onefichier.syncFolder', vscode.Uri.file(dir));
  // With removals in the plan, Cancel is the first row: the one Enter picks.
  expect(rows(plan.preview)).toEqual(['$(close) Cancel', '$(check) Sync now', '$(trash) src/util/strings.ts', '$(trash) src/util/']);
  expect(stored()).toEqual(['/project/readme.md 8', '/project/src/main.ts 9']);
  expect(
    h.sandbox
      .state()
      .folders.map((f) => f.name)
      .sort(),
  ).toEqual(['project', 'src']);
  expect(lastMessage()).toBe('Synced to /project: 0 uploaded, 0 replaced, 1 removed, 2 unchanged.');
});

test('cancelling a sync keeps what finished and says the next sync does the rest', async () => {
  h = await startConnectedHarness();
  localFile(h.tmp, 'big/a/one.bin', Buffer.alloc(64 * 1024, 1));
  localFile(h.tmp, 'big/b/two.bin', Buffer.alloc(64 * 1024, 2));
  const dir = path.join(h.tmp, 'big');
  scriptSync();
  ui.cancelWhen = (r) => /^Uploaded a\/one\.bin/.test(r.message ?? '');
  await vscode.commands.executeCommand('onefichier.syncFolder', vscode.Uri.file(dir));
  expect(lastMessage()).toBe('Sync cancelled. So far: 1 uploaded, 0 replaced. The next sync does what is left.');
  expect(stored()).toEqual([`/big/a/one.bin ${64 * 1024}`]);
  ui.cancelWhen = undefined;
  const rest = scriptSync();
  await vscode.commands.executeCommand('onefichier.syncFolder', vscode.Uri.file(dir));
  expect(rows(rest.preview)).toEqual(['$(check) Sync now', '$(close) Cancel', '$(add) b/two.bin']);
  expect(stored()).toEqual([`/big/a/one.bin ${64 * 1024}`, `/big/b/two.bin ${64 * 1024}`]);
});

test('the next sync of a folder starts the picker at the folder it went to last time', async () => {
  h = await startConnectedHarness();
  const backups = await h.seed.createFolder('Backups', 0);
  await h.seed.createFolder('Other', backups.folderId);
  const dir = project();
  await h.services.storage.subFolders(h.services.storage.root);
  const firstPicker: string[] = [];
  ui.quickPicks.push((items: SyncPreviewItem[]) => {
    firstPicker.push(...items.map((i) => i.label));
    return items.find((i) => i.label === '$(folder) Backups');
  });
  ui.quickPicks.push((items: SyncPreviewItem[]) => items.find((i) => i.action === 'choose'));
  ui.quickPicks.push((items: SyncPreviewItem[]) => items[0]);
  ui.quickPicks.push((items: SyncPreviewItem[]) => items.find((i) => i.action === 'sync'));
  await vscode.commands.executeCommand('onefichier.syncFolder', vscode.Uri.file(dir));
  expect(firstPicker[0]).toBe('$(check) Choose /');
  expect(h.sandbox.state().folders.find((f) => f.name === 'project')?.parentId).toBe(backups.folderId);
  let picker: string[] = [];
  ui.quickPicks.push((items: SyncPreviewItem[]) => {
    picker = items.map((i) => i.label);
    return undefined;
  });
  await vscode.commands.executeCommand('onefichier.syncFolder', vscode.Uri.file(dir));
  expect(picker[0]).toBe('$(check) Choose /Backups');
  // The folder synced into is not offered as a parent (that would make /Backups/project/project); others are.
  expect(picker).toContain('$(folder) Other');
  expect(picker).not.toContain('$(folder) project');
});

test('download folder recreates the tree identical, skips it all the next time, and asks before replacing a local change', async () => {
  h = await startConnectedHarness();
  const dir = project();
  scriptSync();
  await vscode.commands.executeCommand('onefichier.syncFolder', vscode.Uri.file(dir));
  const node = (await h.services.storage.subFolders(h.services.storage.root)).find((f) => f.name === 'project') as FolderNode;
  const dest = fs.mkdtempSync(path.join(h.tmp, 'dest-'));
  await vscode.commands.executeCommand('onefichier.downloadFolder', node, dest);
  const back = path.join(dest, 'project');
  for (const rel of ['readme.md', 'src/main.ts', 'src/util/strings.ts'])
    expect(fs.readFileSync(path.join(back, rel), 'utf8')).toBe(fs.readFileSync(path.join(dir, rel), 'utf8'));
  expect(lastMessage()).toMatch(new RegExp(`^Downloaded 3 files \\(36 bytes\\) to ${back}; 0 already there\\.$`));
  expect(ui.progress.some((p) => /^Downloading /.test(p.message ?? ''))).toBe(true);

  const tokens = requests('download/get_token.cgi');
  await vscode.commands.executeCommand('onefichier.downloadFolder', node, dest);
  expect(lastMessage()).toBe(`${back} is up to date: 3 files already there.`);
  expect(requests('download/get_token.cgi')).toBe(tokens);

  fs.writeFileSync(path.join(back, 'readme.md'), '# README');
  ui.messageButtons.push('Keep Local Files');
  await vscode.commands.executeCommand('onefichier.downloadFolder', node, dest);
  expect(ui.messages.at(-2)?.text).toBe(`1 local file in ${back} differs from 1fichier: readme.md.`);
  expect(fs.readFileSync(path.join(back, 'readme.md'), 'utf8')).toBe('# README');
  ui.messageButtons.push('Replace Them');
  await vscode.commands.executeCommand('onefichier.downloadFolder', node, dest);
  expect(fs.readFileSync(path.join(back, 'readme.md'), 'utf8')).toBe('# readme');
});

test('both commands are declared with their menus: sync on explorer folders, download on tree folders', () => {
  const manifest = readManifest();
  const menus = manifest.contributes.menus;
  expect(menus['explorer/context']).toContainEqual(
    expect.objectContaining({ command: 'onefichier.syncFolder', when: expect.stringContaining('explorerResourceIsFolder') }),
  );
  expect(menus['view/item/context']).toContainEqual(
    expect.objectContaining({ command: 'onefichier.downloadFolder', when: 'view == onefichier.storage && viewItem == folder' }),
  );
  const titles = Object.fromEntries(manifest.contributes.commands.map((c: { command: string; title: string }) => [c.command, c.title]));
  expect(titles['onefichier.syncFolder']).toBe('Sync Folder to 1fichier...');
  expect(titles['onefichier.downloadFolder']).toBe('Download Folder...');
});
