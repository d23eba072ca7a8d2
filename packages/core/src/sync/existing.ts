/**
 * Uploads that know what is already there: keep both (the service's own behaviour: it allows two files of
 * one name in a folder), replace (upload, then remove the old copies once the new one is confirmed), skip,
 * or skip when identical (same size and Whirlpool) and replace otherwise. A FolderFileIndex lists each folder
 * once for its whole life and then follows the changes made through it, so many uploads into one folder (an
 * n8n execution's items) spend one listing, not one each: a second listing of a folder just changed would wait
 * for its 30 s budget (docs/api-notes.md#rate-limits-and-budgets).
 */
import { isOneFichierError } from '../errors';
import { checkName, shownName } from '../names';
import type { ReplacedLinkStore } from '../replaced-links';
import type {
  CallOptions,
  FileItem,
  FileListing,
  ListFilesOptions,
  RemoveFilesResult,
  ReservedNamePolicy,
  UploadedFile,
  UploadOptions,
  UploadSource,
} from '../types';
import { findIdentical, newest, whirlpoolOfSource } from './identical';

export type IfExists = 'keepBoth' | 'replace' | 'skip' | 'skipIfIdentical';

/** The client methods used here (OneFichierClient has them all). */
export interface ExistingFileEndpoints {
  listFiles(opts?: ListFilesOptions): Promise<FileListing>;
  upload(sources: UploadSource | UploadSource[], opts?: UploadOptions): Promise<UploadedFile[]>;
  removeFiles(files: string[], opts?: CallOptions): Promise<RemoveFilesResult>;
  readonly reservedNames: ReservedNamePolicy;
}

/** The files of the folders it was asked about: one file/ls.cgi per folder, then kept up to date by its users. */
export class FolderFileIndex {
  private readonly folders = new Map<number, Promise<FileItem[]>>();
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(private readonly api: Pick<ExistingFileEndpoints, 'listFiles'>) {}

  /** The folder's files (listed on first use; callers at the same time share that listing). */
  async files(folderId: number, signal?: AbortSignal): Promise<readonly FileItem[]> {
    let listed = this.folders.get(folderId);
    if (!listed) {
      listed = this.api.listFiles({ folderId, ...(signal ? { signal } : {}) }).then((l) => [...l.items]);
      this.folders.set(folderId, listed);
      // A failed listing is not kept: the next caller lists again.
      listed.catch(() => this.folders.delete(folderId));
    }
    return listed;
  }

  /** Records a file added to a folder already listed (a folder not listed yet will show it when it is). */
  async added(folderId: number, file: UploadedFile): Promise<void> {
    const listed = this.folders.get(folderId);
    if (!listed) return;
    (await listed).push(listedForm(file));
  }

  /** Records files removed from a folder already listed. */
  async removed(folderId: number, urls: readonly string[]): Promise<void> {
    const listed = this.folders.get(folderId);
    if (!listed) return;
    const items = await listed;
    for (let i = items.length - 1; i >= 0; i--) if (urls.includes((items[i] as FileItem).url)) items.splice(i, 1);
  }

  /** Runs `fn` after any other run for the same key has finished (two items must not replace one file at once). */
  async exclusive<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const before = this.locks.get(key) ?? Promise.resolve();
    const run = before.then(fn, fn);
    const settled = run.catch(() => undefined);
    this.locks.set(key, settled);
    try {
      return await run;
    } finally {
      if (this.locks.get(key) === settled) this.locks.delete(key);
    }
  }
}

export interface ConflictUploadOptions extends CallOptions {
  folderId: number;
  ifExists: IfExists;
  password?: string;
  /** Default: the client's policy. The existing file is looked up under the name the upload would store. */
  reservedNames?: ReservedNamePolicy;
  onProgress?: UploadOptions['onProgress'];
  /** Where a replacement records old → new links, so a dead link can be offered its current one. */
  replacedLinks?: ReplacedLinkStore;
}

export interface ConflictUploadResult {
  action: 'uploaded' | 'replaced' | 'skipped';
  /** The new file, or with `skipped` the file already there (as listed: `removeUrl` is ''). */
  file: UploadedFile;
  /** URLs of the older copies removed (replace). */
  removed: string[];
  /** Something the caller should pass on (old copies that could not be removed). */
  warning?: string;
}

/**
 * Uploads one source into a folder, first checking the files of that name in the index (unless keeping both,
 * which needs no listing). Replacing uploads first and removes the old copies only after the upload is
 * confirmed; if that removal fails, the upload still counts and the warning says which copies remain.
 */
export async function uploadWithConflictPolicy(
  api: ExistingFileEndpoints,
  index: FolderFileIndex,
  source: UploadSource,
  opts: ConflictUploadOptions,
): Promise<ConflictUploadResult> {
  const policy = opts.reservedNames ?? api.reservedNames;
  const call = opts.signal ? { signal: opts.signal } : {};
  const send = async (): Promise<UploadedFile> => {
    const [file] = await api.upload([source], {
      folderId: opts.folderId,
      reservedNames: policy,
      ...(opts.password ? { password: opts.password } : {}),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      ...call,
    });
    await index.added(opts.folderId, file as UploadedFile);
    return file as UploadedFile;
  };
  if (opts.ifExists === 'keepBoth') return { action: 'uploaded', file: await send(), removed: [] };
  // The name it would be stored under, as listings show it (this throws invalid_name as the upload would).
  const stored = shownName(checkName(source.name, policy, 'file name'));
  return index.exclusive(`${opts.folderId}/${stored}`, async () => {
    const copies = (await index.files(opts.folderId, opts.signal)).filter((f) => f.filename === stored);
    if (copies.length > 0 && opts.ifExists === 'skip') return skipped(copies, opts.folderId);
    if (copies.length > 0 && opts.ifExists === 'skipIfIdentical') {
      const match = await findIdentical(source.size, copies, 'whirlpool', () => whirlpoolOfSource(source, opts.signal));
      if (match.same) return skipped([match.same], opts.folderId);
    }
    const file = await send();
    if (copies.length === 0) return { action: 'uploaded', file, removed: [] };
    const urls = copies.map((c) => c.url);
    try {
      await api.removeFiles(urls);
    } catch (e) {
      if (isOneFichierError(e) && e.kind === 'cancelled') throw e;
      const why = e instanceof Error ? e.message : String(e);
      return {
        action: 'uploaded',
        file,
        removed: [],
        warning: `The new file was uploaded, but the older copies could not be removed (${why}): ${urls.join(', ')}.`,
      };
    }
    await index.removed(opts.folderId, urls);
    const replacedAt = new Date().toISOString();
    // The record is a convenience: the result's `removed` says the same, so a record that fails changes nothing here.
    await opts.replacedLinks
      ?.record(urls.map((oldUrl) => ({ oldUrl, newUrl: file.url, filename: file.filename, folderId: opts.folderId, replacedAt })))
      .catch(() => undefined);
    return { action: 'replaced', file, removed: urls };
  });
}

/** The answer for a file left as it is: the newest copy already there (groups/upload.ts answers alike). */
export function skipped(copies: FileItem[], folderId: number): ConflictUploadResult {
  const existing = newest(copies);
  return {
    action: 'skipped',
    file: { url: existing.url, filename: existing.filename, size: existing.size, whirlpool: existing.checksum, folderId, removeUrl: '' },
    removed: [],
  };
}

/** An uploaded file as a listing would show it (its date is not known: ''). */
function listedForm(file: UploadedFile): FileItem {
  return {
    url: file.url,
    filename: file.filename,
    size: file.size,
    date: '',
    dateUtc: '',
    checksum: file.whirlpool,
    contentType: '',
    passwordProtected: false,
    hasAcl: false,
    cdn: false,
  };
}
