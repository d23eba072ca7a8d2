/** The storage tree against the sandbox: key handling, lazy listing, items, "Load more", errors. */
import * as vscode from 'vscode';
import type { FileNode, FolderNode, StorageNode } from '../../src/tree/nodes';
import { changeSetting, ui } from '../fakes/vscode';
import { seedFile, startHarness, type Harness } from './harness';

let h: Harness;
afterEach(async () => {
  await h?.stop();
  delete process.env.ONEFICHIER_API_KEY;
});

const labels = (nodes: StorageNode[]) =>
  nodes.map((n) => (n.type === 'folder' ? `${n.name}/` : n.type === 'file' ? n.file.filename : n.type));

test('without a key the tree is empty (the welcome view shows) and the context key is false', async () => {
  h = await startHarness();
  expect(await h.services.tree.getChildren()).toEqual([]);
  expect(ui.context.get('onefichier.hasApiKey')).toBe(false);
});

test('Set API Key stores the key in SecretStorage only, and the tree lists folders first, then files', async () => {
  h = await startHarness();
  const docs = await h.seed.createFolder('docs', 0);
  await h.seed.createFolder('Archive', 0);
  await seedFile(h, 'b.txt', 'bee');
  await seedFile(h, 'a.md', '# a');
  await seedFile(h, 'inner.txt', 'inside', docs.folderId);

  ui.inputBoxes.push(h.sandbox.premiumKey);
  await vscode.commands.executeCommand('onefichier.setApiKey');
  expect(h.secrets.has('onefichier.apiKey')).toBe(true);
  expect(ui.context.get('onefichier.hasApiKey')).toBe(true);
  // The key was asked for in a password box.
  expect(ui.inputOptions[0].password).toBe(true);

  const root = await h.services.tree.getChildren();
  expect(labels(root)).toEqual(['Archive/', 'docs/', 'a.md', 'b.txt']);
  const docsNode = root[1] as FolderNode;
  expect(docsNode.path).toBe('/docs');
  const inside = await h.services.tree.getChildren(docsNode);
  expect(labels(inside)).toEqual(['inner.txt']);
  expect(h.services.tree.getParent(inside[0] as FileNode)).toBe(docsNode);
  // No settings were written: the key lives in secret storage only.
  expect(ui.allText()).not.toContain(h.sandbox.premiumKey);
});

test('names are shown as they were given: look-alikes decoded, a right-to-left override made visible', async () => {
  h = await startHarness();
  await h.sandbox.uploadAsIs(h.sandbox.premiumKey, 'report\u202Efdp.exe', new TextEncoder().encode('MZ'));
  await h.sandbox.uploadAsIs(h.sandbox.premiumKey, 'l＇équipe ＄.txt', new TextEncoder().encode('team'));
  await h.services.keys.set(h.sandbox.premiumKey);
  const root = await h.services.tree.getChildren();
  expect(labels(root).sort()).toEqual(["l'équipe $.txt", 'report[U+202E]fdp.exe']);
  for (const node of root) expect(String(h.services.tree.getTreeItem(node).label)).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
});

test('file items carry size, date, checksum, link and flags, and open on click when small', async () => {
  h = await startHarness({ settings: { 'onefichier.openMaxSizeMB': 1 } });
  const url = await seedFile(h, 'notes.txt', 'hello world');
  await h.services.keys.set(h.sandbox.premiumKey);
  const [node] = (await h.services.tree.getChildren()) as FileNode[];
  const item = h.services.tree.getTreeItem(node as FileNode);
  expect(item.contextValue).toBe('file');
  expect(item.description).toMatch(/^11 bytes · \d{4}-\d\d-\d\d \d\d:\d\d$/);
  const tooltip = (item.tooltip as vscode.MarkdownString).value;
  expect(tooltip).toContain('11 bytes');
  expect(tooltip).toContain('Whirlpool');
  expect(tooltip).toContain(`Link: \`${url}\``);
  expect(tooltip).toContain('no password');
  expect(item.resourceUri?.scheme).toBe('onefichier');
  expect(item.resourceUri?.path).toBe('/notes.txt');
  expect(item.command?.command).toBe('onefichier.openFile');
  const folderItem = h.services.tree.getTreeItem(h.services.storage.root);
  expect(folderItem.contextValue).toBe('folder');
});

test('a large folder shows a page, then "Load more" adds the next page', async () => {
  h = await startHarness({ settings: { 'onefichier.pageSize': 20 } });
  for (let i = 0; i < 45; i++) await seedFile(h, `f${String(i).padStart(2, '0')}.txt`, `file ${i}`);
  await h.services.keys.set(h.sandbox.premiumKey);
  let root = await h.services.tree.getChildren();
  expect(root).toHaveLength(21);
  const more = root[20];
  expect(more).toMatchObject({ type: 'loadMore', remaining: 25 });
  expect(h.services.tree.getTreeItem(more as StorageNode).label).toBe('Load more (25 more)');
  await vscode.commands.executeCommand('onefichier.loadMore', more);
  root = await h.services.tree.getChildren();
  expect(root).toHaveLength(41);
  expect(root[40]).toMatchObject({ type: 'loadMore', remaining: 5 });
  expect(labels(root).slice(0, 3)).toEqual(['f00.txt', 'f01.txt', 'f02.txt']);
});

test('a wrong key shows an inline message and an error with "Set API Key", never the key', async () => {
  h = await startHarness();
  const wrongKey = 'WrongKey0123456789abcdefABCDEF99';
  await h.services.keys.set(wrongKey);
  const root = await h.services.tree.getChildren();
  expect(root).toHaveLength(1);
  expect(root[0]).toMatchObject({ type: 'message' });
  expect((root[0] as { text: string }).text).toMatch(/^Could not load: /);
  const error = ui.messages.find((m) => m.level === 'error');
  expect(error?.text).toMatch(/^Could not list \/: .*API key/);
  expect(error?.buttons).toContain('Set API Key');
  expect(ui.allText()).not.toContain(wrongKey);
});

test('a free (non-premium) key explains that the API needs a Premium account', async () => {
  h = await startHarness();
  await h.services.keys.set(h.sandbox.freeKey);
  const url = await seedFile(h, 'x.txt', 'x');
  await vscode.commands.executeCommand('onefichier.copyDirectLink', url);
  const error = ui.messages.find((m) => m.level === 'error');
  expect(error?.text).toMatch(/Premium/);
  expect(ui.allText()).not.toContain(h.sandbox.freeKey);
});

test('ONEFICHIER_API_KEY is used when secret storage is empty; Clear API Key says it is still in use', async () => {
  process.env.ONEFICHIER_API_KEY = 'placeholder';
  h = await startHarness();
  process.env.ONEFICHIER_API_KEY = h.sandbox.premiumKey;
  await seedFile(h, 'env.txt', 'env');
  expect(labels(await h.services.tree.getChildren())).toEqual(['env.txt']);
  await vscode.commands.executeCommand('onefichier.clearApiKey');
  expect(ui.messages.at(-1)?.text).toMatch(/ONEFICHIER_API_KEY environment variable still provides one/);
});

test('a bad API base URL setting gives a clear message', async () => {
  h = await startHarness({ settings: { 'onefichier.apiBaseUrl': 'ftp://example' } });
  await h.services.keys.set(h.sandbox.premiumKey);
  const root = await h.services.tree.getChildren();
  expect((root[0] as { text: string }).text).toContain('"ftp://example" is not an http(s) URL');
});

test('an unreachable API base URL: "Could not list /: Cannot reach …", one sentence naming the address and onefichier.apiBaseUrl, Open Settings, and a word when it answers again', async () => {
  process.env.ONEFICHIER_CONFIRMED_API_HOSTS = 'http://127.0.0.1:9';
  try {
    h = await startHarness({ settings: { 'onefichier.apiBaseUrl': 'http://127.0.0.1:9/v1' } });
    await h.services.keys.set(h.sandbox.premiumKey);
    const root = await h.services.tree.getChildren();
    expect((root[0] as { text: string }).text).toBe('Could not load: Cannot reach http://127.0.0.1:9/v1 (connection refused)');
    const errors = () => ui.messages.filter((m) => m.level === 'error');
    expect(errors()).toHaveLength(1);
    expect(errors()[0]!.text).toMatch(
      /^Could not list \/: Cannot reach http:\/\/127\.0\.0\.1:9\/v1 \(connection refused\) Check the setting onefichier\.apiBaseUrl/,
    );
    expect(errors()[0]!.text).not.toMatch(/ECONNREFUSED|folder\/ls\.cgi/);
    expect(errors()[0]!.buttons).toEqual(['Open Settings', 'Show Log']);
    // Trying again while it is still unreachable does not stack a second notice.
    await vscode.commands.executeCommand('onefichier.refresh');
    await h.services.tree.getChildren();
    expect(errors()).toHaveLength(1);
    // The address is fixed: the next listing succeeds and says the API answers again.
    changeSetting('onefichier.apiBaseUrl', h.sandbox.apiBaseUrl);
    await vscode.commands.executeCommand('onefichier.refresh');
    expect(labels(await h.services.tree.getChildren())).toEqual([]);
    expect(ui.statusMessages).toContain('1fichier: the API answers again.');
  } finally {
    delete process.env.ONEFICHIER_CONFIRMED_API_HOSTS;
  }
});
