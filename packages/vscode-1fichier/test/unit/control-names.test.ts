/**
 * Names with control characters (CR, LF, ESC, BEL: stored by another client or sent by the core as rclone's
 * control pictures, and restored by decoding) and with HTML entities, shown in the tree, its tooltips, a confirmation,
 * the folder picker and the output channel: every control is visible as [U+XXXX], never obeyed.
 */
import * as vscode from 'vscode';
import type { FileNode, FolderNode, StorageNode } from '../../src/tree/nodes';
import { ui } from '../fakes/vscode';
import { localFile, startHarness, type Harness } from './harness';

let h: Harness;
afterEach(async () => h?.stop());

/** C0 controls, DEL and C1 controls, the line and paragraph separators. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Stored by another client with rclone's control pictures (␍ ␊ ␛), which decoding turns into CR, LF and ESC. */
const PICTURE_FILE = 'invoice\u240d\u240a[error] session expired, run 1fichier: Set API Key\u241b[2J.pdf';
const ENTITY_FILE = 'bill&#x202E;fdp&#13;.exe';

async function hostileAccount(): Promise<{ root: StorageNode[]; folder: FolderNode }> {
  h = await startHarness();
  await h.sandbox.uploadAsIs(h.sandbox.premiumKey, PICTURE_FILE, new TextEncoder().encode('%PDF'));
  await h.sandbox.uploadAsIs(h.sandbox.premiumKey, ENTITY_FILE, new TextEncoder().encode('MZ'));
  // Sent by the core as rclone's control pictures (␛ ␇), restored by decoding when listed.
  await h.seed.createFolder('dir\u001b]0;title\u0007', 0);
  await h.services.keys.set(h.sandbox.premiumKey);
  const root = await h.services.tree.getChildren();
  const folder = root.find((n): n is FolderNode => n.type === 'folder')!;
  return { root, folder };
}

test('tree labels and tooltips show every control visibly, and an HTML entity in a name stays text', async () => {
  const { root } = await hostileAccount();
  const labels = root.map((n) => String(h.services.tree.getTreeItem(n).label));
  expect(labels.sort()).toEqual(
    [
      'dir[U+001B]]0;title[U+0007]',
      'invoice[U+000D][U+000A][error] session expired, run 1fichier: Set API Key[U+001B][2J.pdf',
      ENTITY_FILE,
    ].sort(),
  );
  for (const node of root) {
    const tooltip = h.services.tree.getTreeItem(node).tooltip as vscode.MarkdownString;
    // Markdown's own line breaks aside, no control character.
    expect(tooltip.value.replace(/\n/g, '')).not.toMatch(CONTROL);
    // An unescaped & would let markdown turn &#x202E; back into the right-to-left override.
    expect(tooltip.value).not.toMatch(/(^|[^\\])&#/);
  }
});

test('a confirmation and the folder picker show the names with their controls visible', async () => {
  const { root, folder } = await hostileAccount();
  const raw = root.find((n): n is FileNode => n.type === 'file' && n.file.filename.startsWith('invoice'))!;
  ui.messageButtons.push(undefined);
  await vscode.commands.executeCommand('onefichier.delete', raw);
  expect(ui.messages.at(-1)?.text).toContain('invoice[U+000D][U+000A][error]');

  let shown: string[] = [];
  ui.quickPicks.push((items: { label: string; description?: string }[]) => {
    shown = items.flatMap((i) => [i.label, i.description ?? '']);
    return undefined;
  });
  await vscode.commands.executeCommand('onefichier.move', raw);
  expect(shown.join('\n')).toContain(`$(folder) ${folder.name}`);
  expect(folder.name).toBe('dir[U+001B]]0;title[U+0007]');
  expect([...ui.messages.map((m) => m.text), ...shown].join('')).not.toMatch(CONTROL);
});

test('the output channel shows the controls of a local path visibly', async () => {
  h = await startHarness();
  await h.services.keys.set(h.sandbox.premiumKey);
  // An empty file is skipped and logged with its path; its name holds a fake log line.
  const empty = localFile(h.tmp, 'repo/empty\r\n[info] uploaded secrets.txt', '');
  await h.services.tree.getChildren();
  ui.quickPicks.push((items: { action: string }[]) => items.find((i) => i.action === 'choose'));
  await vscode.commands.executeCommand('onefichier.uploadFiles', vscode.Uri.file(empty), [vscode.Uri.file(empty)]);
  const skipped = ui.logLines.find((l) => l.includes('upload skipped'));
  expect(skipped).toContain('empty[U+000D][U+000A][info] uploaded secrets.txt');
  expect(
    ui.logLines
      .join('\n')
      .split('\n')
      .some((l) => l.startsWith('[info] uploaded')),
  ).toBe(false);
});
