/**
 * Runs a sync plan (plan.ts) without listing anything again: folders first, then the files folder by folder
 * in a few multipart requests each, the old copy of a replaced file removed only once its new copy is
 * confirmed by end.pl, then the removals. Nothing is lost when it stops half-way: a replaced file has two
 * copies at worst, and the next plan keeps the one that matches and removes the other. A failure that only
 * concerns some files (a name refused, a checksum mismatch) is reported and the rest goes on; one that
 * concerns the account or the connection (auth, flood lock, network, cancel) stops the run.
 */
import { OneFichierError, isOneFichierError, rewordError, throwIfAborted, type ErrorKind } from '../errors';
import { encodeFileName } from '../names';
import { formatSize } from '../sizes';
import type { UploadedFile } from '../types';
import type { SyncEndpoints } from './remote';
import type { PlannedRemoval, PlannedReplacement, PlannedUpload, SyncEvent, SyncPlan, SyncReport } from './types';

export interface RunSyncOptions {
  signal?: AbortSignal;
  onEvent?: (e: SyncEvent) => void;
}

/**
 * Kinds that stop a folder job (sync, folder download): the next file would meet them too. A data-centre
 * refusal (cdn_required) would meet every file's get_token, the endpoint with the tightest limits.
 */
const FATAL: ReadonlySet<ErrorKind> = new Set([
  'auth',
  'not_premium',
  'cdn_required',
  'rate_limited',
  'locked',
  'cancelled',
  'network',
  'server',
]);

/** True for a failure that concerns the account or the connection rather than one file. */
export function stopsTheRun(e: unknown): boolean {
  return !isOneFichierError(e) || FATAL.has(e.kind);
}
/** Requests are kept well under the service's 500 files / 500 GB (limits.ts) so that a failed one re-sends little. */
const MAX_FILES_PER_REQUEST = 50;
const MAX_BYTES_PER_REQUEST = 256 * 1024 * 1024;
/** file/rm.cgi takes a list; batches of 100 as removeFolderRecursive sends them (paths.ts). */
const REMOVE_BATCH = 100;

type Item = PlannedUpload & { replaces: PlannedReplacement['replaces'] };

export async function runSyncPlan(api: SyncEndpoints, plan: SyncPlan, opts: RunSyncOptions = {}): Promise<SyncReport> {
  const { signal } = opts;
  const emit = (e: SyncEvent) => opts.onEvent?.(e);
  const call = signal ? { signal } : {};
  const ids = new Map(plan.folderIds);
  const report: SyncReport = {
    uploaded: [],
    replaced: [],
    removed: [],
    createdFolders: [],
    removedFolders: [],
    failed: [],
    skipped: [...plan.skipped],
    warnings: [...plan.warnings],
    remoteFolderId: plan.remoteFolderId ?? -1,
  };
  /** A failure of some files: reported, and the run goes on; any other is thrown with what was done so far. */
  const failed = (path: string, e: unknown): void => {
    if (!isOneFichierError(e) || stopsTheRun(e)) throw e;
    report.failed.push({ path, error: e });
    emit({ type: 'failed', path, error: e, message: `${path || 'The folder'}: ${e.message}` });
  };

  try {
    // 1. Folders, outermost first.
    for (const folder of plan.createFolders) {
      throwIfAborted(signal);
      const cut = folder.storedPath.lastIndexOf('/');
      const parentId =
        folder.storedPath === ''
          ? 'parentId' in plan.target
            ? plan.target.parentId
            : undefined
          : ids.get(cut < 0 ? '' : folder.storedPath.slice(0, cut));
      const name =
        folder.path === '' ? ('name' in plan.target ? plan.target.name : '') : folder.path.slice(folder.path.lastIndexOf('/') + 1);
      if (parentId === undefined) continue; // its parent could not be created: reported there
      try {
        const made = await api.createFolder(name, parentId, { reservedNames: plan.reservedNames, ...call });
        ids.set(folder.storedPath, made.folderId);
        report.createdFolders.push(folder.path);
        emit({
          type: 'folder-created',
          path: folder.path,
          folderId: made.folderId,
          parentId,
          name: made.name,
          message: `Created the folder ${folder.path || name}.`,
        });
      } catch (e) {
        // Without the destination itself nothing can go on.
        if (folder.storedPath === '') throw e;
        failed(folder.path, e);
      }
    }
    report.remoteFolderId = ids.get('') as number;

    // 2. Files, folder by folder, in bounded requests; old copies of replaced files go once the new ones are confirmed.
    const total = plan.summary.bytes;
    const sentName = (name: string) => (plan.reservedNames === 'encode' ? encodeFileName(name) : name);
    let done = 0;
    for (const batch of batches([...plan.uploads.map((u) => ({ ...u, replaces: [] })), ...plan.replacements])) {
      throwIfAborted(signal);
      const bytes = batch.reduce((n, i) => n + i.file.size, 0);
      const folderId = ids.get(batch[0]!.storedDir);
      if (folderId === undefined) {
        for (const item of batch) failed(item.path, folderMissing(item.path));
        done += bytes;
        continue;
      }
      const sent = await uploadBatch(batch, failed, (items) =>
        api.upload(
          items.map((i) => i.file.source),
          {
            folderId,
            reservedNames: plan.reservedNames,
            ...call,
            onProgress: (p) => {
              // Progress names the file as it is sent (its stored name).
              const item = items.find((i) => sentName(i.file.source.name) === p.file) ?? items[0]!;
              emit({
                type: 'uploading',
                path: item.path,
                bytesDone: done + p.bytesSent,
                bytesTotal: total,
                message: `Uploading ${item.path}: ${formatSize(done + p.bytesSent)} of ${formatSize(total)}.`,
              });
            },
          },
        ),
      );
      done += bytes;
      if (!sent) continue;
      sent.forEach(({ item, file }) => {
        if (item.replaces.length === 0) report.uploaded.push({ path: item.path, file });
        emit({
          type: 'uploaded',
          path: item.path,
          file,
          replaced: item.replaces.length > 0,
          bytesDone: done,
          bytesTotal: total,
          message: `Uploaded ${item.path}.`,
        });
      });
      await removeReplaced(
        api,
        sent.filter((x) => x.item.replaces.length > 0),
        report,
        failed,
        emit,
        signal,
      );
    }

    // 3. Extra copies and, when asked, files absent locally.
    for (let i = 0; i < plan.removals.length; i += REMOVE_BATCH) {
      throwIfAborted(signal);
      const chunk = plan.removals.slice(i, i + REMOVE_BATCH);
      try {
        await api.removeFiles(
          chunk.map((r) => r.file.url),
          call,
        );
      } catch (e) {
        for (const r of chunk) failed(r.path, e);
        continue;
      }
      for (const r of chunk) removed(r, report, emit);
    }

    // 4. Folders absent locally, deepest first. A folder just emptied may still look full to the service (its
    // listings lag, docs/api-notes.md#listings-and-dates): it stays for the next run.
    for (const folder of plan.removeFolders) {
      throwIfAborted(signal);
      try {
        await api.removeFolder(folder.id, call);
        report.removedFolders.push(folder.path);
        emit({ type: 'folder-removed', path: folder.path, folderId: folder.id, message: `Removed the folder ${folder.path}.` });
      } catch (e) {
        if (isOneFichierError(e) && !stopsTheRun(e))
          report.warnings.push(`${folder.path}: the folder could not be removed yet (${e.message}); the next sync tries again.`);
        else throw e;
      }
    }
  } catch (e) {
    if (!isOneFichierError(e)) throw e;
    throw rewordError(e, { details: { ...e.details, done: counts(report) } });
  }
  return report;
}

/** The numbers of what a run did, for a message or an error's details. */
function counts(report: SyncReport): Record<string, number> {
  return {
    uploaded: report.uploaded.length,
    replaced: report.replaced.length,
    removed: report.removed.length,
    createdFolders: report.createdFolders.length,
    removedFolders: report.removedFolders.length,
    failed: report.failed.length,
  };
}

/**
 * Uploads one request's files, each with its result; undefined when the request failed (its files are
 * reported). A file that changed since the plan stops the request before anything is stored (node/files.ts):
 * it fails alone, the copy it was to replace stays, and the others are sent again without it.
 */
async function uploadBatch(
  batch: Item[],
  failed: (path: string, e: unknown) => void,
  send: (items: Item[]) => Promise<UploadedFile[]>,
): Promise<{ item: Item; file: UploadedFile }[] | undefined> {
  let items = batch;
  for (;;) {
    try {
      const uploaded = await send(items);
      return items.map((item, i) => ({ item, file: uploaded[i] as UploadedFile }));
    } catch (e) {
      const changed = changedItem(items, e);
      if (!changed) {
        for (const item of items) failed(item.path, e);
        return undefined;
      }
      failed(changed.path, e);
      items = items.filter((i) => i !== changed);
      if (items.length === 0) return undefined;
    }
  }
}

/** The one file of a request an upload error names as changed since it was measured, if any. */
function changedItem(items: Item[], e: unknown): Item | undefined {
  const name = isOneFichierError(e) ? e.details?.changedFile : undefined;
  if (typeof name !== 'string') return undefined;
  const named = items.filter((i) => i.file.source.name === name);
  return named.length === 1 ? named[0] : undefined;
}

async function removeReplaced(
  api: SyncEndpoints,
  done: { item: Item; file: UploadedFile }[],
  report: SyncReport,
  failed: (path: string, e: unknown) => void,
  emit: (e: SyncEvent) => void,
  signal: AbortSignal | undefined,
): Promise<void> {
  for (let i = 0; i < done.length; i += REMOVE_BATCH) {
    const chunk = done.slice(i, i + REMOVE_BATCH);
    const urls = chunk.flatMap((d) => d.item.replaces.map((r) => r.url));
    try {
      // Not cancelled half-way: the new copies are confirmed, and leaving the old ones would keep two copies.
      await api.removeFiles(urls);
    } catch (e) {
      for (const d of chunk) {
        report.replaced.push({ path: d.item.path, file: d.file, removed: [] });
        const why = isOneFichierError(e) ? e.message : String(e);
        failed(
          d.item.path,
          new OneFichierError({
            kind: isOneFichierError(e) ? e.kind : 'api',
            message: `The new copy was uploaded, but the old one could not be removed (${why}); the next sync removes it.`,
          }),
        );
      }
      continue;
    }
    for (const d of chunk) {
      const removedUrls = d.item.replaces.map((r) => r.url);
      report.replaced.push({ path: d.item.path, file: d.file, removed: removedUrls });
      for (const url of removedUrls)
        emit({ type: 'removed', path: d.item.path, url, reason: 'replaced', message: `Removed the old copy of ${d.item.path}.` });
    }
  }
  throwIfAborted(signal);
}

function removed(r: PlannedRemoval, report: SyncReport, emit: (e: SyncEvent) => void): void {
  report.removed.push({ path: r.path, url: r.file.url, reason: r.reason });
  emit({
    type: 'removed',
    path: r.path,
    url: r.file.url,
    reason: r.reason,
    message: r.reason === 'duplicate' ? `Removed an extra copy of ${r.path}.` : `Removed ${r.path} (absent locally).`,
  });
}

/** Items grouped by destination folder, then cut into requests of bounded count and size. */
function batches(items: Item[]): Item[][] {
  const byDir = new Map<string, Item[]>();
  for (const item of items) byDir.set(item.storedDir, [...(byDir.get(item.storedDir) ?? []), item]);
  const out: Item[][] = [];
  for (const list of byDir.values()) {
    let current: Item[] = [];
    let bytes = 0;
    for (const item of list) {
      if (current.length > 0 && (current.length >= MAX_FILES_PER_REQUEST || bytes + item.file.size > MAX_BYTES_PER_REQUEST)) {
        out.push(current);
        current = [];
        bytes = 0;
      }
      current.push(item);
      bytes += item.file.size;
    }
    if (current.length > 0) out.push(current);
  }
  return out;
}

function folderMissing(path: string): OneFichierError {
  const cut = path.lastIndexOf('/');
  return new OneFichierError({
    kind: 'api',
    message: `Its folder ${cut < 0 ? '' : path.slice(0, cut)} could not be created, so it was not uploaded.`,
  });
}
