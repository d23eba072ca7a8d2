/**
 * The upload queue. Each job (one user action: some files, whole folders) waits for a free slot, finds or
 * creates the local folder tree under the target folder, then sends its files in a few multipart requests
 * (many small files share one request, so a folder of 200 files costs a handful of API calls, not hundreds;
 * the core's pacer paces whatever calls remain). Every file goes through the core's uploadWithConflictPolicy
 * with one folder index per job (each folder listed once per job): a file whose name is already taken in its
 * folder, at the top or in a sub-folder, gets the job's choice (replace, keep both, skip), asked once. Old
 * copies are removed inside the job, after their replacement is stored. A cancelled or failed job removes
 * the folders it created that ended up without any uploaded file, so nothing half-done stays behind; files
 * that finished are whole and kept. Free of the editor API so it can be tested directly.
 */
import type {
  FileItem,
  IfExists,
  OneFichierClient,
  Reason,
  ReplacedLinkStore,
  ReservedNamePolicy,
  UploadedFile,
  UploadSource,
} from '@onefichier/core';
import type * as Core from '@onefichier/core';
import { MAX_FILE_SIZE, formatSize, showControls, skippedFor, storedFileName } from '@onefichier/core';
import { englishCount, joinPath } from '../format';
import { gatheredEndpoints } from './gathered';

/** One local file to send, with its folder path relative to the upload target. */
export interface LocalUploadItem {
  source: UploadSource;
  /** Sub-folders (relative to the target) to recreate, outermost first; [] for the target itself. */
  relativeDir: string[];
  /** Where it came from, for messages. */
  localPath: string;
}

interface UploadTarget {
  id: number;
  path: string;
}

/** A file of the job whose name is already taken in the folder it goes to. */
export interface ExistingName {
  localPath: string;
  /** Where it would go, e.g. /project/src/main.ts. */
  remotePath: string;
}

/** What to do with the files whose name is taken: undefined when the user declined to choose (the job stops). */
export type ChooseIfExists = (existing: ExistingName[]) => Promise<IfExists | undefined>;

export interface UploadJob {
  target: UploadTarget;
  items: LocalUploadItem[];
  /** Files the collector already refused (empty, unreadable...), reported with the outcome. */
  skipped?: SkippedItem[];
  /** The choice for files whose name is taken, or who to ask (once per job, when the first is met). */
  ifExists: IfExists | ChooseIfExists;
  /** Where a replacement records the old link → new link. */
  replacedLinks?: ReplacedLinkStore;
}

export interface SkippedItem {
  localPath: string;
  /** In English, for the log. */
  reason: string;
  /** The reason as a code, for the user's language (the core's reasonText). */
  why: Reason;
}

export interface UploadedItem {
  folderId: number;
  folderPath: string;
  file: UploadedFile;
  /** The older copies of that name it replaced (removed), with their sizes. */
  replaced: { url: string; size: number }[];
}

export interface UploadOutcome {
  uploaded: UploadedItem[];
  skipped: SkippedItem[];
  /** Things to pass on although the files were stored (old copies that could not be removed). */
  warnings: string[];
  /** Folders created by this job and still there. */
  createdFolders: { id: number; path: string }[];
  /** Folders this job created and removed again after a cancel or failure. */
  cleanedUp: string[];
  status: 'done' | 'cancelled' | 'failed';
  error?: unknown;
}

export interface ProgressSink {
  /** `increment` is in percent of the whole job, as VS Code's progress API wants it. */
  report(update: { message?: string; increment?: number }): void;
}

/** What a job needs of a folder: its sub-folders and files. */
export interface FolderContentsListing {
  subFolders: { id: number; name: string }[];
  files: FileItem[];
}

/** The core's rules for a name already taken, which bring the Whirlpool hashing with them. */
export type ConflictRules = Pick<typeof Core, 'uploadWithConflictPolicy' | 'FolderFileIndex'>;

export interface UploadQueueDeps {
  client(): Promise<OneFichierClient>;
  /** The conflict rules from the backend bundle, loaded with the client, so that activation stays light. */
  conflicts(): ConflictRules;
  /** A folder's sub-folders and files: the tree's loaded listing when it has one, else one listing. */
  listing(folderId: number): Promise<FolderContentsListing>;
  concurrency(): number;
  /** A folder the job made (`created`), or found made meanwhile by someone else, for the tree to show. */
  onFolderAdded?(parentId: number, folder: { folderId: number; name: string; created: boolean }): void;
  onFolderRemoved?(id: number): void;
  onUploaded?(folderId: number, files: UploadedFile[]): void;
  /** Why a file or folder name cannot be used on 1fichier (the core's rule), or undefined. */
  nameIssue?(name: string): Reason | undefined;
  log?(message: string): void;
  /** The progress messages in the user's language (extension.ts passes them through l10n); English by default. */
  progressTexts?: UploadProgressTexts;
}

/** What the progress of a job says, as whole phrases with their counts. */
export interface UploadProgressTexts {
  creatingFolder(path: string): string;
  filesUploaded(done: number, total: number): string;
  queuedBehind(uploads: number): string;
  /** The file being sent: its name, its place among `count`, and the bytes sent of the job's. */
  sending(file: string, n: number, count: number, sentBytes: number, totalBytes: number): string;
}

const ENGLISH_PROGRESS: UploadProgressTexts = {
  creatingFolder: (path) => `creating folder ${path}`,
  filesUploaded: (done, total) => `${englishCount(done, 'file')} of ${total} uploaded`,
  queuedBehind: (uploads) => `queued behind ${englishCount(uploads, 'upload')}`,
  sending: (file, n, count, sent, total) => `${file} (${n}/${count}) · ${formatSize(sent)} of ${formatSize(total)}`,
};

/** Requests are kept well under the service's 500 files / 500 GB so a retry re-sends little. */
const MAX_FILES_PER_REQUEST = 50;
const MAX_BYTES_PER_REQUEST = 256 * 1024 * 1024;

/**
 * The policy when no file of the job had its name taken when its folder was listed: every policy then just
 * uploads, and keeping both needs no per-name lock in the index.
 */
const NOTHING_TAKEN: IfExists = 'keepBoth';

type CreatedFolder = { id: number; path: string; parentId: number };

export class UploadQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly texts: UploadProgressTexts;

  constructor(private readonly deps: UploadQueueDeps) {
    this.texts = deps.progressTexts ?? ENGLISH_PROGRESS;
  }

  /** Jobs waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  async run(job: UploadJob, progress: ProgressSink, signal: AbortSignal): Promise<UploadOutcome> {
    const outcome: UploadOutcome = {
      uploaded: [],
      skipped: [...(job.skipped ?? [])],
      warnings: [],
      createdFolders: [],
      cleanedUp: [],
      status: 'done',
    };
    try {
      await this.acquire(progress, signal);
    } catch (e) {
      return { ...outcome, status: 'cancelled', error: e };
    }
    const created: CreatedFolder[] = [];
    try {
      await this.execute(job, progress, signal, outcome, created);
    } catch (e) {
      outcome.status = signal.aborted || isCancelled(e) ? 'cancelled' : 'failed';
      outcome.error = e;
      await this.cleanUp(created, outcome);
    } finally {
      this.release();
    }
    outcome.createdFolders = created.filter((c) => !outcome.cleanedUp.includes(c.path)).map(({ id, path }) => ({ id, path }));
    return outcome;
  }

  private async execute(
    job: UploadJob,
    progress: ProgressSink,
    signal: AbortSignal,
    outcome: UploadOutcome,
    created: CreatedFolder[],
  ): Promise<void> {
    const items: LocalUploadItem[] = [];
    for (const item of job.items) {
      const why = itemProblem(item, this.deps.nameIssue);
      if (why) outcome.skipped.push(skippedFor({ localPath: item.localPath }, why));
      else items.push(item);
    }
    if (items.length === 0) return;
    const client = await this.deps.client();
    const { FolderFileIndex, uploadWithConflictPolicy } = this.deps.conflicts();
    throwIfAborted(signal);
    const policy = client.reservedNames;
    const pathOf = (dir: string) => (dir === '' ? job.target.path : joinPath(job.target.path, dir));

    // One listing per folder for the whole job: the folder lookups and the index share it.
    const listings = new Map<number, Promise<FolderContentsListing>>();
    const listingOf = (folderId: number): Promise<FolderContentsListing> => {
      let listed = listings.get(folderId);
      if (!listed) {
        listed = this.deps.listing(folderId);
        listings.set(folderId, listed);
        listed.catch(() => listings.delete(folderId));
      }
      return listed;
    };
    const createdIds = new Set<number>();
    // A folder this job created is empty: no need to spend a listing on it.
    const index = new FolderFileIndex({
      listFiles: async (opts) => {
        const folderId = typeof opts?.folderId === 'number' ? opts.folderId : 0;
        const files = createdIds.has(folderId) ? [] : (await listingOf(folderId)).files;
        return { count: files.length, items: files };
      },
    });

    // 1. The folders that exist already, outermost first; below a missing folder nothing is looked up.
    const folderIds = new Map<string, number>([['', job.target.id]]);
    const missing: string[] = [];
    for (const dir of allDirs(items)) {
      throwIfAborted(signal);
      const parentId = folderIds.get(parentDir(dir));
      const existing = parentId === undefined ? undefined : (await listingOf(parentId)).subFolders.find((f) => f.name === lastName(dir));
      if (existing) folderIds.set(dir, existing.id);
      else missing.push(dir);
    }

    // 2. The job's choice for names already taken, asked when the first is found.
    let ifExists = typeof job.ifExists === 'string' ? job.ifExists : undefined;
    const chooseFor = async (dirs: readonly string[]): Promise<void> => {
      if (ifExists !== undefined || typeof job.ifExists === 'string') return;
      const taken: ExistingName[] = [];
      for (const item of items) {
        const dir = item.relativeDir.join('/');
        const folderId = folderIds.get(dir);
        if (folderId === undefined || !dirs.includes(dir)) continue;
        const stored = storedFileName(item.source.name, policy);
        if ((await index.files(folderId, signal)).some((f) => f.filename === stored))
          taken.push({ localPath: item.localPath, remotePath: joinPath(pathOf(dir), stored as string) });
      }
      if (taken.length === 0) return;
      ifExists = await job.ifExists(taken);
      if (ifExists === undefined) throw cancelled();
    };
    await chooseFor([...folderIds.keys()]);

    // 3. The missing folders, through the core's create-or-reuse: one made meanwhile elsewhere is used.
    const reused: string[] = [];
    for (const dir of missing) {
      throwIfAborted(signal);
      const parentId = folderIds.get(parentDir(dir)) as number;
      const name = lastName(dir);
      progress.report({ message: this.texts.creatingFolder(pathOf(dir)) });
      // Not aborted half-way: a folder the server made but whose id we never heard of could not be cleaned up.
      const made = await client.createFolderOrReuse(name, parentId);
      folderIds.set(dir, made.folderId);
      this.deps.onFolderAdded?.(parentId, { folderId: made.folderId, name, created: made.created });
      if (!made.created) {
        reused.push(dir);
        continue;
      }
      createdIds.add(made.folderId);
      created.push({ id: made.folderId, path: pathOf(dir), parentId });
    }
    await chooseFor(reused);
    const chosen = ifExists ?? NOTHING_TAKEN;

    // 4. Files, grouped by destination folder, in requests of bounded size.
    const total = items.reduce((n, i) => n + i.source.size, 0);
    let doneBytes = 0;
    let reportedPercent = 0;
    const report = (bytes: number, message: string) => {
      const percent = total > 0 ? (bytes / total) * 100 : 100;
      const increment = Math.max(0, percent - reportedPercent);
      reportedPercent = Math.max(reportedPercent, percent);
      progress.report({ message, increment });
    };
    let filesDone = 0;
    for (const batch of makeBatches(items, policy)) {
      throwIfAborted(signal);
      const folderId = folderIds.get(batch.dir) as number;
      const folderPath = pathOf(batch.dir);
      // The sizes of the copies a replacement may remove, for the account's storage figure.
      const sizeOf = new Map(chosen === 'keepBoth' ? [] : (await index.files(folderId, signal)).map((f) => [f.url, f.size]));
      const { endpointsOf, done } = gatheredEndpoints(client, {
        members: batch.items.length,
        folderId,
        signal,
        onProgress: (p) => {
          const n = filesDone + Math.min(batch.items.length, 1 + batch.items.findIndex((i) => i.source.name === p.file));
          const sent = doneBytes + p.bytesSent;
          report(sent, this.texts.sending(p.file, n, items.length, sent, total));
        },
      });
      const results = await Promise.allSettled(
        batch.items.map((item, member) =>
          uploadWithConflictPolicy(endpointsOf(member), index, item.source, {
            folderId,
            ifExists: chosen,
            reservedNames: policy,
            signal,
            ...(job.replacedLinks ? { replacedLinks: job.replacedLinks } : {}),
          }).finally(() => done(member)),
        ),
      );
      const stored: UploadedFile[] = [];
      results.forEach((r, i) => {
        if (r.status === 'rejected') return;
        const item = batch.items[i] as LocalUploadItem;
        const { action, file, removed, warning } = r.value;
        if (warning) outcome.warnings.push(`${file.filename} in ${folderPath}: ${warning}`);
        if (action === 'skipped') {
          outcome.skipped.push(skippedFor({ localPath: item.localPath }, { code: 'already_there', folder: folderPath }));
          return;
        }
        stored.push(file);
        outcome.uploaded.push({ folderId, folderPath, file, replaced: removed.map((url) => ({ url, size: sizeOf.get(url) ?? 0 })) });
      });
      if (stored.length > 0) this.deps.onUploaded?.(folderId, stored);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      doneBytes += batch.bytes;
      filesDone += batch.items.length;
      report(doneBytes, this.texts.filesUploaded(filesDone, items.length));
    }
  }

  /** Removes, deepest first, the folders this job created that hold no uploaded file. */
  private async cleanUp(created: CreatedFolder[], outcome: UploadOutcome): Promise<void> {
    if (created.length === 0) return;
    const used = new Set<number>();
    const parentOf = new Map(created.map((c) => [c.id, c.parentId]));
    for (const u of outcome.uploaded) {
      let id: number | undefined = u.folderId;
      while (id !== undefined) {
        used.add(id);
        id = parentOf.get(id);
      }
    }
    let client: OneFichierClient;
    try {
      client = await this.deps.client();
    } catch {
      return;
    }
    for (const c of [...created].reverse()) {
      if (used.has(c.id)) continue;
      try {
        await client.removeFolder(c.id);
        outcome.cleanedUp.push(c.path);
        this.deps.onFolderRemoved?.(c.id);
      } catch (e) {
        this.deps.log?.(`could not remove the empty folder ${c.path} after the upload stopped: ${(e as Error).message}`);
      }
    }
  }

  private acquire(progress: ProgressSink, signal: AbortSignal): Promise<void> {
    const limit = Math.max(1, Math.min(4, Math.floor(this.deps.concurrency()) || 1));
    if (this.running < limit) {
      this.running++;
      return Promise.resolve();
    }
    progress.report({ message: this.texts.queuedBehind(this.running + this.waiting.length) });
    return new Promise((resolve, reject) => {
      const start = () => {
        signal.removeEventListener('abort', onAbort);
        this.running++;
        resolve();
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(start);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(cancelled());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(start);
    });
  }

  private release(): void {
    this.running--;
    const next = this.waiting.shift();
    if (next) next();
  }
}

interface Batch {
  dir: string;
  items: LocalUploadItem[];
  bytes: number;
}

/**
 * The job's files by folder, in requests of bounded size. Two files that would be stored under one name
 * never share a request: the second would wait for the first's replacement, which waits for the request.
 */
function makeBatches(items: LocalUploadItem[], policy: ReservedNamePolicy): Batch[] {
  const byDir = new Map<string, LocalUploadItem[]>();
  for (const item of items) {
    const dir = item.relativeDir.join('/');
    byDir.set(dir, [...(byDir.get(dir) ?? []), item]);
  }
  const batches: Batch[] = [];
  for (const [dir, list] of byDir) {
    let current: (Batch & { names: Set<string> }) | undefined;
    for (const item of list) {
      const size = item.source.size;
      const name = storedFileName(item.source.name, policy) ?? item.source.name;
      if (
        !current ||
        current.items.length >= MAX_FILES_PER_REQUEST ||
        (current.bytes + size > MAX_BYTES_PER_REQUEST && current.items.length > 0) ||
        current.names.has(name)
      ) {
        current = { dir, items: [], bytes: 0, names: new Set() };
        batches.push(current);
      }
      current.items.push(item);
      current.names.add(name);
      current.bytes += size;
    }
  }
  return batches;
}

/** Every folder the items need, outermost first. */
function allDirs(items: LocalUploadItem[]): string[] {
  const dirs = new Set<string>();
  for (const item of items) for (let i = 1; i <= item.relativeDir.length; i++) dirs.add(item.relativeDir.slice(0, i).join('/'));
  return [...dirs].sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
}

function parentDir(dir: string): string {
  return dir.split('/').slice(0, -1).join('/');
}

function lastName(dir: string): string {
  return dir.split('/').pop() as string;
}

function itemProblem(item: LocalUploadItem, nameIssue?: (name: string) => Reason | undefined): Reason | undefined {
  for (const part of [...item.relativeDir, item.source.name]) {
    const because = nameIssue?.(part);
    if (because) return { code: 'upload_name_unusable', name: showControls(part), because };
  }
  if (item.source.size === 0) return { code: 'empty_file' };
  if (item.source.size > MAX_FILE_SIZE) return { code: 'too_large', size: item.source.size, max: MAX_FILE_SIZE };
  return undefined;
}

function cancelled(): Error {
  const e = new Error('Upload cancelled.');
  e.name = 'AbortError';
  return e;
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw cancelled();
}

function isCancelled(e: unknown): boolean {
  const err = e as { name?: string; kind?: string };
  return err?.name === 'AbortError' || err?.kind === 'cancelled';
}
