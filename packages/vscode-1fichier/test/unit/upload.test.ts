/** The upload queue and the upload commands against the sandbox. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FileNode, FolderNode } from '../../src/tree/nodes';
import { StorageDragAndDrop, TREE_MIME } from '../../src/tree/dnd';
import { DataTransfer, DataTransferItem, ui } from '../fakes/vscode';
import { OneFichierClient } from '@onefichier/core';
import { FileReplacedLinks } from '@onefichier/core/node';
import { localFile, replacedLinksPath, seedFile, type Harness, startConnectedHarness } from './harness';

let h: Harness;
afterEach(async () => h?.stop());

const stateFiles = () => h.sandbox.state().files;
const stateFolders = () => h.sandbox.state().folders;
const folderPathOf = (id: number): string => {
  if (id === 0) return '';
  const f = stateFolders().find((x) => x.id === id);
  return f ? `${folderPathOf(f.parentId)}/${f.name}` : `?${id}`;
};

test('explorer upload of a file and a whole folder recreates the folder tree and lists the new files', async () => {
  h = await startConnectedHarness();
  const single = localFile(h.tmp, 'local/readme.txt', 'read me');
  localFile(h.tmp, 'local/project/src/main.ts', 'export {}');
  localFile(h.tmp, 'local/project/src/util/strings.ts', 'export const s = 1;');
  localFile(h.tmp, 'local/project/package.json', '{}');
  const project = path.join(h.tmp, 'local/project');
  await h.services.tree.getChildren(); // the root is loaded, so the tree shows the result at once
  ui.quickPicks.push((items: { action: string }[]) => items.find((i) => i.action === 'choose'));
  await vscode.commands.executeCommand('onefichier.uploadFiles', vscode.Uri.file(single), [
    vscode.Uri.file(single),
    vscode.Uri.file(project),
  ]);

  const stored = stateFiles()
    .map((f) => `${folderPathOf(f.folderId)}/${f.filename}`)
    .sort();
  expect(stored).toEqual(['/project/package.json', '/project/src/main.ts', '/project/src/util/strings.ts', '/readme.txt']);
  const main = stateFiles().find((f) => f.filename === 'main.ts');
  expect(main?.size).toBe(9);
  expect(ui.messages.at(-1)?.text).toBe('Uploaded 4 files to /.');
  // The tree shows the new folder and file without listing again.
  const root = await h.services.tree.getChildren();
  expect(root.map((n) => (n.type === 'folder' ? n.name : n.type === 'file' ? n.file.filename : n.type))).toEqual(['project', 'readme.txt']);
  // Progress went to 100 % in increments, with byte counts.
  const total = ui.progress.reduce((n, p) => n + (p.increment ?? 0), 0);
  expect(total).toBeCloseTo(100, 5);
  expect(ui.progress.some((p) => /of \d+ bytes/.test(p.message ?? ''))).toBe(true);
});

test('an existing remote folder with the same name is reused, not duplicated', async () => {
  h = await startConnectedHarness();
  const existing = await h.seed.createFolder('photos', 0);
  localFile(h.tmp, 'photos/a.jpg', 'jpeg-a');
  const root = h.services.storage.root;
  ui.openDialogs.push([vscode.Uri.file(path.join(h.tmp, 'photos'))]);
  await vscode.commands.executeCommand('onefichier.uploadHere', root);
  expect(stateFolders().filter((f) => f.name === 'photos')).toHaveLength(1);
  expect(stateFiles()[0]?.folderId).toBe(existing.folderId);
});

test('everyday names with reserved characters upload by default (rclone look-alikes) and show as they are named', async () => {
  h = await startConnectedHarness();
  const names = ["facture d'août 2026.pdf", "l'équipe — photo.jpg", ' a "b" <c> $d.txt ', 'report\u202Efdp.exe'];
  const files = names.map((n, i) => localFile(h.tmp, `everyday/${n}`, `content ${i}`));
  const empty = localFile(h.tmp, 'everyday/empty.txt', '');
  await h.services.tree.getChildren();
  ui.quickPicks.push((items: { action: string }[]) => items.find((i) => i.action === 'choose'));
  await vscode.commands.executeCommand(
    'onefichier.uploadFiles',
    vscode.Uri.file(files[0]!),
    [...files, empty].map((f) => vscode.Uri.file(f)),
  );
  expect(
    stateFiles()
      .map((f) => f.filename)
      .sort(),
  ).toEqual(['facture d＇août 2026.pdf', 'l＇équipe — photo.jpg', '␠a ＂b＂ ＜c＞ ＄d.txt␠', 'report[U+202E]fdp.exe'].sort());
  const done = ui.messages.at(-1)?.text ?? '';
  expect(done).toMatch(/^Uploaded 4 files to \/\. Skipped 1 item: empty\.txt \(/);
  // The tree shows the names as the files are named (the spoofing control made visible).
  h.services.storage.root.contents = undefined;
  h.seed.clearCache();
  const root = await h.services.tree.getChildren(h.services.storage.root);
  const labels = root.filter((n): n is FileNode => n.type === 'file').map((n) => n.file.filename);
  expect(labels.sort()).toEqual([names[0], names[1], names[2], 'report[U+202E]fdp.exe'].sort());
  expect(labels.join()).not.toContain('\u202E');
});

test('with the setting onefichier.reservedNames "refuse", such names are skipped with the reason; the rest is uploaded', async () => {
  h = await startConnectedHarness({ settings: { 'onefichier.reservedNames': 'refuse' } });
  const ok = localFile(h.tmp, 'ok.txt', 'fine');
  const empty = localFile(h.tmp, 'empty.txt', '');
  const bad = localFile(h.tmp, 'what$.txt', 'dollar');
  ui.quickPicks.push((items: { action: string }[]) => items.find((i) => i.action === 'choose'));
  await vscode.commands.executeCommand('onefichier.uploadFiles', vscode.Uri.file(ok), [
    vscode.Uri.file(ok),
    vscode.Uri.file(empty),
    vscode.Uri.file(bad),
  ]);
  expect(stateFiles().map((f) => f.filename)).toEqual(['ok.txt']);
  const done = ui.messages.at(-1)?.text ?? '';
  expect(done).toMatch(/^Uploaded ok\.txt to \/\. Skipped 2 items: /);
  expect(done).toContain('empty.txt (');
  expect(done).toMatch(/what\$\.txt \(the name "what\$\.txt" cannot be used: .*\$/);
});

test('cancelling removes the folders the upload created and stores nothing', async () => {
  h = await startConnectedHarness({ sandbox: { faults: { slowMs: 150 } } });
  localFile(h.tmp, 'big/nested/one.bin', Buffer.alloc(64 * 1024, 1));
  localFile(h.tmp, 'big/nested/two.bin', Buffer.alloc(64 * 1024, 2));
  ui.openDialogs.push([vscode.Uri.file(path.join(h.tmp, 'big'))]);
  // Cancel as soon as the first folder is being created: the job is between folder creation and upload.
  ui.cancelWhen = (r) => /creating folder \/big\/nested/.test(r.message ?? '');
  await vscode.commands.executeCommand('onefichier.uploadHere', h.services.storage.root);
  expect(stateFiles()).toEqual([]);
  expect(stateFolders()).toEqual([]);
  expect(ui.messages.at(-1)?.text).toBe('Upload cancelled. Nothing was stored. Removed the 2 folders it had created.');
});

test('a failed upload keeps finished files, removes empty folders it created, and explains', async () => {
  h = await startConnectedHarness();
  localFile(h.tmp, 'job/a/first.txt', 'first');
  localFile(h.tmp, 'job/b/second.txt', 'second');
  let calls = 0;
  // After the first request succeeded, every upload connection is reset (retries included).
  const realRun = h.services.uploads.run.bind(h.services.uploads);
  jest.spyOn(h.services.uploads, 'run').mockImplementation((job, progress, signal) =>
    realRun(
      job,
      {
        report: (r) => {
          if (/1 file of 2 uploaded/.test(r.message ?? '') && calls++ === 0) h.sandbox.setFaults({ uploadResets: 100 });
          progress.report(r);
        },
      },
      signal,
    ),
  );
  ui.openDialogs.push([vscode.Uri.file(path.join(h.tmp, 'job'))]);
  await vscode.commands.executeCommand('onefichier.uploadHere', h.services.storage.root);
  expect(stateFiles().map((f) => `${folderPathOf(f.folderId)}/${f.filename}`)).toEqual(['/job/a/first.txt']);
  expect(
    stateFolders()
      .map((f) => f.name)
      .sort(),
  ).toEqual(['a', 'job']);
  const error = ui.messages.find((m) => m.level === 'error');
  expect(error?.text).toMatch(/^Upload failed: /);
  expect(ui.messages.at(-1)?.text).toBe('The upload stopped: 1 file had finished and is kept. Removed the 1 folder it had created.');
});

test('jobs beyond the concurrency limit wait in the queue and say so', async () => {
  h = await startConnectedHarness({ sandbox: { faults: { slowMs: 100 } } });
  const one = localFile(h.tmp, 'q/one.txt', 'one');
  const two = localFile(h.tmp, 'q/two.txt', 'two');
  const root = h.services.storage.root;
  ui.openDialogs.push([vscode.Uri.file(one)], [vscode.Uri.file(two)]);
  await Promise.all([
    vscode.commands.executeCommand('onefichier.uploadHere', root),
    vscode.commands.executeCommand('onefichier.uploadHere', root),
  ]);
  expect(ui.progress.some((p) => p.message === 'queued behind 1 upload')).toBe(true);
  expect(
    stateFiles()
      .map((f) => f.filename)
      .sort(),
  ).toEqual(['one.txt', 'two.txt']);
});

test('dropping OS files on a folder uploads them there; dragging tree items onto a folder moves them', async () => {
  h = await startConnectedHarness({ settings: { 'onefichier.confirmDragAndDropMove': false } });
  const target = await h.seed.createFolder('inbox', 0);
  const dropped = localFile(h.tmp, 'drop/dropped.txt', 'dropped');
  const [inbox] = (await h.services.tree.getChildren()) as [FolderNode];
  const dnd = new StorageDragAndDrop(h.services);
  const fromOs = new DataTransfer();
  fromOs.set('text/uri-list', new DataTransferItem(`file://${dropped}\r\n`));
  await dnd.handleDrop(inbox, fromOs as never, { isCancellationRequested: false } as never);
  expect(stateFiles().map((f) => [f.filename, f.folderId])).toEqual([['dropped.txt', target.folderId]]);

  // A remote window (code-server) names the workspace's files vscode-remote://host/path.
  const remote = localFile(h.tmp, 'drop/remote.txt', 'remote');
  const fromRemote = new DataTransfer();
  fromRemote.set('text/uri-list', new DataTransferItem(`vscode-remote://127.0.0.1:8080${remote}`));
  await dnd.handleDrop(inbox, fromRemote as never, { isCancellationRequested: false } as never);
  expect(stateFiles().find((f) => f.filename === 'remote.txt')?.folderId).toBe(target.folderId);

  // Browser drops carry bytes without a path.
  const fromBrowser = new DataTransfer();
  fromBrowser.set(
    'files',
    new DataTransferItem({ __file: { name: 'web.txt', data: async () => new TextEncoder().encode('from the web') } }),
  );
  await dnd.handleDrop(inbox, fromBrowser as never, { isCancellationRequested: false } as never);
  expect(stateFiles().find((f) => f.filename === 'web.txt')?.size).toBe(12);

  const files = await h.services.storage.files(inbox);
  const drag = new DataTransfer();
  dnd.handleDrag(
    files.filter((f) => f.file.filename === 'dropped.txt'),
    drag as never,
  );
  expect(drag.get(TREE_MIME)).toBeDefined();
  await dnd.handleDrop(undefined, drag as never, { isCancellationRequested: false } as never);
  expect(stateFiles().find((f) => f.filename === 'dropped.txt')?.folderId).toBe(0);
  expect(
    (await h.services.tree.getChildren()).map((n) => (n.type === 'file' ? n.file.filename : n.type === 'folder' ? n.name : '')),
  ).toContain('dropped.txt');
});

test('the editor upload refuses non-file documents with a clear message', async () => {
  h = await startConnectedHarness();
  await vscode.commands.executeCommand('onefichier.uploadActiveFile', vscode.Uri.parse('untitled:Untitled-1'));
  expect(ui.messages.at(-1)?.text).toBe(
    'Upload failed: The current editor is not a file on disk. Open a local file, or use "1fichier: Upload File...".',
  );
  expect(fs.existsSync(h.tmp)).toBe(true);
});

test('a folder of many small files goes up in a few requests (50 files each), not one per file', async () => {
  h = await startConnectedHarness();
  for (let i = 0; i < 120; i++) localFile(h.tmp, `many/f${String(i).padStart(3, '0')}.txt`, `file ${i}`);
  ui.openDialogs.push([vscode.Uri.file(path.join(h.tmp, 'many'))]);
  await vscode.commands.executeCommand('onefichier.uploadHere', h.services.storage.root);
  expect(stateFiles()).toHaveLength(120);
  expect(h.sandbox.state().uploads.filter((u) => u.completed)).toHaveLength(3);
  expect(ui.messages.at(-1)?.text).toBe('Uploaded 120 files to /.');
});

describe('a file that already exists in the target folder', () => {
  async function setUp(): Promise<string> {
    h = await startConnectedHarness();
    await seedFile(h, 'notes.txt', 'old notes');
    return localFile(h.tmp, 'notes.txt', 'new notes!');
  }
  const upload = async (file: string) => {
    ui.openDialogs.push([vscode.Uri.file(file)]);
    await vscode.commands.executeCommand('onefichier.uploadHere', h.services.storage.root);
  };

  test('Replace uploads the new file, then removes the old one, and records where the old link went', async () => {
    const file = await setUp();
    const oldUrl = stateFiles()[0]!.url;
    ui.messageButtons.push('Replace');
    await upload(file);
    const question = ui.messages.find((m) => m.buttons.includes('Replace'));
    expect(question?.text).toBe('notes.txt already exists in /.');
    expect(question?.detail).toMatch(/Replacing gives the file a new link: links to the old one stop working\./);
    expect(stateFiles().map((f) => [f.filename, f.size])).toEqual([['notes.txt', 10]]);
    expect((await h.services.storage.files(h.services.storage.root)).map((f) => f.file.size)).toEqual([10]);
    // The language server's quick fix on the dead link reads this record.
    expect(await new FileReplacedLinks(replacedLinksPath(h.tmp)).find(oldUrl)).toMatchObject({
      newUrl: stateFiles()[0]!.url,
      filename: 'notes.txt',
      folderId: 0,
    });
  });

  test('Keep Both leaves two files of that name', async () => {
    const file = await setUp();
    ui.messageButtons.push('Keep Both');
    await upload(file);
    expect(
      stateFiles()
        .map((f) => f.size)
        .sort((a, b) => a - b),
    ).toEqual([9, 10]);
  });

  test('Skip Them uploads nothing, and dismissing the question cancels', async () => {
    const file = await setUp();
    ui.messageButtons.push('Skip Them');
    await upload(file);
    ui.messageButtons.push(undefined);
    await upload(file);
    expect(stateFiles().map((f) => f.size)).toEqual([9]);
  });
});

test('files picked from different folders that would be stored under one name in one folder are not uploaded, and the message says why', async () => {
  h = await startConnectedHarness();
  const first = localFile(h.tmp, 'january/report.txt', 'january');
  const second = localFile(h.tmp, 'february/report.txt', 'february');
  const other = localFile(h.tmp, 'february/other.txt', 'other');
  ui.openDialogs.push([vscode.Uri.file(first), vscode.Uri.file(second), vscode.Uri.file(other)]);
  await vscode.commands.executeCommand('onefichier.uploadHere', h.services.storage.root);
  expect(stateFiles().map((f) => f.filename)).toEqual(['other.txt']);
  const said = ui.messages.at(-1)?.text ?? '';
  expect(said).toMatch(/^Uploaded other\.txt to \/\. Skipped 2 items: /);
  expect(said).toContain(
    `report.txt (another picked file, ${second}, would also be stored as "report.txt" in /: rename one, or upload them one at a time)`,
  );
  expect(said).toContain(`report.txt (another picked file, ${first}, would also be stored as "report.txt" in /`);
});

describe('names already taken inside an uploaded folder', () => {
  const uploadFolder = async (dir: string) => {
    ui.openDialogs.push([vscode.Uri.file(path.join(h.tmp, dir))]);
    await vscode.commands.executeCommand('onefichier.uploadHere', h.services.storage.root);
  };
  const questions = () => ui.messages.filter((m) => m.buttons.includes('Replace'));
  const stored = () =>
    stateFiles()
      .map((f) => `${folderPathOf(f.folderId)}/${f.filename} ${f.size}`)
      .sort();

  test('a file whose name is taken in a sub-folder is asked about, and Replace replaces it there (one copy, the new one)', async () => {
    h = await startConnectedHarness();
    const project = await h.seed.createFolder('project', 0);
    const src = await h.seed.createFolder('src', project.folderId);
    const oldUrl = await seedFile(h, 'main.ts', 'old', src.folderId);
    localFile(h.tmp, 'project/src/main.ts', 'export {}');
    localFile(h.tmp, 'project/readme.txt', 'read me');
    ui.messageButtons.push('Replace');
    await uploadFolder('project');
    expect(questions().map((q) => q.text)).toEqual(['main.ts already exists in /project/src.']);
    expect(questions()[0]?.detail).toMatch(/links to the old one stop working/);
    expect(stored()).toEqual(['/project/readme.txt 7', '/project/src/main.ts 9']);
    expect(stateFiles().map((f) => f.url)).not.toContain(oldUrl);
    expect(ui.messages.at(-1)?.text).toBe('Uploaded 2 files to /.');
    // The language server's quick fix on the old link reads this record.
    expect(await new FileReplacedLinks(replacedLinksPath(h.tmp)).find(oldUrl)).toMatchObject({
      filename: 'main.ts',
      folderId: src.folderId,
    });
  });

  test('the choice is asked once and applies to every taken name of the upload, at the top and in sub-folders', async () => {
    h = await startConnectedHarness();
    const project = await h.seed.createFolder('project', 0);
    const sub = await h.seed.createFolder('sub', project.folderId);
    await seedFile(h, 'a.txt', 'old a', project.folderId);
    await seedFile(h, 'b.txt', 'old b', sub.folderId);
    localFile(h.tmp, 'project/a.txt', 'new a!');
    localFile(h.tmp, 'project/sub/b.txt', 'new b!');
    localFile(h.tmp, 'project/sub/c.txt', 'new c!');
    ui.messageButtons.push('Skip Them');
    await uploadFolder('project');
    expect(questions().map((q) => q.text)).toEqual(['2 files already exist in / and its sub-folders: project/a.txt, project/sub/b.txt.']);
    expect(stored()).toEqual(['/project/a.txt 5', '/project/sub/b.txt 5', '/project/sub/c.txt 6']);
    expect(ui.messages.at(-1)?.text).toMatch(
      /^Uploaded c\.txt to \/project\/sub\. Skipped 2 items: a\.txt \(a file of that name is already in \/project, /,
    );
  });

  test('replacing several files of one folder still sends them in one upload request and removes the old copies in one call', async () => {
    h = await startConnectedHarness();
    const box = await h.seed.createFolder('box', 0);
    for (const n of ['one', 'two', 'three']) await seedFile(h, `${n}.txt`, 'old', box.folderId);
    for (const n of ['one', 'two', 'three']) localFile(h.tmp, `box/${n}.txt`, `new ${n}`);
    const uploadsBefore = h.sandbox.state().uploads.filter((u) => u.completed).length;
    const removals = jest.spyOn(OneFichierClient.prototype, 'removeFiles');
    ui.messageButtons.push('Replace');
    await uploadFolder('box');
    expect(stored()).toEqual(['/box/one.txt 7', '/box/three.txt 9', '/box/two.txt 7']);
    expect(h.sandbox.state().uploads.filter((u) => u.completed).length - uploadsBefore).toBe(1);
    expect(removals).toHaveBeenCalledTimes(1);
    expect(removals.mock.calls[0]?.[0]).toHaveLength(3);
    removals.mockRestore();
  });

  test('a folder that another window made meanwhile is used, not a failure, and a taken name in it is asked about too', async () => {
    h = await startConnectedHarness();
    await h.services.tree.getChildren(); // this window listed the root before "photos" existed
    const photos = await h.seed.createFolder('photos', 0);
    await seedFile(h, 'a.jpg', 'old a', photos.folderId);
    localFile(h.tmp, 'photos/a.jpg', 'new jpeg a');
    localFile(h.tmp, 'photos/b.jpg', 'jpeg b');
    ui.messageButtons.push('Replace');
    await uploadFolder('photos');
    expect(ui.messages.filter((m) => m.level === 'error')).toEqual([]);
    expect(stateFolders().map((f) => f.name)).toEqual(['photos']);
    expect(questions().map((q) => q.text)).toEqual(['a.jpg already exists in /photos.']);
    expect(stored()).toEqual(['/photos/a.jpg 10', '/photos/b.jpg 6']);
    expect(ui.messages.at(-1)?.text).toBe('Uploaded 2 files to /.');
    // The tree shows the folder without a refresh of the root, and opened, it holds the other window's file
    // beside the new one: it is not taken for an empty folder of this window's making.
    const listings = jest.spyOn(OneFichierClient.prototype, 'listFolder');
    const root = await h.services.tree.getChildren();
    const shown = root.find((n): n is FolderNode => n.type === 'folder' && n.name === 'photos');
    expect(shown).toBeDefined();
    expect(listings).not.toHaveBeenCalled();
    const inside = await h.services.tree.getChildren(shown);
    expect(inside.map((n) => (n.type === 'file' ? n.file.filename : n.type))).toEqual(['a.jpg', 'b.jpg']);
    listings.mockRestore();
  });
});
