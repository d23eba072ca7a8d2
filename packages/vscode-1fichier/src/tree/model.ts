/**
 * The storage tree's listing model, without VS Code: which folders are known, what each loaded folder holds
 * (the folder node owns its contents), how a folder is listed, and how a change made from this window
 * patches the listings instead of listing again.
 *
 * Listing: one folder/ls.cgi with files per folder, within the service's budget of one listing per folder
 * per 30 s. The profile's other windows share their listings (shared.ts): a listing that recent is reused,
 * and a forced one (Refresh) waits out the folder's budget window instead of causing a flood lock.
 *
 * Patches: after an upload, rename, move or delete the contents are changed from what the API answered. The
 * core marks its cached listings stale after a change, so listing again would wait for the 30 s budget
 * while the tree shows a spinner.
 */
import type { FileItem, FolderListing, SubFolder, UploadedFile } from '@onefichier/core';
import { joinPath } from '../format';
import { FolderNode, ROOT_ID, rootFolder, type FileNode, type FolderContents, type LoadMoreNode, type StorageNode } from './nodes';
import { FOLDER_LIST_WINDOW_MS } from './shared';

/** The part of the core's client the model lists with. */
interface ListingClient {
  listFolder(folderId: number, options: { includeFiles: true }): Promise<FolderListing>;
}

/** Listings of the profile's other windows (SharedListings). */
export interface ListingExchange {
  recent(folderId: number): Promise<{ at: number; listing?: FolderListing } | undefined>;
  publish(folderId: number, listing: FolderListing, at?: number): Promise<void>;
}

export interface StorageModelDeps {
  client(): Promise<ListingClient>;
  /** Entries shown before "Load more". */
  pageSize(): number;
  /** Absent for a single window. */
  shared?: ListingExchange | undefined;
  /** A listing waits `ms` because another window listed the folder moments ago. */
  onBudgetWait?: ((folder: FolderNode, ms: number) => void) | undefined;
  /** The children of `folder` changed (undefined: anything, from the root down). */
  onDidChange(folder: FolderNode | undefined): void;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

// Built on first use: creating a collator costs about 10 ms, which activation should not pay.
let lazyCollator: Intl.Collator | undefined;
const compareNames = (a: string, b: string): number =>
  (lazyCollator ??= new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })).compare(a, b);
const sortFolders = (folders: FolderNode[]): void => void folders.sort((a, b) => compareNames(a.name, b.name));
const sortFiles = (files: FileNode[]): void => void files.sort((a, b) => compareNames(a.file.filename, b.file.filename));

export class StorageModel {
  readonly root: FolderNode = rootFolder();
  /** Every folder seen, by id, for parents, paths and lookups by id. */
  private readonly folders = new Map<number, FolderNode>([[ROOT_ID, this.root]]);
  private readonly pending = new Map<number, Promise<FolderContents>>();
  /** Folders whose next listing must come from the service (the user asked for a refresh). */
  private readonly forced = new Set<number>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly deps: StorageModelDeps) {
    this.now = deps.now ?? Date.now;
    this.sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  folderById(id: number): FolderNode | undefined {
    return this.folders.get(id);
  }

  /** The folder a node stands for where a folder is wanted: a folder itself, a file's folder, else the root. */
  folderOf(node: StorageNode | undefined): FolderNode {
    if (node?.type === 'folder') return node;
    if (node?.type === 'file') return this.folders.get(node.folderId) ?? this.root;
    return this.root;
  }

  /** The folder a node shows under (undefined for the root's children: VS Code's top level). */
  parentOf(node: StorageNode): FolderNode | undefined {
    const parentId = node.type === 'folder' ? node.parentId : node.folderId;
    if (parentId === null || parentId === ROOT_ID) return undefined;
    return this.folders.get(parentId);
  }

  /** What the tree shows under a folder: a page of sub-folders then files, and "Load more" when there is more. */
  async children(folder: FolderNode): Promise<(FolderNode | FileNode | LoadMoreNode)[]> {
    const contents = await this.load(folder);
    const all = [...contents.folders, ...contents.files];
    const visible: (FolderNode | FileNode | LoadMoreNode)[] = all.slice(0, contents.shown);
    if (all.length > contents.shown) visible.push({ type: 'loadMore', folderId: folder.id, remaining: all.length - contents.shown });
    return visible;
  }

  /** Sub-folders of a folder (loaded contents or one listing); used by uploads and the folder picker. */
  async subFolders(folder: FolderNode): Promise<FolderNode[]> {
    return (await this.load(folder)).folders;
  }

  /** Files of a folder (loaded contents or one listing). */
  async files(folder: FolderNode): Promise<FileNode[]> {
    return (await this.load(folder)).files;
  }

  /** A loaded file by its URL. */
  findFile(url: string): FileNode | undefined {
    for (const folder of this.loaded()) {
      const hit = folder.contents.files.find((f) => f.file.url === url);
      if (hit) return hit;
    }
    return undefined;
  }

  // ------------------------------------------------------------------ loading

  /** The folder's contents: as loaded, or from one listing (concurrent callers share it). */
  load(folder: FolderNode, forceLoad = false): Promise<FolderContents> {
    const force = this.forced.delete(folder.id) || forceLoad;
    const loaded = folder.contents;
    if (loaded && !force) return Promise.resolve(loaded);
    const inFlight = this.pending.get(folder.id);
    if (inFlight) return inFlight;
    const listing = this.list(folder, force, loaded?.shown);
    this.pending.set(folder.id, listing);
    const clear = () => this.pending.delete(folder.id);
    listing.then(clear, clear);
    return listing;
  }

  private async list(folder: FolderNode, force: boolean, shown: number | undefined): Promise<FolderContents> {
    const client = await this.deps.client();
    const recent = await this.deps.shared?.recent(folder.id);
    if (recent?.listing && !force) return this.store(folder, recent.listing, shown);
    if (recent) {
      // Another window listed this folder moments ago: asking again now would be a flood.
      const wait = FOLDER_LIST_WINDOW_MS - (this.now() - recent.at);
      if (wait > 0) {
        this.deps.onBudgetWait?.(folder, wait);
        await this.sleep(wait);
      }
    }
    const at = this.now();
    const listing = await client.listFolder(folder.id, { includeFiles: true });
    void this.deps.shared?.publish(folder.id, listing, at);
    return this.store(folder, listing, shown);
  }

  private store(folder: FolderNode, listing: FolderListing, shown: number | undefined): FolderContents {
    const folders = listing.subFolders.map((s) => this.childFolder(folder, s));
    const files = (listing.items ?? []).map((f) => fileNode(folder, f));
    sortFolders(folders);
    sortFiles(files);
    folder.contents = { folders, files, shown: Math.max(shown ?? 0, this.deps.pageSize()) };
    return folder.contents;
  }

  /** The node of a sub-folder: the one already known (with its loaded contents) brought up to date, or a new one. */
  private childFolder(parent: FolderNode, s: SubFolder): FolderNode {
    const facts = {
      id: s.id,
      name: s.name,
      path: joinPath(parent.path, s.name),
      parentId: parent.id,
      passwordProtected: s.passwordProtected,
      createDate: s.createDate,
      createDateUtc: s.createDateUtc,
    };
    const known = this.folders.get(s.id);
    if (!known) {
      const node = new FolderNode(facts);
      this.folders.set(s.id, node);
      return node;
    }
    const moved = known.path !== facts.path;
    Object.assign(known, facts);
    if (moved) this.rebasePaths(known);
    return known;
  }

  // ------------------------------------------------------------------ refresh and paging

  /**
   * Lists the folder again (or everything when no folder is given). `force` (the Refresh command) asks the
   * service even when another window listed moments ago; without it (a new key, a new URL) a listing that
   * recent is reused.
   */
  refresh(folder?: FolderNode, { force = true }: { force?: boolean } = {}): void {
    if (!folder || folder.id === ROOT_ID) {
      for (const known of this.folders.values()) {
        if (force && known.contents) this.forced.add(known.id);
        known.contents = undefined;
      }
      if (force) this.forced.add(ROOT_ID);
      this.deps.onDidChange(undefined);
      return;
    }
    if (force) this.forced.add(folder.id);
    const shown = folder.contents?.shown;
    folder.contents = undefined;
    if (shown)
      void this.load(folder, true).then(
        (contents) => (contents.shown = shown),
        () => undefined,
      );
    this.deps.onDidChange(folder);
  }

  /** Shows the next page of a large folder. */
  loadMore(folderId: number): void {
    const folder = this.folders.get(folderId);
    if (!folder?.contents) return;
    folder.contents.shown += this.deps.pageSize();
    this.changed(folder);
  }

  // ------------------------------------------------------------------ patches

  addUploaded(folderId: number, uploaded: UploadedFile[], now = new Date()): void {
    const folder = this.folders.get(folderId);
    if (!folder?.contents) return;
    for (const u of uploaded) {
      if (folder.contents.files.some((f) => f.file.url === u.url)) continue;
      folder.contents.files.push(fileNode(folder, uploadedToItem(u, now)));
    }
    sortFiles(folder.contents.files);
    this.changed(folder);
  }

  /**
   * A folder just made by folder/mkdir.cgi, or found made meanwhile by another window (`empty: false`): added
   * to its parent's contents without listing the parent (the core marked its cached listing stale, and a new
   * listing would wait for the parent's 30 s budget). A folder this window made is known to be empty, so
   * opening it needs no listing either.
   */
  addFolder(parentId: number, added: { folderId: number; name: string }, { empty = true } = {}): FolderNode | undefined {
    const parent = this.folders.get(parentId);
    if (!parent) return undefined;
    const node = this.childFolder(parent, {
      id: added.folderId,
      name: added.name,
      createDate: '',
      createDateUtc: '',
      passwordProtected: false,
    });
    if (empty) node.contents ??= { folders: [], files: [], shown: this.deps.pageSize() };
    if (parent.contents && !parent.contents.folders.includes(node)) {
      parent.contents.folders.push(node);
      sortFolders(parent.contents.folders);
      this.changed(parent);
    }
    return node;
  }

  removeFiles(urls: readonly string[]): void {
    const gone = new Set(urls);
    for (const folder of this.loaded()) {
      const before = folder.contents.files.length;
      folder.contents.files = folder.contents.files.filter((f) => !gone.has(f.file.url));
      if (folder.contents.files.length !== before) this.changed(folder);
    }
  }

  removeFolder(id: number): void {
    const node = this.folders.get(id);
    if (!node) return;
    node.contents = undefined;
    if (node.parentId === null) return;
    const parent = this.folders.get(node.parentId);
    if (parent?.contents) {
      parent.contents.folders = parent.contents.folders.filter((f) => f.id !== id);
      this.changed(parent);
    }
    this.folders.delete(id);
  }

  /**
   * The bytes of the files in a folder and below, as listed here; undefined when a folder in it was never
   * listed (then only 1fichier knows).
   */
  bytesUnder(folderId: number): number | undefined {
    const contents = this.folders.get(folderId)?.contents;
    if (!contents) return undefined;
    let bytes = contents.files.reduce((sum, f) => sum + f.file.size, 0);
    for (const sub of contents.folders) {
      const below = this.bytesUnder(sub.id);
      if (below === undefined) return undefined;
      bytes += below;
    }
    return bytes;
  }

  /** The URLs of the files in a folder and below, as far as they were listed here. */
  fileUrlsUnder(folderId: number): string[] {
    const contents = this.folders.get(folderId)?.contents;
    if (!contents) return [];
    return [...contents.files.map((f) => f.file.url), ...contents.folders.flatMap((sub) => this.fileUrlsUnder(sub.id))];
  }

  /** Replaces a file's item (rename, attributes, or a move that changed its URL). */
  updateFile(oldUrl: string, patch: Partial<FileItem>): void {
    for (const folder of this.loaded()) {
      const hit = folder.contents.files.find((f) => f.file.url === oldUrl);
      if (!hit) continue;
      hit.file = { ...hit.file, ...patch };
      sortFiles(folder.contents.files);
      this.changed(folder);
    }
  }

  /** Adds a file to a folder's contents (after a move or copy). */
  addFile(folderId: number, item: FileItem): void {
    const folder = this.folders.get(folderId);
    if (!folder?.contents || folder.contents.files.some((f) => f.file.url === item.url)) return;
    folder.contents.files.push(fileNode(folder, item));
    sortFiles(folder.contents.files);
    this.changed(folder);
  }

  /** A folder renamed: it and everything loaded below it get their new paths, their contents kept. */
  renameFolder(id: number, name: string): void {
    const node = this.folders.get(id);
    if (!node || node.parentId === null) return;
    node.name = name;
    this.rebasePaths(node);
    const parent = this.folders.get(node.parentId);
    if (parent?.contents) {
      sortFolders(parent.contents.folders);
      this.changed(parent);
    } else {
      this.deps.onDidChange(undefined);
    }
  }

  /** A folder moved: it leaves its old parent's contents and joins the new one's, with its own contents kept. */
  moveFolder(id: number, destId: number): void {
    const node = this.folders.get(id);
    const dest = this.folders.get(destId);
    if (!node || node.parentId === null) return;
    const oldParent = this.folders.get(node.parentId);
    if (oldParent?.contents) {
      oldParent.contents.folders = oldParent.contents.folders.filter((f) => f.id !== id);
      this.changed(oldParent);
    }
    if (!dest) {
      // The destination was never loaded: the folder shows when it is, from that listing.
      for (const below of this.below(id)) this.folders.delete(below.id);
      this.folders.delete(id);
      return;
    }
    node.parentId = destId;
    this.rebasePaths(node);
    if (dest.contents && !dest.contents.folders.includes(node)) {
      dest.contents.folders.push(node);
      sortFolders(dest.contents.folders);
      this.changed(dest);
    }
  }

  // ------------------------------------------------------------------ helpers

  /** Known folders whose contents are loaded. */
  private *loaded(): Generator<FolderNode & { contents: FolderContents }> {
    for (const folder of this.folders.values()) if (folder.contents) yield folder as FolderNode & { contents: FolderContents };
  }

  /** Recomputes the paths of a folder and everything known below it (folders and loaded files) from their parents. */
  private rebasePaths(top: FolderNode): void {
    // Parents before children, so each path is built from an already updated parent path.
    const affected = [top, ...this.below(top.id)].sort((a, b) => this.depth(a) - this.depth(b));
    for (const f of affected) {
      const parent = f.parentId === null ? undefined : this.folders.get(f.parentId);
      if (parent) f.path = joinPath(parent.path, f.name);
      for (const file of f.contents?.files ?? []) file.folderPath = f.path;
    }
  }

  private below(ancestorId: number): FolderNode[] {
    return [...this.folders.values()].filter((f) => f.id !== ancestorId && this.isBelow(f, ancestorId));
  }

  private depth(f: FolderNode): number {
    let n = 0;
    for (let p = f.parentId; p !== null; p = this.folders.get(p)?.parentId ?? null) n++;
    return n;
  }

  private isBelow(f: FolderNode, ancestorId: number): boolean {
    for (let p = f.parentId; p !== null; p = this.folders.get(p)?.parentId ?? null) if (p === ancestorId) return true;
    return false;
  }

  /** Tells the view, and shares the patched contents with the profile's other windows. */
  private changed(folder: FolderNode): void {
    if (folder.contents && this.deps.shared) void this.deps.shared.publish(folder.id, toFolderListing(folder, folder.contents));
    this.deps.onDidChange(folder.id === ROOT_ID ? undefined : folder);
  }
}

/** A folder's contents back in the core's shape, to share them with other windows. */
function toFolderListing(folder: FolderNode, contents: FolderContents): FolderListing {
  return {
    folderId: folder.id,
    name: folder.name,
    size: null,
    fileCount: contents.files.length,
    subFolders: contents.folders.map((f) => ({
      id: f.id,
      name: f.name,
      createDate: f.createDate ?? '',
      createDateUtc: f.createDateUtc ?? '',
      passwordProtected: f.passwordProtected,
    })),
    items: contents.files.map((f) => f.file),
  };
}

function fileNode(folder: FolderNode, f: FileItem): FileNode {
  return { type: 'file', folderId: folder.id, folderPath: folder.path, file: f };
}

/** What a freshly uploaded file looks like in a listing (the service lists it a little later). */
function uploadedToItem(u: UploadedFile, now: Date): FileItem {
  return {
    url: u.url,
    filename: u.filename,
    size: u.size,
    date: '',
    dateUtc: now.toISOString(),
    checksum: u.whirlpool,
    contentType: '',
    passwordProtected: false,
    hasAcl: false,
    cdn: false,
  };
}
