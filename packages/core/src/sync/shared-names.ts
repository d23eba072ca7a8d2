/**
 * Several uploads of one batch (an n8n execution's items, files picked together, a synced folder) that would
 * store the same name in the same folder. 1fichier keeps them side by side, but under Replace, Skip or Skip If
 * Identical each one would replace or skip the one before, so the batch would silently keep only one of them.
 * Names are compared as they would be stored (names.ts): `a<b.txt` and `a＜b.txt` are one name under the
 * look-alike policy.
 */
import { OneFichierError } from '../errors';
import { checkName, shownName } from '../names';
import type { Reason } from '../reasons';
import type { ReservedNamePolicy } from '../types';
import type { LocalFile } from './types';

/** One upload of a batch: the folder it goes into (any value equal for the same folder) and its name as given. */
export interface BatchUpload {
  folder: string | number;
  name: string;
  /** Default: the policy given to sharedStoredNames. */
  reservedNames?: ReservedNamePolicy;
}

/** Uploads of a batch (their indexes, in batch order) that would be stored under one name in one folder. */
export interface SharedStoredName {
  folder: string | number;
  /** The name as listings would show it. */
  stored: string;
  indexes: number[];
}

/** The name a file would be stored under, as listings show it, or undefined when it cannot be used at all. */
export function storedFileName(name: string, policy: ReservedNamePolicy = 'encode'): string | undefined {
  try {
    return shownName(checkName(name, policy));
  } catch (e) {
    if (e instanceof OneFichierError) return undefined;
    throw e;
  }
}

/**
 * The groups of two or more uploads that would store one name in one folder, in the order of their first
 * upload. A name that cannot be used is left out: its upload fails on its own, with its own reason.
 */
export function sharedStoredNames(uploads: readonly BatchUpload[], policy: ReservedNamePolicy = 'encode'): SharedStoredName[] {
  const groups = new Map<string, SharedStoredName>();
  uploads.forEach((upload, index) => {
    const stored = storedFileName(upload.name, upload.reservedNames ?? policy);
    if (stored === undefined) return;
    // The folder's type is part of the key: folder id 5 and a folder path "5" are not the same folder.
    const key = JSON.stringify([typeof upload.folder, upload.folder, stored]);
    const group = groups.get(key) ?? { folder: upload.folder, stored, indexes: [] };
    group.indexes.push(index);
    groups.set(key, group);
  });
  return [...groups.values()].filter((g) => g.indexes.length > 1);
}

/**
 * The local files of a sync that would be stored under one name in one folder, each with why it is skipped:
 * which of them would win is chance, so none is synced (and the copy already on 1fichier stays). `storedDirOf`
 * maps a local folder to its stored path (undefined: the folder is skipped, and its files with it).
 */
export function clashingLocalFiles(
  files: readonly LocalFile[],
  storedDirOf: (dir: string) => string | undefined,
  policy: ReservedNamePolicy,
): Map<LocalFile, Reason> {
  const placed = files.filter((f) => storedDirOf(f.dir) !== undefined);
  const localPath = (f: LocalFile) => (f.dir === '' ? f.name : `${f.dir}/${f.name}`);
  const out = new Map<LocalFile, Reason>();
  for (const group of sharedStoredNames(
    placed.map((f) => ({ folder: storedDirOf(f.dir) as string, name: f.name })),
    policy,
  )) {
    const members = group.indexes.map((i) => placed[i] as LocalFile);
    for (const file of members) {
      const others = members.filter((m) => m !== file).map(localPath);
      out.set(file, { code: 'same_stored_name', others, stored: group.stored, picked: false });
    }
  }
  return out;
}
