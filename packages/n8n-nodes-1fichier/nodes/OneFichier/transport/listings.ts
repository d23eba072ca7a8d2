/**
 * One listing per folder per execution (or trigger poll). Items of one execution often look into the same
 * folder: several paths resolved from the root, several files found By Path in one folder, an upload's name
 * check. The core's answer cache serves a repeat within the folder's 30 s window, but forgets every listing a
 * change could touch (packages/core/src/policy/endpoints.ts): after an item's delete or the folder an upload
 * creates, the next item waits out that window to list the folder again. This client knows what its own
 * changes did, so it patches its listings (a removed file leaves, a created folder joins its parent) and
 * forgets only the ones it cannot patch. Another device's changes meanwhile are not seen until the next
 * execution, as with one listing shared by every item.
 */
import {
  OneFichierClient,
  type CallOptions,
  type CopyFilesResult,
  type CreatedFolder,
  type FileAttributes,
  type FileListing,
  type FolderListing,
  type FolderMoveResult,
  type ListFilesOptions,
  type ListFolderOptions,
  type MoveFilesResult,
  type RemoveFilesResult,
  type SetAttributesResult,
  type UploadedFile,
  type UploadOptions,
  type UploadSource,
} from '@onefichier/core';

type Parameters1<F> = F extends (...args: infer A) => unknown ? A : never;

/** A folder's listing as this execution knows it, and whether it holds the files. */
interface KnownFolder {
  listing: Promise<FolderListing>;
  withFiles: boolean;
}

export class ExecutionClient extends OneFichierClient {
  private readonly folders = new Map<number, KnownFolder>();
  private readonly files = new Map<number, Promise<FileListing>>();

  override listFolder(folderId: number, opts: ListFolderOptions = {}): Promise<FolderListing> {
    if (opts.sharingUser) return super.listFolder(folderId, opts);
    const known = this.folders.get(folderId);
    if (known && (known.withFiles || !opts.includeFiles)) return known.listing;
    const listing = super.listFolder(folderId, opts);
    this.folders.set(folderId, { listing, withFiles: opts.includeFiles === true });
    // A failed listing is not kept: the next caller lists again.
    listing.catch(() => this.folders.get(folderId)?.listing === listing && this.folders.delete(folderId));
    return listing;
  }

  override listFiles(opts: ListFilesOptions = {}): Promise<FileListing> {
    const folderId = opts.folderId ?? 0;
    if (folderId === 'all' || opts.sentBefore || opts.sentAfter || opts.sharingUser) return super.listFiles(opts);
    const known = this.files.get(folderId);
    if (known) return known;
    const listing = super.listFiles(opts);
    this.files.set(folderId, listing);
    listing.catch(() => this.files.get(folderId) === listing && this.files.delete(folderId));
    return listing;
  }

  override async removeFiles(...args: Parameters1<OneFichierClient['removeFiles']>): Promise<RemoveFilesResult> {
    const urls = args[0].map((f) => (typeof f === 'string' ? f : f.url));
    return this.changing(super.removeFiles(...args), (result) => this.withoutFiles(urls.filter((u) => !result.notFound?.includes(u))));
  }

  override moveFiles(...args: Parameters1<OneFichierClient['moveFiles']>): Promise<MoveFilesResult> {
    const [urls, destinationId] = args;
    return this.changing(super.moveFiles(...args), () => {
      this.withoutFiles(urls);
      this.forgetFilesOf(destinationId);
    });
  }

  override copyFiles(...args: Parameters1<OneFichierClient['copyFiles']>): Promise<CopyFilesResult> {
    return this.changing(super.copyFiles(...args), () => this.forgetFilesOf(args[1]));
  }

  override renameFile(...args: Parameters1<OneFichierClient['renameFile']>): ReturnType<OneFichierClient['renameFile']> {
    return this.changing(super.renameFile(...args), () => this.forgetAllFiles());
  }

  override setFileAttributes(
    urls: string[],
    attrs: FileAttributes,
    opts?: Parameters1<OneFichierClient['setFileAttributes']>[2],
  ): Promise<SetAttributesResult> {
    // Listings show names, passwords and descriptions: which folder holds these files is not known here.
    return this.changing(super.setFileAttributes(urls, attrs, opts), () => this.forgetAllFiles());
  }

  override upload(sources: UploadSource[], opts: UploadOptions = {}): Promise<UploadedFile[]> {
    return this.changing(super.upload(sources, opts), () => this.forgetFilesOf(opts.folderId ?? 0));
  }

  override createFolder(name: string, parentId = 0, opts: Parameters1<OneFichierClient['createFolder']>[2] = {}): Promise<CreatedFolder> {
    return this.changing(super.createFolder(name, parentId, opts), (created) => {
      // The new folder is empty, and joins its parent's listing: the next item resolving the same path lists nothing.
      const empty: FolderListing = { folderId: created.folderId, name: created.name, size: 0, fileCount: 0, subFolders: [], items: [] };
      this.folders.set(created.folderId, { listing: Promise.resolve(empty), withFiles: true });
      const known = this.folders.get(parentId);
      if (!known) return;
      known.listing = known.listing.then((l) => ({
        ...l,
        subFolders: [
          ...l.subFolders,
          { id: created.folderId, name: created.name, createDate: '', createDateUtc: '', passwordProtected: false },
        ],
      }));
    });
  }

  override removeFolder(folderId: number, opts: CallOptions = {}): Promise<void> {
    return this.changing(super.removeFolder(folderId, opts), () => this.forgetAll());
  }

  override moveFolder(folderId: number, destinationId: number, opts: CallOptions = {}): Promise<FolderMoveResult> {
    return this.changing(super.moveFolder(folderId, destinationId, opts), () => this.forgetAll());
  }

  override renameFolder(...args: Parameters1<OneFichierClient['renameFolder']>): Promise<FolderMoveResult> {
    return this.changing(super.renameFolder(...args), () => this.forgetAll());
  }

  override removeFolderRecursive(
    ...args: Parameters1<OneFichierClient['removeFolderRecursive']>
  ): ReturnType<OneFichierClient['removeFolderRecursive']> {
    return this.changing(super.removeFolderRecursive(...args), () => this.forgetAll());
  }

  /**
   * Applies `known` once the change succeeded; when it failed, what it did is unknown (a lost answer, a list
   * refused for one file), so every listing it could touch is forgotten.
   */
  private async changing<T>(change: Promise<T>, known: (result: T) => void): Promise<T> {
    // Registered before the await below, so the listings are forgotten before the caller sees the error,
    // which reaches it unchanged.
    void change.catch(() => this.forgetAll());
    const result = await change;
    known(result);
    return result;
  }

  private withoutFiles(urls: readonly string[]): void {
    if (urls.length === 0) return;
    const gone = new Set(urls);
    for (const [id, listing] of this.files) {
      this.files.set(
        id,
        listing.then((l) => {
          const items = l.items.filter((f) => !gone.has(f.url));
          return { ...l, items, count: l.count - (l.items.length - items.length) };
        }),
      );
    }
    for (const known of this.folders.values()) {
      if (!known.withFiles) continue;
      known.listing = known.listing.then((l) => ({ ...l, items: (l.items ?? []).filter((f) => !gone.has(f.url)) }));
    }
  }

  private forgetFilesOf(folderId: number): void {
    this.files.delete(folderId);
    if (this.folders.get(folderId)?.withFiles) this.folders.delete(folderId);
  }

  private forgetAllFiles(): void {
    this.files.clear();
    for (const [id, known] of this.folders) if (known.withFiles) this.folders.delete(id);
  }

  private forgetAll(): void {
    this.files.clear();
    this.folders.clear();
  }
}
