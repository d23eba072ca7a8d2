/**
 * The tree's listing model on its own: no VS Code (not even the fake), a scripted client and clock. What
 * the model shows, when it lists and when it waits, and how changes patch the loaded contents.
 */
import type { FileItem, FolderListing } from '@onefichier/core';
import { StorageModel, type ListingExchange, type StorageModelDeps } from '../../src/tree/model';
import type { FileNode, FolderNode, StorageNode } from '../../src/tree/nodes';

const file = (url: string, filename: string): FileItem => ({
  url,
  filename,
  size: 1,
  date: '2026-01-01 10:00:00',
  dateUtc: '2026-01-01T09:00:00.000Z',
  checksum: '',
  contentType: 'text/plain',
  passwordProtected: false,
  hasAcl: false,
  cdn: false,
});
const sub = (id: number, name: string) => ({ id, name, createDate: '', createDateUtc: '', passwordProtected: false });

/** The account: listings by folder id, and the calls made. */
function account(listings: Record<number, { folders?: [number, string][]; files?: [string, string][] }>) {
  const calls: number[] = [];
  return {
    calls,
    async listFolder(folderId: number): Promise<FolderListing> {
      calls.push(folderId);
      const l = listings[folderId];
      if (!l) throw new Error(`no folder ${folderId}`);
      return {
        folderId,
        name: `folder ${folderId}`,
        size: null,
        fileCount: l.files?.length ?? 0,
        subFolders: (l.folders ?? []).map(([id, name]) => sub(id, name)),
        items: (l.files ?? []).map(([url, name]) => file(url, name)),
      };
    },
  };
}

function model(client: ReturnType<typeof account>, extra: Partial<StorageModelDeps> = {}) {
  const changes: (string | undefined)[] = [];
  const m = new StorageModel({
    client: async () => client,
    pageSize: () => 2,
    onDidChange: (folder) => changes.push(folder?.path),
    ...extra,
  });
  return { m, changes };
}

const names = (nodes: StorageNode[]) =>
  nodes.map((n) =>
    n.type === 'folder' ? `${n.name}/` : n.type === 'file' ? n.file.filename : n.type === 'loadMore' ? `+${n.remaining}` : n.text,
  );

const TREE = {
  0: {
    folders: [
      [2, 'docs'],
      [1, 'Archive'],
    ] as [number, string][],
    files: [
      ['https://1fichier.com/?file10', 'file10.txt'],
      ['https://1fichier.com/?file2', 'file2.txt'],
    ] as [string, string][],
  },
  1: { folders: [[3, 'old']] as [number, string][], files: [['https://1fichier.com/?inarchive', 'a.txt']] as [string, string][] },
  2: {},
  3: { files: [['https://1fichier.com/?deep', 'deep.txt']] as [string, string][] },
};

describe('showing a folder', () => {
  it('lists it once (concurrent callers share the call), folders first, names in natural order, a page at a time', async () => {
    const client = account(TREE);
    const { m, changes } = model(client);
    const [first, second] = await Promise.all([m.children(m.root), m.children(m.root)]);
    expect(client.calls).toEqual([0]);
    expect(names(first)).toEqual(['Archive/', 'docs/', '+2']);
    expect(second).toEqual(first);
    m.loadMore(0);
    expect(names(await m.children(m.root))).toEqual(['Archive/', 'docs/', 'file2.txt', 'file10.txt']);
    expect(changes).toEqual([undefined]);
    expect(client.calls).toEqual([0]);
  });

  it('knows parents and paths of what it listed', async () => {
    const { m } = model(account(TREE));
    const [archive] = (await m.children(m.root)) as FolderNode[];
    const [old] = (await m.children(archive!)) as FolderNode[];
    expect(old!.path).toBe('/Archive/old');
    expect(m.parentOf(old!)).toBe(archive);
    expect(m.parentOf(archive!)).toBeUndefined();
    expect(m.folderById(3)).toBe(old);
  });

  it('keeps a known sub-folder (and what it holds) when its parent is listed again', async () => {
    const client = account(TREE);
    const { m } = model(client);
    const archive = (await m.subFolders(m.root))[0]!;
    await m.files(archive);
    await m.load(m.root, true);
    const again = (await m.subFolders(m.root))[0]!;
    expect(again).toBe(archive);
    expect(names(await m.children(archive))).toEqual(['old/', 'a.txt']);
    expect(client.calls).toEqual([0, 1, 0]);
  });
});

describe('the listing budget shared with other windows', () => {
  const shared = (entry: { at: number; listing?: FolderListing } | undefined): ListingExchange & { published: number[] } => {
    const published: number[] = [];
    return {
      published,
      recent: async () => entry,
      publish: async (folderId) => void published.push(folderId),
    };
  };

  it("reuses another window's recent listing instead of asking", async () => {
    const client = account(TREE);
    const listing = await account(TREE).listFolder(0);
    const { m } = model(client, { shared: shared({ at: 1_000, listing }), now: () => 2_000 });
    expect(names(await m.children(m.root))).toEqual(['Archive/', 'docs/', '+2']);
    expect(client.calls).toEqual([]);
  });

  it('waits out the 31 s window when Refresh forces a listing another window made moments ago', async () => {
    const client = account(TREE);
    const listing = await account(TREE).listFolder(0);
    const waits: number[] = [];
    let now = 10_000;
    const sleep = async (ms: number) => {
      waits.push(ms);
      now += ms;
    };
    const { m } = model(client, { shared: shared({ at: 5_000, listing }), now: () => now, sleep });
    await m.children(m.root);
    expect(client.calls).toEqual([]);
    m.refresh();
    await m.children(m.root);
    expect(waits).toEqual([26_000]);
    expect(client.calls).toEqual([0]);
  });

  it('waits out the 31 s window when the recent listing was too large to share', async () => {
    const client = account(TREE);
    const waits: number[] = [];
    const told: number[] = [];
    let now = 100_000;
    const { m } = model(client, {
      shared: shared({ at: 90_000 }),
      now: () => now,
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
      },
      onBudgetWait: (_folder, ms) => told.push(ms),
    });
    await m.children(m.root);
    expect(waits).toEqual([21_000]);
    expect(told).toEqual([21_000]);
    expect(client.calls).toEqual([0]);
  });

  it('shares a fresh listing and every patched one', async () => {
    const exchange = shared(undefined);
    const { m } = model(account(TREE), { shared: exchange });
    await m.children(m.root);
    m.removeFiles(['https://1fichier.com/?file2']);
    await new Promise((r) => setImmediate(r));
    expect(exchange.published).toEqual([0, 0]);
  });
});

describe('patches after a change made in this window', () => {
  async function loaded() {
    const client = account(TREE);
    const { m, changes } = model(client);
    const [archive, docs] = (await m.children(m.root)) as FolderNode[];
    const [old] = (await m.children(archive!)) as FolderNode[];
    await m.children(old!);
    await m.children(docs!);
    client.calls.length = 0;
    changes.length = 0;
    return { m, client, changes, archive: archive!, docs: docs!, old: old! };
  }

  it('a renamed folder keeps what it holds, with new paths down to its files', async () => {
    const { m, client, archive, old } = await loaded();
    m.renameFolder(archive.id, 'Zarchive');
    expect(names(await m.subFolders(m.root))).toEqual(['docs/', 'Zarchive/']);
    expect(old.path).toBe('/Zarchive/old');
    expect((await m.files(old))[0]!.folderPath).toBe('/Zarchive/old');
    expect(client.calls).toEqual([]);
  });

  it('a moved folder leaves its parent and joins a loaded destination with its contents; an unloaded one forgets it', async () => {
    const { m, client, changes, archive, docs, old } = await loaded();
    m.moveFolder(old.id, docs.id);
    expect(await m.subFolders(archive)).toEqual([]);
    expect(await m.subFolders(docs)).toEqual([old]);
    expect(old.path).toBe('/docs/old');
    expect(m.findFile('https://1fichier.com/?deep')?.folderPath).toBe('/docs/old');
    expect(changes).toEqual(['/Archive', '/docs']);
    m.moveFolder(old.id, 999);
    expect(await m.subFolders(docs)).toEqual([]);
    expect(m.folderById(old.id)).toBeUndefined();
    expect(client.calls).toEqual([]);
  });

  it('a new folder is known to be empty; uploads, copies, renames and deletes show without a listing', async () => {
    const { m, client, docs } = await loaded();
    const made = m.addFolder(docs.id, { folderId: 7, name: 'fresh' })!;
    expect(made.path).toBe('/docs/fresh');
    expect(await m.children(made)).toEqual([]);
    m.addUploaded(
      made.id,
      [{ url: 'https://1fichier.com/?up1', filename: 'b.txt', size: 3, whirlpool: 'w', folderId: made.id, removeUrl: '' }],
      new Date(0),
    );
    m.addUploaded(made.id, [
      { url: 'https://1fichier.com/?up1', filename: 'b.txt', size: 3, whirlpool: 'w', folderId: made.id, removeUrl: '' },
    ]);
    m.addFile(made.id, file('https://1fichier.com/?copy1', 'a.txt'));
    expect(names(await m.children(made))).toEqual(['a.txt', 'b.txt']);
    m.updateFile('https://1fichier.com/?up1', { filename: '0.txt' });
    expect(names(await m.children(made))).toEqual(['0.txt', 'a.txt']);
    m.removeFiles(['https://1fichier.com/?copy1']);
    expect(((await m.files(made)) as FileNode[]).map((f) => f.file.url)).toEqual(['https://1fichier.com/?up1']);
    m.removeFolder(made.id);
    expect(await m.subFolders(docs)).toEqual([]);
    expect(client.calls).toEqual([]);
  });

  it('a folder found made by another window shows in its parent at once and is listed when opened', async () => {
    const client = account({ ...TREE, 4: { files: [['https://1fichier.com/?theirs', 'theirs.txt']] } });
    const { m } = model(client);
    const [archive] = (await m.children(m.root)) as FolderNode[];
    await m.children(archive!);
    client.calls.length = 0;
    const found = m.addFolder(archive!.id, { folderId: 4, name: 'new' }, { empty: false })!;
    expect(found.path).toBe('/Archive/new');
    expect(names(await m.children(archive!))).toEqual(['new/', 'old/', '+1']);
    expect(client.calls).toEqual([]);
    expect(names(await m.children(found))).toEqual(['theirs.txt']);
    expect(client.calls).toEqual([4]);
  });

  it('Refresh lists a folder again and keeps the page the user had opened; a whole-tree refresh lists every folder again', async () => {
    const { m, client, archive } = await loaded();
    m.loadMore(archive.id);
    m.refresh(archive);
    expect(names(await m.children(archive))).toEqual(['old/', 'a.txt']);
    expect(archive.contents?.shown).toBe(4);
    expect(client.calls).toEqual([1]);
    m.refresh();
    await m.children(m.root);
    await m.children(archive);
    expect(client.calls).toEqual([1, 0, 1]);
  });
});
