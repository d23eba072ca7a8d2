/**
 * Where downloads land when 1fichier lists hostile names: Download Folder never writes outside the folder the
 * user picks, and Download proposes a plain file name in the chosen folder.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FileNode, FolderNode } from '../../src/tree/nodes';
import { ui } from '../fakes/vscode';
import { seedFile, type Harness, startConnectedHarness } from './harness';

let h: Harness;
afterEach(async () => h?.stop());

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

test('Download Folder refuses a folder whose own name would leave the picked folder, and writes nothing anywhere', async () => {
  h = await startConnectedHarness();
  // `..`, and `../../x` as the service stores it (rclone's look-alike ／, which decodes to `/`).
  const dotDot = await h.seed.createFolder('..', 0);
  const upTwo = await h.seed.createFolder('../../x', 0);
  await seedFile(h, 'payload.txt', 'written outside', dotDot.folderId);
  await seedFile(h, 'payload.txt', 'written outside', upTwo.folderId);
  const nodes = (await h.services.storage.subFolders(h.services.storage.root)) as FolderNode[];
  const outer = path.join(h.tmp, 'outer');
  const dest = path.join(outer, 'inner', 'picked');
  fs.mkdirSync(dest, { recursive: true });

  for (const id of [dotDot.folderId, upTwo.folderId]) {
    const node = nodes.find((n) => n.id === id)!;
    const result = await vscode.commands.executeCommand('onefichier.downloadFolder', node, dest);
    expect(result).toBeUndefined();
    const shown = ui.messages.at(-1)!;
    expect(shown.level).toBe('error');
    expect(shown.text).toMatch(/^Download failed: .* cannot be downloaded as a local folder: .*Rename the folder on 1fichier/);
  }
  expect(filesUnder(outer)).toEqual([]);
  expect(fs.readdirSync(h.tmp).sort()).toEqual(['outer', 'sandbox']);
  expect(h.sandbox.state().counters.requests['download/get_token.cgi'] ?? 0).toBe(0);
});

test('Download proposes a plain, visible file name in the chosen folder, whatever the listed name', async () => {
  h = await startConnectedHarness();
  for (const name of ['../x', '~/.profile', '.profile', 'plain.txt'])
    await h.sandbox.uploadAsIs(h.sandbox.premiumKey, name, Buffer.from(`content of ${name}`));
  await seedFile(h, '..\\y', 'stored as ..＼y, shown as ..\\y'); // the service refuses a raw backslash
  const files = (await h.services.tree.getChildren()).filter((n): n is FileNode => n.type === 'file');
  const folder = os.homedir(); // no workspace is open: the proposal is in the home folder
  const proposed: Record<string, string> = {};
  for (const node of files) {
    ui.saveDialogs.push((options: { defaultUri: vscode.Uri }) => {
      proposed[node.file.filename] = options.defaultUri.fsPath;
      return undefined; // the user cancels: nothing is written
    });
    await vscode.commands.executeCommand('onefichier.downloadFile', node);
  }
  expect(proposed).toEqual({
    '../x': path.join(folder, '／x'),
    '~/.profile': path.join(folder, '~／.profile'),
    '.profile': path.join(folder, 'profile'),
    '..\\y': path.join(folder, path.sep === '\\' ? '＼y' : '\\y'),
    'plain.txt': path.join(folder, 'plain.txt'),
  });
});
