/**
 * The storage tree. Folders load lazily (one folder/ls.cgi with files per folder, within the API's budget of
 * one listing per folder per 30 s) and are kept; after an upload, rename, move or delete the cached listing
 * is patched in place instead of listing again, so the tree stays current without spending the budget.
 * Large folders show `pageSize` items, then a "Load more" entry.
 */
import * as vscode from 'vscode';
import {
  formatSize,
  formatSizeExact,
  type FileItem,
  type FolderListing,
  type OneFichierClient,
  type SubFolder,
  type UploadedFile,
} from '@onefichier/core';
import { describeError } from '../errors';
import { formatDate, joinPath } from '../format';
import { fileUri } from '../fs/uri';
import type { FileNode, FolderNode, LoadMoreNode, MessageNode, StorageNode } from './nodes';
import { ROOT_ID, rootFolder } from './nodes';
import { FOLDER_LIST_WINDOW_MS, type SharedListings } from './shared';

interface Listing {
  folder: FolderNode;
  folders: FolderNode[];
  files: FileNode[];
  /** How many entries (folders first, then files) are shown. */
  shown: number;
}

export interface TreeDeps {
  client(): Promise<OneFichierClient>;
  hasKey(): Promise<boolean>;
  pageSize(): number;
  openMaxBytes(): number;
  onLoadError(folder: FolderNode, e: unknown): void;
  /** Listings shared with the profile's other windows (absent in tests of a single window). */
  shared?: SharedListings;
  /** Tells the user why a listing waits (another window listed the folder moments ago). */
  onBudgetWait?(folder: FolderNode, ms: number): void;
}

// Built on first use: creating a collator costs about 10 ms, which activation should not pay.
let lazyCollator: Intl.Collator | undefined;
const collator = {
  compare: (a: string, b: string): number =>
    (lazyCollator ??= new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })).compare(a, b),
};

export class StorageTreeProvider implements vscode.TreeDataProvider<StorageNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<StorageNode | undefined | void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly listings = new Map<number, Listing>();
  /** Every folder seen, by id, for getParent and path lookups. */
  private readonly folders = new Map<number, FolderNode>();
  private readonly pending = new Map<number, Promise<Listing>>();
  private readonly errors = new Map<number, MessageNode>();
  /** Folders whose next listing must come from the service (the user asked for a refresh). */
  private readonly forced = new Set<number>();
  readonly root: FolderNode = rootFolder();

  constructor(private readonly deps: TreeDeps) {
    this.folders.set(ROOT_ID, this.root);
  }

  // ------------------------------------------------------------------ TreeDataProvider

  async getChildren(element?: StorageNode): Promise<StorageNode[]> {
    if (element && element.type !== 'folder') return [];
    const folder = element ?? this.root;
    if (!element && !(await this.deps.hasKey())) return []; // the welcome view explains what to do
    const error = this.errors.get(folder.id);
    if (error) return [error];
    let listing: Listing;
    try {
      listing = await this.load(folder);
    } catch (e) {
      const { message, hint } = describeError(e);
      const node: MessageNode = { type: 'message', folderId: folder.id, text: `Could not load: ${message}`, detail: hint ?? '' };
      this.errors.set(folder.id, node);
      this.deps.onLoadError(folder, e);
      return [node];
    }
    const all: StorageNode[] = [...listing.folders, ...listing.files];
    const visible = all.slice(0, listing.shown);
    if (all.length > listing.shown) {
      visible.push({ type: 'loadMore', folderId: folder.id, remaining: all.length - listing.shown } satisfies LoadMoreNode);
    }
    return visible;
  }

  getParent(element: StorageNode): StorageNode | undefined {
    const parentId = element.type === 'folder' ? element.parentId : element.folderId;
    if (parentId === null || parentId === ROOT_ID) return undefined;
    return this.folders.get(parentId);
  }

  getTreeItem(node: StorageNode): vscode.TreeItem {
    switch (node.type) {
      case 'folder':
        return this.folderItem(node);
      case 'file':
        return this.fileItem(node);
      case 'loadMore': {
        const item = new vscode.TreeItem(`Load more (${node.remaining} more)`, vscode.TreeItemCollapsibleState.None);
        item.id = `more:${node.folderId}`;
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.contextValue = 'loadMore';
        item.command = { command: 'onefichier.loadMore', title: 'Load more', arguments: [node] };
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.id = `message:${node.folderId}`;
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
        item.tooltip = `${node.text}\n${node.detail}\nClick to try again.`;
        item.contextValue = 'message';
        item.command = { command: 'onefichier.refresh', title: 'Try again', arguments: [this.folders.get(node.folderId) ?? this.root] };
        return item;
      }
    }
  }

  private folderItem(node: FolderNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `folder:${node.id}`;
    item.contextValue = 'folder';
    item.iconPath = node.passwordProtected ? new vscode.ThemeIcon('lock') : vscode.ThemeIcon.Folder;
    item.resourceUri = vscode.Uri.from({ scheme: 'onefichier', path: node.path });
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${escapeMd(node.name)}**\n\n`);
    tooltip.appendMarkdown(`Path: \`${escapeCode(node.path)}\`  \nFolder id: ${node.id}`);
    if (node.createDate) tooltip.appendMarkdown(`  \nCreated: ${formatDate(node.createDate, node.createDateUtc)}`);
    if (node.passwordProtected) tooltip.appendMarkdown('  \n$(lock) Password protected');
    item.tooltip = tooltip;
    return item;
  }

  private fileItem(node: FileNode): vscode.TreeItem {
    const f = node.file;
    const item = new vscode.TreeItem(f.filename, vscode.TreeItemCollapsibleState.None);
    item.id = `file:${f.url}`;
    item.contextValue = 'file';
    // ThemeIcon.File with a resourceUri picks the icon theme's icon for the file's type.
    item.iconPath = f.passwordProtected ? new vscode.ThemeIcon('lock') : vscode.ThemeIcon.File;
    item.resourceUri = fileUri(node.folderPath, f.filename, f.url);
    item.description = `${formatSize(f.size)} · ${formatDate(f.date, f.dateUtc)}`;
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${escapeMd(f.filename)}**\n\n`);
    tooltip.appendMarkdown(`Size: ${formatSizeExact(f.size)}  \n`);
    tooltip.appendMarkdown(`Uploaded: ${formatDate(f.date, f.dateUtc)}  \n`);
    if (f.contentType) tooltip.appendMarkdown(`Type: ${escapeMd(f.contentType)}  \n`);
    tooltip.appendMarkdown(`Link: \`${escapeCode(f.url)}\`  \n`);
    if (f.checksum) tooltip.appendMarkdown(`Whirlpool: \`${f.checksum.slice(0, 16)}…${f.checksum.slice(-8)}\`  \n`);
    const flags = [f.passwordProtected ? '$(lock) password' : '$(unlock) no password', f.cdn ? '$(zap) CDN' : 'no CDN'];
    if (f.hasAcl) flags.push('$(shield) access restrictions');
    tooltip.appendMarkdown(flags.join(' · '));
    if (f.size > this.deps.openMaxBytes()) tooltip.appendMarkdown('\n\nToo large to open in the editor: use Download.');
    item.tooltip = tooltip;
    if (f.size <= this.deps.openMaxBytes()) {
      item.command = { command: 'onefichier.openFile', title: 'Open (Read-Only)', arguments: [node] };
    }
    return item;
  }

  // ------------------------------------------------------------------ loading

  /** The folder's listing, from the cache or one API call (concurrent callers share it). */
  load(folder: FolderNode, forceLoad = false): Promise<Listing> {
    const force = this.forced.delete(folder.id) || forceLoad;
    const cached = this.listings.get(folder.id);
    if (cached && !force) return Promise.resolve(cached);
    const inFlight = this.pending.get(folder.id);
    if (inFlight) return inFlight;
    const p = (async () => {
      const client = await this.deps.client();
      const recent = await this.deps.shared?.recent(folder.id);
      if (recent?.listing && !force) return this.store(folder, recent.listing, cached?.shown);
      if (recent) {
        // Another window listed this folder moments ago: asking again now would be a flood.
        const wait = FOLDER_LIST_WINDOW_MS - (Date.now() - recent.at);
        if (wait > 0) {
          this.deps.onBudgetWait?.(folder, wait);
          await new Promise((r) => setTimeout(r, wait));
        }
      }
      const at = Date.now();
      const listing = await client.listFolder(folder.id, { includeFiles: true });
      void this.deps.shared?.publish(folder.id, listing, at);
      return this.store(folder, listing, cached?.shown);
    })();
    this.pending.set(folder.id, p);
    const clear = () => this.pending.delete(folder.id);
    p.then(clear, clear);
    return p;
  }

  private store(folder: FolderNode, listing: FolderListing, shown?: number): Listing {
    const folders = listing.subFolders.map((s) => this.folderNode(folder, s)).sort((a, b) => collator.compare(a.name, b.name));
    const files = (listing.items ?? []).map((f) => fileNode(folder, f)).sort((a, b) => collator.compare(a.file.filename, b.file.filename));
    const result: Listing = { folder, folders, files, shown: Math.max(shown ?? 0, this.deps.pageSize()) };
    this.listings.set(folder.id, result);
    return result;
  }

  private folderNode(parent: FolderNode, s: SubFolder): FolderNode {
    const node: FolderNode = {
      type: 'folder',
      id: s.id,
      name: s.name,
      path: joinPath(parent.path, s.name),
      parentId: parent.id,
      passwordProtected: s.passwordProtected,
      createDate: s.createDate,
      createDateUtc: s.createDateUtc,
    };
    this.folders.set(s.id, node);
    return node;
  }

  /** Sub-folders of a folder (cached listing or one call); used by uploads and the folder picker. */
  async subFolders(folder: FolderNode): Promise<FolderNode[]> {
    return (await this.load(folder)).folders;
  }

  /** Files of a folder (cached listing or one call). */
  async files(folder: FolderNode): Promise<FileNode[]> {
    return (await this.load(folder)).files;
  }

  folderById(id: number): FolderNode | undefined {
    return this.folders.get(id);
  }

  /** Finds a loaded file by its URL. */
  findFile(url: string): FileNode | undefined {
    for (const l of this.listings.values()) {
      const hit = l.files.find((f) => f.file.url === url);
      if (hit) return hit;
    }
    return undefined;
  }

  // ------------------------------------------------------------------ refresh and patches

  /**
   * Lists the folder again (or everything when no folder is given). `force` (the Refresh command) asks the
   * service even when another window listed moments ago; without it (a new key, a new URL) a listing that
   * recent is reused.
   */
  refresh(folder?: FolderNode, { force = true }: { force?: boolean } = {}): void {
    if (!folder || folder.id === ROOT_ID) {
      if (force) {
        this.forced.add(ROOT_ID);
        for (const id of this.listings.keys()) this.forced.add(id);
      }
      this.listings.clear();
      this.errors.clear();
      this.changed.fire();
      return;
    }
    this.errors.delete(folder.id);
    if (force) this.forced.add(folder.id);
    const shown = this.listings.get(folder.id)?.shown;
    this.listings.delete(folder.id);
    if (shown)
      void this.load(folder, true).then(
        (l) => (l.shown = shown),
        () => undefined,
      );
    this.changed.fire(this.nodeFor(folder));
  }

  /** Shows the next page of a large folder. */
  loadMore(folderId: number): void {
    const listing = this.listings.get(folderId);
    if (!listing) return;
    listing.shown += this.deps.pageSize();
    this.changed.fire(this.nodeFor(listing.folder));
  }

  addUploaded(folderId: number, uploaded: UploadedFile[], now = new Date()): void {
    const listing = this.listings.get(folderId);
    if (!listing) return;
    for (const u of uploaded) {
      if (listing.files.some((f) => f.file.url === u.url)) continue;
      listing.files.push(fileNode(listing.folder, uploadedToItem(u, now)));
    }
    listing.files.sort((a, b) => collator.compare(a.file.filename, b.file.filename));
    this.changed.fire(this.nodeFor(listing.folder));
  }

  /**
   * A folder just made by folder/mkdir.cgi: added to its parent's listing, and known to be empty, so opening
   * it needs no listing (the core marked its parent's cached listing stale, and a new listing would wait
   * for the parent's 30 s budget).
   */
  addFolder(parentId: number, created: { folderId: number; name: string }): FolderNode | undefined {
    const node = this.insertFolder(parentId, {
      id: created.folderId,
      name: created.name,
      createDate: '',
      createDateUtc: '',
      passwordProtected: false,
    });
    if (node && !this.listings.has(node.id))
      this.listings.set(node.id, { folder: node, folders: [], files: [], shown: this.deps.pageSize() });
    return node;
  }

  private insertFolder(parentId: number, sub: SubFolder): FolderNode | undefined {
    const listing = this.listings.get(parentId);
    const parent = this.folders.get(parentId);
    if (!parent) return undefined;
    const node = this.folderNode(parent, sub);
    if (listing && !listing.folders.some((f) => f.id === node.id)) {
      listing.folders.push(node);
      listing.folders.sort((a, b) => collator.compare(a.name, b.name));
      this.changed.fire(this.nodeFor(listing.folder));
    }
    return node;
  }

  removeFiles(urls: readonly string[]): void {
    const gone = new Set(urls);
    for (const l of this.listings.values()) {
      const before = l.files.length;
      l.files = l.files.filter((f) => !gone.has(f.file.url));
      if (l.files.length !== before) this.changed.fire(this.nodeFor(l.folder));
    }
  }

  removeFolder(id: number): void {
    const node = this.folders.get(id);
    this.listings.delete(id);
    if (node?.parentId === null || node === undefined) return;
    const parent = this.listings.get(node.parentId);
    if (parent) {
      parent.folders = parent.folders.filter((f) => f.id !== id);
      this.changed.fire(this.nodeFor(parent.folder));
    }
    this.folders.delete(id);
  }

  /** Replaces a file's item (rename, attributes, or a move that changed its URL). */
  updateFile(oldUrl: string, patch: Partial<FileItem>): void {
    for (const l of this.listings.values()) {
      const hit = l.files.find((f) => f.file.url === oldUrl);
      if (!hit) continue;
      hit.file = { ...hit.file, ...patch };
      l.files.sort((a, b) => collator.compare(a.file.filename, b.file.filename));
      this.changed.fire(this.nodeFor(l.folder));
    }
  }

  /** Adds a file to a folder's cached listing (after a move or copy). */
  addFile(folderId: number, item: FileItem): void {
    const listing = this.listings.get(folderId);
    if (!listing || listing.files.some((f) => f.file.url === item.url)) return;
    listing.files.push(fileNode(listing.folder, item));
    listing.files.sort((a, b) => collator.compare(a.file.filename, b.file.filename));
    this.changed.fire(this.nodeFor(listing.folder));
  }

  /**
   * A folder renamed: its node and its descendants' paths change in place. Their loaded listings are kept:
   * the core marked every cached folder listing stale after the rename, so listing them again would wait
   * for each folder's 30 s budget while the tree shows a spinner.
   */
  renameFolder(id: number, name: string): void {
    const node = this.folders.get(id);
    if (!node || node.parentId === null) return;
    node.name = name;
    this.rebasePaths(node);
    const parentListing = this.listings.get(node.parentId);
    if (parentListing) parentListing.folders.sort((a, b) => collator.compare(a.name, b.name));
    this.changed.fire(parentListing ? this.nodeFor(parentListing.folder) : undefined);
  }

  /** A folder moved: it leaves its old parent's listing and joins the new one's, with its contents kept. */
  moveFolder(id: number, destId: number): void {
    const node = this.folders.get(id);
    const dest = this.folders.get(destId);
    if (!node || node.parentId === null) return;
    const oldParent = this.listings.get(node.parentId);
    if (oldParent) {
      oldParent.folders = oldParent.folders.filter((f) => f.id !== id);
      this.changed.fire(this.nodeFor(oldParent.folder));
    }
    if (!dest) {
      // The destination was never loaded: the folder shows when it is, from that listing.
      this.forgetBelow(id);
      this.folders.delete(id);
      return;
    }
    node.parentId = destId;
    this.rebasePaths(node);
    const destListing = this.listings.get(destId);
    if (destListing && !destListing.folders.includes(node)) {
      destListing.folders = destListing.folders.filter((f) => f.id !== id);
      destListing.folders.push(node);
      destListing.folders.sort((a, b) => collator.compare(a.name, b.name));
      this.changed.fire(this.nodeFor(destListing.folder));
    }
  }

  /** Recomputes the paths of a folder and everything below it (nodes and loaded file nodes) from their parents. */
  private rebasePaths(top: FolderNode): void {
    const affected = [top, ...[...this.folders.values()].filter((f) => f !== top && this.isBelow(f, top.id))];
    // Parents before children, so each path is built from an already updated parent path.
    affected.sort((a, b) => this.depth(a) - this.depth(b));
    for (const f of affected) {
      const parent = f.parentId === null ? undefined : this.folders.get(f.parentId);
      if (parent) f.path = joinPath(parent.path, f.name);
      const listing = this.listings.get(f.id);
      if (listing) for (const file of listing.files) file.folderPath = f.path;
    }
  }

  private depth(f: FolderNode): number {
    let n = 0;
    for (let p = f.parentId; p !== null; p = this.folders.get(p)?.parentId ?? null) n++;
    return n;
  }

  private forgetBelow(id: number): void {
    for (const [fid, f] of this.folders) {
      if (fid !== id && this.isBelow(f, id)) {
        this.listings.delete(fid);
      }
    }
    this.listings.delete(id);
  }

  private isBelow(f: FolderNode, ancestorId: number): boolean {
    let p = f.parentId;
    while (p !== null) {
      if (p === ancestorId) return true;
      p = this.folders.get(p)?.parentId ?? null;
    }
    return false;
  }

  /** The node to fire a change for (undefined, the whole tree, for the root); shares the patched listing. */
  private nodeFor(folder: FolderNode): FolderNode | undefined {
    const listing = this.listings.get(folder.id);
    if (listing && this.deps.shared) void this.deps.shared.publish(folder.id, toFolderListing(listing));
    return folder.id === ROOT_ID ? undefined : folder;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** A cached listing back in the core's shape, to share it with other windows. */
function toFolderListing(l: Listing): FolderListing {
  return {
    folderId: l.folder.id,
    name: l.folder.name,
    size: null,
    fileCount: l.files.length,
    subFolders: l.folders.map((f) => ({
      id: f.id,
      name: f.name,
      createDate: f.createDate ?? '',
      createDateUtc: f.createDateUtc ?? '',
      passwordProtected: f.passwordProtected,
    })),
    items: l.files.map((f) => f.file),
  };
}

function fileNode(folder: FolderNode, f: FileItem): FileNode {
  return { type: 'file', folderId: folder.id, folderPath: folder.path, file: f };
}

/** What a freshly uploaded file looks like in a listing (the service lists it a little later). */
export function uploadedToItem(u: UploadedFile, now: Date): FileItem {
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

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

function escapeCode(s: string): string {
  return s.replace(/`/g, "'");
}
