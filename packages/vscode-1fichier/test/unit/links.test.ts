/**
 * Symbolic links in a folder the user syncs or uploads from the explorer: a link that leads out of the folder
 * (to a private key) is skipped and the preview says where it leads; a link inside is sent as its file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ui } from '../fakes/vscode';
import { localFile, type Harness, startConnectedHarness, type SyncPreviewItem } from './harness';

let h: Harness;
afterEach(async () => h?.stop());

/** A folder with a file, a link to it, and a link to a key outside it; returns the folder and the key's real path. */
function folderWithLinks(): { dir: string; key: string; file: string } {
  const key = fs.realpathSync(localFile(h.tmp, 'home/.ssh/id_rsa', 'PRIVATE KEY'));
  const file = fs.realpathSync(localFile(h.tmp, 'project/docs/a.txt', 'alpha'));
  const dir = path.join(h.tmp, 'project');
  fs.symlinkSync(path.join('docs', 'a.txt'), path.join(dir, 'latest.txt'));
  fs.symlinkSync(key, path.join(dir, 'notes.txt'));
  return { dir, key, file };
}

/** What the sandbox stores, as name=content. */
const stored = () =>
  h.sandbox
    .state()
    .files.map((f) => `${f.filename}=${fs.readFileSync(path.join(h.sandbox.dataDir, 'blobs', f.url.split('?')[1]!), 'utf8')}`)
    .sort();

test('Sync Folder skips a link that leaves the folder, and its preview says where each link leads', async () => {
  h = await startConnectedHarness();
  const { dir, key, file } = folderWithLinks();
  await h.services.tree.getChildren();
  let preview: SyncPreviewItem[] = [];
  ui.quickPicks.push((items: SyncPreviewItem[]) => items.find((i) => i.action === 'choose'));
  ui.quickPicks.push((items: SyncPreviewItem[]) => items.find((i) => i.mirror === false));
  ui.quickPicks.push((items: SyncPreviewItem[]) => {
    preview = items;
    return items.find((i) => i.action === 'sync');
  });
  await vscode.commands.executeCommand('onefichier.syncFolder', vscode.Uri.file(dir));
  const row = (label: string) => preview.find((i) => i.label === label);
  expect(row('$(warning) notes.txt')?.description).toBe(
    `a link to ${key}, outside the synced folder: not followed (copy the file into the folder to send it)`,
  );
  expect(row('$(add) latest.txt')?.description).toBe(`5 bytes; a symbolic link, sends ${file}`);
  expect(row('$(add) docs/a.txt')?.description).toBe('5 bytes');
  expect(stored()).toEqual(['a.txt=alpha', 'latest.txt=alpha']);
});

test('an explorer upload of a folder skips a link that leaves it, saying where it leads, and sends a link inside as its file', async () => {
  h = await startConnectedHarness();
  const { dir, key } = folderWithLinks();
  ui.openDialogs.push([vscode.Uri.file(dir)]);
  await vscode.commands.executeCommand('onefichier.uploadHere', h.services.storage.root);
  expect(stored()).toEqual(['a.txt=alpha', 'latest.txt=alpha']);
  const done = ui.messages.at(-1)?.text ?? '';
  expect(done).toContain(
    `notes.txt (a link to ${key}, outside the folder being uploaded: not followed (copy the file into the folder to send it))`,
  );
});
