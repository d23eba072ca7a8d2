/**
 * The upload queue. Each job (one user action: some files, whole folders) waits for a free slot, recreates
 * the local folder tree under the target folder, then sends its files in a few multipart requests (many small
 * files share one request, so a folder of 200 files costs a handful of API calls, not hundreds; the core's
 * limiter paces whatever calls remain). A cancelled or failed job removes the folders it created that ended
 * up without any uploaded file, so nothing half-done stays behind; files that finished are whole and kept.
 * Free of the editor API so it can be tested directly.
 */
import type { OneFichierClient, UploadedFile, UploadSource } from '@onefichier/core';
import { MAX_FILE_SIZE, formatSize, showControls } from '@onefichier/core';
import { joinPath, plural } from '../format';

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

export interface UploadJob {
  target: UploadTarget;
  items: LocalUploadItem[];
  /** Files the collector already refused (empty, unreadable...), reported with the outcome. */
  skipped?: SkippedItem[];
}

export interface SkippedItem {
  localPath: string;
  reason: string;
}

export interface UploadOutcome {
  uploaded: { folderId: number; folderPath: string; file: UploadedFile }[];
  skipped: SkippedItem[];
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

export interface UploadQueueDeps {
  client(): Promise<OneFichierClient>;
  /** Sub-folders of a folder by name: the tree's cached listing when it has one, else one listing. */
  subFolders(folderId: number): Promise<{ id: number; name: string }[]>;
  concurrency(): number;
  onFolderCreated?(parentId: number, folder: { folderId: number; name: string }): void;
  onFolderRemoved?(id: number): void;
  onUploaded?(folderId: number, files: UploadedFile[]): void;
  /** Why a file or folder name cannot be used on 1fichier (the core's rule), or undefined. */
  nameProblem?(name: string): string | undefined;
  log?(message: string): void;
}

/** Requests are kept well under the service's 500 files / 500 GB so a retry re-sends little. */
const MAX_FILES_PER_REQUEST = 50;
const MAX_BYTES_PER_REQUEST = 256 * 1024 * 1024;

export class UploadQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly deps: UploadQueueDeps) {}

  /** Jobs waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  async run(job: UploadJob, progress: ProgressSink, signal: AbortSignal): Promise<UploadOutcome> {
    const outcome: UploadOutcome = { uploaded: [], skipped: [...(job.skipped ?? [])], createdFolders: [], cleanedUp: [], status: 'done' };
    try {
      await this.acquire(progress, signal);
    } catch (e) {
      return { ...outcome, status: 'cancelled', error: e };
    }
    const created: { id: number; path: string; parentId: number }[] = [];
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
    created: { id: number; path: string; parentId: number }[],
  ): Promise<void> {
    const items: LocalUploadItem[] = [];
    for (const item of job.items) {
      const reason = itemProblem(item, this.deps.nameProblem);
      if (reason) outcome.skipped.push({ localPath: item.localPath, reason });
      else items.push(item);
    }
    if (items.length === 0) return;
    const client = await this.deps.client();
    throwIfAborted(signal);

    // 1. Folders, outermost first: reuse one with the same name, create the others.
    const folderIds = new Map<string, number>([['', job.target.id]]);
    const dirs = [...new Set(items.map((i) => i.relativeDir.join('/')))].filter((d) => d !== '');
    const allDirs = new Set<string>();
    for (const d of dirs) {
      const parts = d.split('/');
      for (let i = 1; i <= parts.length; i++) allDirs.add(parts.slice(0, i).join('/'));
    }
    const createdIds = new Set<number>();
    for (const dir of [...allDirs].sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b))) {
      throwIfAborted(signal);
      const parts = dir.split('/');
      const name = parts[parts.length - 1] as string;
      const parentId = folderIds.get(parts.slice(0, -1).join('/')) as number;
      // A folder this job just created is empty: no need to spend a listing on it.
      const existing = createdIds.has(parentId) ? undefined : (await this.deps.subFolders(parentId)).find((f) => f.name === name);
      if (existing) {
        folderIds.set(dir, existing.id);
        continue;
      }
      progress.report({ message: `creating folder ${joinPath(job.target.path, dir)}` });
      // Not aborted half-way: a folder the server made but whose id we never heard of could not be cleaned up.
      const made = await client.createFolder(name, parentId);
      folderIds.set(dir, made.folderId);
      createdIds.add(made.folderId);
      created.push({ id: made.folderId, path: joinPath(job.target.path, dir), parentId });
      this.deps.onFolderCreated?.(parentId, made);
    }

    // 2. Files, grouped by destination folder, in requests of bounded size.
    const total = items.reduce((n, i) => n + i.source.size, 0);
    let doneBytes = 0;
    let reportedPercent = 0;
    const report = (bytes: number, message: string) => {
      const percent = total > 0 ? (bytes / total) * 100 : 100;
      const increment = Math.max(0, percent - reportedPercent);
      reportedPercent = Math.max(reportedPercent, percent);
      progress.report({ message, increment });
    };
    const batches = makeBatches(items, folderIds);
    let filesDone = 0;
    for (const batch of batches) {
      throwIfAborted(signal);
      const folderPath = joinPath(job.target.path, batch.dir).replace(/\/$/, '') || '/';
      const uploaded = await client.upload(
        batch.items.map((i) => i.source),
        {
          folderId: batch.folderId,
          signal,
          onProgress: (p) => {
            const index = filesDone + Math.min(batch.items.length, 1 + batch.items.findIndex((i) => i.source.name === p.file));
            report(
              doneBytes + p.bytesSent,
              `${p.file} (${index}/${items.length}) · ${formatSize(doneBytes + p.bytesSent)} of ${formatSize(total)}`,
            );
          },
        },
      );
      doneBytes += batch.bytes;
      filesDone += batch.items.length;
      for (const file of uploaded)
        outcome.uploaded.push({ folderId: batch.folderId, folderPath: batch.dir ? folderPath : job.target.path, file });
      this.deps.onUploaded?.(batch.folderId, uploaded);
      report(doneBytes, `${plural(filesDone, 'file')} of ${items.length} uploaded`);
    }
  }

  /** Removes, deepest first, the folders this job created that hold no uploaded file. */
  private async cleanUp(created: { id: number; path: string; parentId: number }[], outcome: UploadOutcome): Promise<void> {
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
    progress.report({ message: `queued behind ${plural(this.running + this.waiting.length, 'upload')}` });
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
  folderId: number;
  dir: string;
  items: LocalUploadItem[];
  bytes: number;
}

function makeBatches(items: LocalUploadItem[], folderIds: Map<string, number>): Batch[] {
  const byDir = new Map<string, LocalUploadItem[]>();
  for (const item of items) {
    const dir = item.relativeDir.join('/');
    byDir.set(dir, [...(byDir.get(dir) ?? []), item]);
  }
  const batches: Batch[] = [];
  for (const [dir, list] of byDir) {
    let current: Batch | undefined;
    for (const item of list) {
      const size = item.source.size;
      if (
        !current ||
        current.items.length >= MAX_FILES_PER_REQUEST ||
        (current.bytes + size > MAX_BYTES_PER_REQUEST && current.items.length > 0)
      ) {
        current = { folderId: folderIds.get(dir) as number, dir, items: [], bytes: 0 };
        batches.push(current);
      }
      current.items.push(item);
      current.bytes += size;
    }
  }
  return batches;
}

function itemProblem(item: LocalUploadItem, nameProblem?: (name: string) => string | undefined): string | undefined {
  for (const part of [...item.relativeDir, item.source.name]) {
    const problem = nameProblem?.(part);
    if (problem) return `the name "${showControls(part)}" cannot be used: ${problem}; rename it locally and upload again`;
  }
  if (item.source.size === 0) return '1fichier does not store empty (0-byte) files';
  if (item.source.size > MAX_FILE_SIZE)
    return `it is ${formatSize(item.source.size)}; 1fichier accepts files up to ${formatSize(MAX_FILE_SIZE)}`;
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
