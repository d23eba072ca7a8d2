/**
 * One-way sync planning: local files against a 1fichier folder tree, by relative path, size and (optionally)
 * Whirlpool. The plan is computed before anything changes: uploads of new files, replacements of changed
 * ones (the new copy is uploaded before the old one goes), extra copies under one name (what an interrupted
 * replace leaves) removed, and, only when asked, remote files and folders absent locally removed. Names are
 * matched as they are stored: a local name goes through the same reserved-name policy as an upload
 * (names.ts), so a remote name is compared in its stored form, which decodes to the local name.
 */
import { OneFichierError, throwIfAborted } from '../errors';
import { MAX_FILE_SIZE } from '../limits';
import { checkName, decodeFileName, shownName } from '../names';
import { reasonOf, reasonText, skippedFor, type Reason } from '../reasons';
import { formatSize } from '../sizes';
import type { FileItem, ReservedNamePolicy } from '../types';
import { findIdentical, whirlpoolOfSource } from './identical';
import { childPath, loadRemoteTree, type SyncEndpoints } from './remote';
import { clashingLocalFiles } from './shared-names';
import type {
  LocalFile,
  LocalTree,
  PlannedRemoval,
  PlannedReplacement,
  PlannedUpload,
  RemoteTree,
  SkippedEntry,
  SyncCompare,
  SyncEvent,
  SyncPlan,
  SyncTarget,
} from './types';

export interface PlanSyncOptions {
  target: SyncTarget;
  /** 'whirlpool' (default): a file of the same size is hashed and compared with the service's checksum. */
  compare?: SyncCompare;
  /** Remove remote files and folders that are absent locally (default false). */
  deleteExtraneous?: boolean;
  /** Default: the client's policy, as for its uploads. */
  reservedNames?: ReservedNamePolicy;
  signal?: AbortSignal;
  onEvent?: (e: SyncEvent) => void;
}

/**
 * A local name as the client shows the stored file (parse.ts returns every listed name through shownName), or
 * why it cannot be stored: the form local and remote names are compared in.
 */
type Stored = { stored: string } | { problem: Reason };

function storedName(name: string, policy: ReservedNamePolicy): Stored {
  try {
    return { stored: shownName(checkName(name, policy)) };
  } catch (e) {
    const why = reasonOf(e);
    if (why) return { problem: why };
    throw e;
  }
}

/** Plans the sync of `local` to the target folder: lists the remote folders it needs (one listing each), hashes where sizes match. */
export async function planSync(api: SyncEndpoints, local: LocalTree, opts: PlanSyncOptions): Promise<SyncPlan> {
  const compare = opts.compare ?? 'whirlpool';
  const deleteExtraneous = opts.deleteExtraneous ?? false;
  const policy = opts.reservedNames ?? api.reservedNames;
  const { signal } = opts;
  const emit = (e: SyncEvent) => opts.onEvent?.(e);
  const plan: SyncPlan = {
    remoteFolderId: undefined,
    target: opts.target,
    compare,
    deleteExtraneous,
    reservedNames: policy,
    createFolders: [],
    uploads: [],
    replacements: [],
    removals: [],
    removeFolders: [],
    skipped: [...local.skipped],
    warnings: [],
    notes: [],
    folderIds: new Map(),
    listings: 0,
    summary: { upload: 0, replace: 0, remove: 0, createFolders: 0, removeFolders: 0, unchanged: 0, keptRemote: 0, skipped: 0, bytes: 0 },
  };

  // 1. Local folders under their stored names; a folder whose name cannot be stored takes its contents with it.
  const folders = storedFolders(local, policy, plan.skipped);

  // 2. The remote root: given, or looked up by name in its parent (absent: everything is new).
  const rootId = await resolveRoot(api, opts.target, policy, signal, plan);
  const tree: RemoteTree | undefined =
    rootId === undefined
      ? undefined
      : await loadRemoteTree(api, rootId, {
          descend: (sp) => deleteExtraneous || folders.stored.has(sp),
          ...(signal ? { signal } : {}),
          emit,
        });
  plan.listings += tree?.listings ?? 0;
  plan.remoteFolderId = rootId;
  if (tree) for (const [sp, f] of tree.folders) plan.folderIds.set(sp, f.id);
  const ambiguousAt = (sp: string): { folder: string; ids: number[] } | undefined => {
    for (const [a, ids] of tree?.ambiguous ?? []) if (sp === a || sp.startsWith(`${a}/`)) return { folder: displayPath(a), ids };
    return undefined;
  };
  // A listing that names a folder already walked (itself, an ancestor): that place is not a folder of its own.
  const loopAt = (sp: string): Reason | undefined => {
    for (const [l, seenAt] of tree?.loops ?? [])
      if (sp === l || sp.startsWith(`${l}/`))
        return { code: 'folder_loop', listed: displayPath(l), id: seenAt.id, itself: displayPath(seenAt.storedPath) || undefined };
    return undefined;
  };
  // Each note in English for logs, and as a code for the user's language (the preview's Notes).
  const note = (why: Reason) => {
    plan.warnings.push(reasonText(why));
    plan.notes.push(why);
  };
  for (const [l, seenAt] of tree?.loops ?? [])
    note({ code: 'listed_again', path: displayPath(l), id: seenAt.id, itself: displayPath(seenAt.storedPath) || undefined });

  // 3. Files, folder by folder.
  const seen = new Map<string, Set<string>>(); // stored dir → stored names taken by local files
  // What the walk could not read still exists locally: its remote copy is never "absent locally".
  const kept = protectedPaths(local.skipped, folders.byLocal, policy, seen);
  const localNames = new Map<string, Set<string>>(); // stored dir → local names (usable or not)
  const clashes = clashingLocalFiles(local.files, (dir) => folders.byLocal.get(dir), policy);
  const bySizeOnly: string[] = [];
  for (const file of local.files) {
    throwIfAborted(signal);
    const path = childPath(file.dir, file.name);
    const dir = folders.byLocal.get(file.dir);
    if (dir === undefined) continue; // its folder was skipped, with the reason
    localNames.set(dir, (localNames.get(dir) ?? new Set<string>()).add(file.name));
    const name = storedName(file.name, policy);
    if ('problem' in name) {
      plan.skipped.push(skippedFor({ path }, { code: 'file_name_unusable', because: name.problem }));
      continue;
    }
    const taken = seen.get(dir) ?? new Set<string>();
    seen.set(dir, taken);
    // Taken even when the file is skipped: its remote copy is not "absent locally".
    taken.add(name.stored);
    const clash = clashes.get(file);
    if (clash) {
      plan.skipped.push(skippedFor({ path }, clash));
      continue;
    }
    const problem: Reason | undefined =
      file.size === 0
        ? { code: 'empty_file' }
        : file.size > MAX_FILE_SIZE
          ? { code: 'too_large', size: file.size, max: MAX_FILE_SIZE }
          : undefined;
    if (problem) {
      plan.skipped.push(skippedFor({ path }, problem));
      continue;
    }
    const ambiguous = ambiguousAt(dir);
    if (ambiguous) {
      plan.skipped.push(skippedFor({ path }, { code: 'ambiguous_parent', ...ambiguous }));
      continue;
    }
    const loop = loopAt(dir);
    if (loop) {
      plan.skipped.push(skippedFor({ path }, loop));
      continue;
    }
    const remote = tree?.folders.get(dir);
    const copies = remote?.files.filter((f) => f.filename === name.stored) ?? [];
    if (copies.length === 0) {
      plan.uploads.push({ path, file, storedDir: dir });
      continue;
    }
    const match = await findIdentical(file.size, copies, compare, () => localWhirlpool(file, path, signal, emit));
    if (match.bySizeOnly) bySizeOnly.push(path);
    if (match.same) {
      plan.summary.unchanged++;
      for (const extra of copies.filter((c) => c !== match.same)) plan.removals.push(removal(remote?.path ?? '', extra, 'duplicate'));
    } else {
      plan.replacements.push({ path, file, storedDir: dir, replaces: copies });
    }
  }

  if (bySizeOnly.length > 0) note({ code: 'size_only', count: bySizeOnly.length, some: bySizeOnly.slice(0, 3) });

  // 4. What is only on 1fichier: removed when asked (never from an incomplete listing), else kept and counted.
  if (tree) {
    for (const remote of tree.folders.values()) {
      // Absent: no local file is stored under its name, and none has the name it decodes to (a local file whose
      // name the policy refuses still exists, and so does its copy stored by an earlier, encoding, run).
      const taken = seen.get(remote.storedPath) ?? new Set<string>();
      const names = localNames.get(remote.storedPath) ?? new Set<string>();
      const extra = remote.files.filter((f) => !taken.has(f.filename) && !names.has(decodeFileName(f.filename)));
      if (extra.length === 0) continue;
      if (deleteExtraneous && !remote.incomplete && !folders.skippedStored.has(remote.storedPath) && !within(remote.storedPath, kept)) {
        for (const f of extra) plan.removals.push(removal(remote.path, f, 'absent locally'));
      } else plan.summary.keptRemote += extra.length;
    }
    if (deleteExtraneous) {
      plan.removeFolders = foldersToRemove(tree, folders.stored, kept);
      for (const [sp, ids] of tree.ambiguous)
        if (!folders.stored.has(sp)) note({ code: 'ambiguous_left', path: displayPath(sp), count: ids.length });
    }
    for (const remote of tree.folders.values())
      if (remote.incomplete) note({ code: 'listing_incomplete', path: remote.path || undefined, mirror: deleteExtraneous });
  }

  // 5. Folders to create, outermost first (the root first when it does not exist).
  if (rootId === undefined) plan.createFolders.push({ path: '', storedPath: '' });
  for (const [localPath, sp] of [...folders.byLocal].sort((a, b) => depth(a[1]) - depth(b[1]) || a[1].localeCompare(b[1]))) {
    if (sp === '' || plan.folderIds.has(sp)) continue;
    const ambiguous = ambiguousAt(sp);
    if (ambiguous) {
      if (!tree?.ambiguous.has(sp)) continue; // inside an ambiguous folder: its files were skipped already
      plan.skipped.push(skippedFor({ path: localPath }, { code: 'ambiguous_folder', ...ambiguous }));
      continue;
    }
    const loop = loopAt(sp);
    if (loop) {
      if (tree?.loops.has(sp)) plan.skipped.push(skippedFor({ path: localPath }, loop));
      continue;
    }
    plan.createFolders.push({ path: localPath, storedPath: sp });
  }

  summarise(plan);
  return plan;
}

/**
 * Stored paths of what the local walk skipped (an unreadable file or folder): their names count as present
 * in their folder, and nothing at or under them is removed.
 */
function protectedPaths(
  skipped: readonly SkippedEntry[],
  byLocal: Map<string, string>,
  policy: ReservedNamePolicy,
  seen: Map<string, Set<string>>,
): Set<string> {
  const out = new Set<string>();
  for (const { path } of skipped) {
    const cut = path.lastIndexOf('/');
    const dir = byLocal.get(cut < 0 ? '' : path.slice(0, cut));
    const name = storedName(path.slice(cut + 1), policy);
    if (dir === undefined || 'problem' in name) continue;
    const taken = seen.get(dir) ?? new Set<string>();
    taken.add(name.stored);
    seen.set(dir, taken);
    out.add(childPath(dir, name.stored));
  }
  return out;
}

/** True when a stored path is one of `roots` or inside one. */
function within(storedPath: string, roots: Set<string>): boolean {
  for (const r of roots) if (storedPath === r || storedPath.startsWith(`${r}/`)) return true;
  return false;
}

/** Local folder paths mapped to stored paths; folders whose name cannot be stored are skipped with their contents. */
function storedFolders(local: LocalTree, policy: ReservedNamePolicy, skipped: SkippedEntry[]) {
  const byLocal = new Map<string, string>([['', '']]);
  const skippedStored = new Set<string>();
  const all = new Set<string>([...local.folders, ...local.files.map((f) => f.dir)]);
  // Every ancestor too, so a caller that lists only files still gets their folders.
  for (const p of [...all]) for (let i = p.indexOf('/'); i > 0; i = p.indexOf('/', i + 1)) all.add(p.slice(0, i));
  all.delete('');
  for (const localPath of [...all].sort((a, b) => depth(a) - depth(b) || a.localeCompare(b))) {
    const cut = localPath.lastIndexOf('/');
    const parent = byLocal.get(cut < 0 ? '' : localPath.slice(0, cut));
    if (parent === undefined) continue; // the parent was skipped
    const name = storedName(localPath.slice(cut + 1), policy);
    if ('problem' in name) {
      skipped.push(skippedFor({ path: localPath }, { code: 'folder_name_unusable', because: name.problem }));
      continue;
    }
    const sp = childPath(parent, name.stored);
    if ([...byLocal.values()].includes(sp)) {
      skipped.push(skippedFor({ path: localPath }, { code: 'same_stored_folder', stored: name.stored }));
      skippedStored.add(sp);
      continue;
    }
    byLocal.set(localPath, sp);
  }
  return { byLocal, stored: new Set(byLocal.values()), skippedStored };
}

async function resolveRoot(
  api: SyncEndpoints,
  target: SyncTarget,
  policy: ReservedNamePolicy,
  signal: AbortSignal | undefined,
  plan: SyncPlan,
): Promise<number | undefined> {
  if ('folderId' in target) return target.folderId;
  const name = checkName(target.name, policy, 'folder name');
  const parent = await api.listFolder(target.parentId, signal ? { signal } : {});
  plan.listings++;
  const matches = parent.subFolders.filter((f) => f.name === name);
  if (matches.length > 1) {
    throw new OneFichierError({
      kind: 'ambiguous',
      message: `${matches.length} folders are named "${target.name}" in folder ${target.parentId} (ids ${matches.map((m) => m.id).join(', ')}).`,
      hint: 'Rename one of them on 1fichier, or sync to a folder id.',
      details: { folderIds: matches.map((m) => m.id) },
    });
  }
  return matches[0]?.id;
}

async function localWhirlpool(
  file: LocalFile,
  path: string,
  signal: AbortSignal | undefined,
  emit: (e: SyncEvent) => void,
): Promise<string> {
  if (file.whirlpool) return file.whirlpool.toLowerCase();
  emit({ type: 'hashing', path, message: `Comparing ${path} (${formatSize(file.size)}) with its copy on 1fichier.` });
  file.whirlpool = await whirlpoolOfSource(file.source, signal);
  return file.whirlpool;
}

function removal(folderPath: string, file: FileItem, reason: PlannedRemoval['reason']): PlannedRemoval {
  return { path: childPath(folderPath, decodeFileName(file.filename)), file, reason };
}

/** Walked remote folders with no local counterpart, deepest first; their files join the removals. */
function foldersToRemove(tree: RemoteTree, localStored: Set<string>, kept: Set<string>): { path: string; id: number }[] {
  const out: { path: string; id: number; storedPath: string }[] = [];
  for (const f of tree.folders.values()) {
    if (f.storedPath === '' || localStored.has(f.storedPath) || within(f.storedPath, kept)) continue;
    // A folder holding something that stays (an incomplete listing, an unwalked ambiguous child) stays too.
    const blocked = [...tree.folders.values()].some((g) => (g === f || g.storedPath.startsWith(`${f.storedPath}/`)) && g.incomplete);
    const unwalkedInside = [...tree.ambiguous.keys(), ...tree.loops.keys()].some((a) => a.startsWith(`${f.storedPath}/`));
    if (blocked || unwalkedInside) continue;
    out.push({ path: f.path, id: f.id, storedPath: f.storedPath });
  }
  return out.sort((a, b) => depth(b.storedPath) - depth(a.storedPath)).map(({ path, id }) => ({ path, id }));
}

function summarise(plan: SyncPlan): void {
  const s = plan.summary;
  s.upload = plan.uploads.length;
  s.replace = plan.replacements.length;
  s.remove = plan.removals.length;
  s.createFolders = plan.createFolders.length;
  s.removeFolders = plan.removeFolders.length;
  s.skipped = plan.skipped.length;
  s.bytes = [...plan.uploads, ...plan.replacements].reduce((n, u: PlannedUpload | PlannedReplacement) => n + u.file.size, 0);
}

/** A stored path with its names decoded, for messages. */
function displayPath(storedPath: string): string {
  return storedPath.split('/').map(decodeFileName).join('/');
}

function depth(p: string): number {
  return p === '' ? 0 : p.split('/').length;
}

/**
 * A one-line account of a plan, for logs and confirmations: "2 to upload, 1 to replace; 10 unchanged, 3 only
 * on 1fichier (kept) (4.1 MB to send)". Removals are named when asked for or planned (extra copies).
 */
export function describePlan(plan: SyncPlan): string {
  const s = plan.summary;
  const changes = [`${s.upload} to upload`, `${s.replace} to replace`];
  if (plan.deleteExtraneous || s.remove > 0) changes.push(`${s.remove} to remove`);
  const rest = [`${s.unchanged} unchanged`];
  if (s.keptRemote > 0) rest.push(`${s.keptRemote} only on 1fichier (kept)`);
  if (s.skipped > 0) rest.push(`${s.skipped} skipped`);
  return `${changes.join(', ')}; ${rest.join(', ')} (${formatSize(s.bytes)} to send)`;
}
