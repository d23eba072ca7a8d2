/**
 * Folder download: a 1fichier folder tree recreated under a local folder. The tree is read with one listing
 * per folder (sync/remote.ts); a file already there with the same size and, when the service gave one, the
 * same Whirlpool is skipped, so a second run fetches only what is missing or different. Each file goes to a
 * hidden temporary name (resumed by the next run if it stops), is checked against the listing's size and
 * Whirlpool, and only then replaces the local file: an interrupted or corrupt download never takes the place
 * of what was there.
 */
import { createReadStream, promises as fsp } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { OneFichierClient } from '../client';
import { OneFichierError, isOneFichierError, throwIfAborted } from '../errors';
import { createWhirlpoolHasher } from '../hash';
import { decodeFileName, localNameIssue } from '../names';
import { skippedFor } from '../reasons';
import { formatSize } from '../sizes';
import { stopsTheRun } from '../sync/execute';
import { newest } from '../sync/identical';
import { childPath, loadRemoteTree } from '../sync/remote';
import type { ListedEvent, SkippedEntry, SyncCompare } from '../sync/types';
import type { FileItem } from '../types';
import { downloadToFile } from './download';

export interface PlannedDownload {
  /** Local path relative to the destination folder ('a/b.txt'). */
  path: string;
  file: FileItem;
  /** A different local file is there now and will be replaced. */
  replaces: boolean;
  /**
   * The hidden name it is written to before it is checked, relative like `path`: a name no file or folder
   * listed in its folder has, so a listed file can never be overwritten by another's temporary copy.
   */
  temp: string;
}

export interface FolderDownloadPlan {
  remoteFolderId: number;
  localDir: string;
  compare: SyncCompare;
  /** Local folders to create (relative, outermost first). */
  createDirs: string[];
  downloads: PlannedDownload[];
  unchanged: number;
  skipped: SkippedEntry[];
  warnings: string[];
  listings: number;
  summary: { download: number; replace: number; unchanged: number; skipped: number; createDirs: number; bytes: number };
}

export type FolderDownloadEvent =
  | ListedEvent
  | { type: 'hashing'; path: string; message: string }
  | { type: 'downloading'; path: string; bytesDone: number; bytesTotal: number; message: string }
  | { type: 'downloaded'; path: string; bytesDone: number; bytesTotal: number; message: string }
  | { type: 'failed'; path: string; error: OneFichierError; message: string };

export interface FolderDownloadReport {
  downloaded: { path: string; size: number }[];
  /** Of those, the ones that replaced a different local file. */
  replaced: string[];
  createdDirs: string[];
  failed: { path: string; error: OneFichierError }[];
  skipped: SkippedEntry[];
  warnings: string[];
}

export interface PlanFolderDownloadOptions {
  folderId: number;
  localDir: string;
  /** 'whirlpool' (default): a local file of the right size is hashed and compared with the service's checksum. */
  compare?: SyncCompare;
  signal?: AbortSignal;
  onEvent?: (e: FolderDownloadEvent) => void;
}

/** Lists the remote tree (one listing per folder) and compares it with what `localDir` holds; changes nothing. */
export async function planFolderDownload(client: OneFichierClient, opts: PlanFolderDownloadOptions): Promise<FolderDownloadPlan> {
  const compare = opts.compare ?? 'whirlpool';
  const { signal } = opts;
  const emit = (e: FolderDownloadEvent) => opts.onEvent?.(e);
  const localDir = resolve(opts.localDir);
  const tree = await loadRemoteTree(client, opts.folderId, { descend: () => true, ...(signal ? { signal } : {}), emit });
  const plan: FolderDownloadPlan = {
    remoteFolderId: opts.folderId,
    localDir,
    compare,
    createDirs: [],
    downloads: [],
    unchanged: 0,
    skipped: [],
    warnings: [],
    listings: tree.listings,
    summary: { download: 0, replace: 0, unchanged: 0, skipped: 0, createDirs: 0, bytes: 0 },
  };
  for (const [storedPath, ids] of tree.ambiguous) {
    plan.skipped.push(skippedFor({ path: displayPath(storedPath) }, { code: 'ambiguous_download', count: ids.length }));
  }
  for (const [storedPath, seenAt] of tree.loops) {
    const itself = displayPath(seenAt.storedPath) || undefined;
    plan.skipped.push(skippedFor({ path: displayPath(storedPath) }, { code: 'download_loop', id: seenAt.id, itself }));
  }
  // Folders whose local name cannot be used stay out, with everything in them.
  const localOf = new Map<string, string>([['', '']]);
  for (const folder of [...tree.folders.values()].sort((a, b) => a.storedPath.split('/').length - b.storedPath.split('/').length)) {
    if (folder.storedPath === '') continue;
    const cut = folder.storedPath.lastIndexOf('/');
    const parent = localOf.get(cut < 0 ? '' : folder.storedPath.slice(0, cut));
    if (parent === undefined) continue;
    const name = decodeFileName(folder.storedPath.slice(cut + 1));
    const problem = localNameIssue(name, sep);
    if (problem) {
      plan.skipped.push(skippedFor({ path: folder.path }, { code: 'download_folder_unusable', because: problem }));
      continue;
    }
    localOf.set(folder.storedPath, childPath(parent, name));
  }
  for (const folder of tree.folders.values()) {
    throwIfAborted(signal);
    const dir = localOf.get(folder.storedPath);
    if (dir === undefined) continue;
    if (folder.incomplete) plan.warnings.push(`${folder.path || 'The folder'}: 1fichier listed only part of its files (its 5,000 cap).`);
    if (dir !== '' && !(await isDirectory(join(localDir, dir)))) plan.createDirs.push(dir);
    // Names the folder's files and folders take locally; temporary names are chosen outside them.
    const taken = new Set([
      ...folder.files.map((f) => decodeFileName(f.filename)),
      ...folder.subFolders.map((f) => decodeFileName(f.name)),
    ]);
    for (const [name, copies] of byLocalName(folder.files)) {
      const path = childPath(dir, name);
      const problem = localNameIssue(name, sep);
      if (problem) {
        plan.skipped.push(skippedFor({ path }, problem));
        continue;
      }
      const file = newest(copies);
      const others = copies.filter((c) => c !== file && !(c.size === file.size && c.checksum !== '' && c.checksum === file.checksum));
      if (others.length > 0) {
        plan.warnings.push(
          `${path}: ${copies.length} files on 1fichier have this name; the newest (${file.date || 'date unknown'}) is downloaded.`,
        );
      }
      const state = await localState(join(localDir, ...path.split('/')), file, compare, signal, () =>
        emit({ type: 'hashing', path, message: `Comparing ${path} (${formatSize(file.size)}) with the copy on 1fichier.` }),
      );
      if (state === 'same') plan.unchanged++;
      else if (state === 'blocked') plan.skipped.push(skippedFor({ path }, { code: 'local_folder_blocked' }));
      else plan.downloads.push({ path, file, replaces: state === 'different', temp: childPath(dir, temporaryName(name, taken)) });
    }
  }
  plan.createDirs.sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
  plan.summary = {
    download: plan.downloads.filter((d) => !d.replaces).length,
    replace: plan.downloads.filter((d) => d.replaces).length,
    unchanged: plan.unchanged,
    skipped: plan.skipped.length,
    createDirs: plan.createDirs.length,
    bytes: plan.downloads.reduce((n, d) => n + d.file.size, 0),
  };
  return plan;
}

export interface RunFolderDownloadOptions {
  signal?: AbortSignal;
  onEvent?: (e: FolderDownloadEvent) => void;
  /** For password-protected files. */
  password?: string;
}

/** Creates the folders, downloads what the plan lists, verifies each file, and reports; stops on cancel. */
export async function runFolderDownload(
  client: OneFichierClient,
  plan: FolderDownloadPlan,
  opts: RunFolderDownloadOptions = {},
): Promise<FolderDownloadReport> {
  const { signal } = opts;
  const emit = (e: FolderDownloadEvent) => opts.onEvent?.(e);
  const report: FolderDownloadReport = {
    downloaded: [],
    replaced: [],
    createdDirs: [],
    failed: [],
    skipped: [...plan.skipped],
    warnings: [...plan.warnings],
  };
  await fsp.mkdir(plan.localDir, { recursive: true });
  for (const dir of plan.createDirs) {
    await fsp.mkdir(join(plan.localDir, ...dir.split('/')), { recursive: true });
    report.createdDirs.push(dir);
  }
  const total = plan.summary.bytes;
  let done = 0;
  for (const item of plan.downloads) {
    throwIfAborted(signal);
    const dest = join(plan.localDir, ...item.path.split('/'));
    try {
      await fetchVerified(client, item, dest, join(plan.localDir, ...item.temp.split('/')), opts, (bytes) =>
        emit({
          type: 'downloading',
          path: item.path,
          bytesDone: done + bytes,
          bytesTotal: total,
          message: `Downloading ${item.path}: ${formatSize(done + bytes)} of ${formatSize(total)}.`,
        }),
      );
    } catch (e) {
      const error = asCoreError(e);
      if (stopsTheRun(error)) throw error;
      report.failed.push({ path: item.path, error });
      emit({ type: 'failed', path: item.path, error, message: `${item.path}: ${error.message}` });
      done += item.file.size;
      continue;
    }
    done += item.file.size;
    report.downloaded.push({ path: item.path, size: item.file.size });
    if (item.replaces) report.replaced.push(item.path);
    emit({ type: 'downloaded', path: item.path, bytesDone: done, bytesTotal: total, message: `Downloaded ${item.path}.` });
  }
  await dropWhatIsNotOnDisk(plan.localDir, report);
  return report;
}

/**
 * Keeps in `downloaded` only files that are on disk as downloaded; the others are reported as failed: one
 * whose place another file of the run took (a file system that ignores case makes `A.txt` and `a.txt` one
 * file), or one removed or changed while the run went on.
 */
async function dropWhatIsNotOnDisk(localDir: string, report: FolderDownloadReport): Promise<void> {
  const onDisk = new Set<string>();
  for (const item of [...report.downloaded].reverse()) {
    const st = await fsp.stat(join(localDir, ...item.path.split('/')), { bigint: true }).catch(() => undefined);
    // Later files are seen first: an earlier one sharing their file on disk is the one that was replaced.
    const id = st && st.ino !== 0n ? `${st.dev}:${st.ino}` : undefined;
    if (st?.isFile() && st.size === BigInt(item.size) && (id === undefined || !onDisk.has(id))) {
      if (id !== undefined) onDisk.add(id);
      continue;
    }
    report.downloaded = report.downloaded.filter((d) => d !== item);
    report.replaced = report.replaced.filter((p) => p !== item.path);
    report.failed.push({
      path: item.path,
      error: new OneFichierError({
        kind: 'integrity',
        message: `${item.path} was downloaded, but is no longer on disk as it arrived: another file of this download took its place (a file system that ignores case), or it was changed meanwhile.`,
        hint: 'Download again; if two files on 1fichier differ only in case, rename one of them first.',
      }),
    });
  }
}

/** `.<name>.1fichier-download`, or with `-2`, `-3`... when the folder lists a file or folder of that name. */
function temporaryName(name: string, taken: Set<string>): string {
  for (let n = 1; ; n++) {
    const candidate = `.${name}.1fichier-download${n === 1 ? '' : `-${n}`}`;
    if (taken.has(candidate)) continue;
    taken.add(candidate);
    return candidate;
  }
}

/**
 * One file to its temporary name (the plan's: hidden, beside its destination, listed by nothing), checked
 * (size, Whirlpool when known), then renamed over the destination. A temporary file left by an interrupted run is resumed; if the result does not match, it
 * is fetched once more from the start before the mismatch is reported.
 */
async function fetchVerified(
  client: OneFichierClient,
  item: PlannedDownload,
  dest: string,
  temp: string,
  opts: RunFolderDownloadOptions,
  progress: (bytes: number) => void,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await downloadToFile(client, item.file.url, temp, {
      overwrite: true,
      restart: attempt > 1,
      // The listed size bounds the body (the Whirlpool is checked below, once, by mismatch).
      file: { size: item.file.size },
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.password ? { password: opts.password } : {}),
      onProgress: (p) => progress(p.bytesReceived),
    });
    const problem = await mismatch(temp, item.file, opts.signal);
    if (!problem) break;
    await fsp.rm(temp, { force: true });
    if (attempt >= 2) throw new OneFichierError({ kind: 'integrity', message: `${item.path}: ${problem}.`, hint: 'Download it again.' });
  }
  await fsp.rename(temp, dest);
}

async function mismatch(path: string, file: FileItem, signal?: AbortSignal): Promise<string | undefined> {
  const size = (await fsp.stat(path)).size;
  if (size !== file.size) return `${size} bytes arrived, 1fichier lists ${file.size}`;
  if (file.checksum === '') return undefined;
  const local = await whirlpoolOfFile(path, signal);
  return local === file.checksum.toLowerCase() ? undefined : 'its Whirlpool differs from the one 1fichier lists';
}

/** Whirlpool of a local file, read in 1 MiB chunks. */
export async function whirlpoolOfFile(path: string, signal?: AbortSignal): Promise<string> {
  const hasher = await createWhirlpoolHasher();
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Uint8Array>) {
    throwIfAborted(signal);
    hasher.update(chunk);
  }
  return hasher.digest();
}

/** What the local side holds at a file's place: nothing, the same file, a different one, or a folder. */
async function localState(
  path: string,
  file: FileItem,
  compare: SyncCompare,
  signal: AbortSignal | undefined,
  onHash: () => void,
): Promise<'missing' | 'same' | 'different' | 'blocked'> {
  const st = await fsp.stat(path).catch(() => undefined);
  if (!st) return 'missing';
  if (st.isDirectory()) return 'blocked';
  if (!st.isFile() || st.size !== file.size) return 'different';
  if (compare === 'size' || file.checksum === '') return 'same';
  onHash();
  return (await whirlpoolOfFile(path, signal)) === file.checksum.toLowerCase() ? 'same' : 'different';
}

/** Files grouped by the local name they decode to. */
function byLocalName(files: readonly FileItem[]): Map<string, FileItem[]> {
  const out = new Map<string, FileItem[]>();
  for (const f of files) {
    const name = decodeFileName(f.filename);
    out.set(name, [...(out.get(name) ?? []), f]);
  }
  return out;
}

function displayPath(storedPath: string): string {
  return storedPath.split('/').map(decodeFileName).join('/');
}

async function isDirectory(path: string): Promise<boolean> {
  return (await fsp.stat(path).catch(() => undefined))?.isDirectory() ?? false;
}

function asCoreError(e: unknown): OneFichierError {
  if (isOneFichierError(e)) return e;
  const code = (e as NodeJS.ErrnoException).code;
  return new OneFichierError({
    kind: 'invalid_input',
    message: `${e instanceof Error ? e.message : String(e)}`,
    hint: code ? `The local file could not be written (${code}); check the destination folder.` : 'Check the destination folder.',
  });
}
