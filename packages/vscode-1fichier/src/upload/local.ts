/**
 * Turns what the user picked (files and whole folders) into upload items: folders are walked recursively
 * and keep their tree (the folder itself becomes the top remote folder). Inside a picked folder, a symbolic
 * link to a file of that folder is sent as that file; a link that leads out of it is skipped with where it
 * leads, by the core's rule (links.ts in the core's Node entry). Links to folders are not followed, so a link
 * loop cannot make an endless upload.
 */
import { promises as fsp } from 'node:fs';
import { basename, join } from 'node:path';
import { skippedFor, unreadableReason, type UploadSource } from '@onefichier/core';
import type { Backend } from '../backend';
import type { LocalUploadItem, SkippedItem } from './queue';

export type SourceFactory = (path: string, name: string) => Promise<UploadSource>;
/** The core's rule for links met in a picked folder (from the lazily loaded backend). */
export type LinkRules = Pick<Backend, 'resolveLink'>;

/** More files than this in one action is almost surely a wrong pick (node_modules...): refuse clearly. */
const MAX_FILES_PER_ACTION = 5000;

export async function collectLocalItems(
  paths: readonly string[],
  makeSource: SourceFactory,
  links: LinkRules,
): Promise<{ items: LocalUploadItem[]; skipped: SkippedItem[] }> {
  const items: LocalUploadItem[] = [];
  const skipped: SkippedItem[] = [];
  const seen = new Set<string>();

  // `readFrom`: where the bytes are read (a link's target); the item keeps the link's own path and name.
  const addFile = async (path: string, relativeDir: string[], readFrom = path) => {
    if (seen.has(path)) return;
    seen.add(path);
    if (items.length >= MAX_FILES_PER_ACTION) {
      throw new Error(`More than ${MAX_FILES_PER_ACTION} files were selected; upload fewer files or a smaller folder at a time.`);
    }
    try {
      items.push({ source: await makeSource(readFrom, basename(path)), relativeDir, localPath: path });
    } catch (e) {
      skipped.push(skippedFor({ localPath: path }, unreadableReason(e)));
    }
  };

  const walk = async (dir: string, relativeDir: string[], realRoot: string) => {
    let entries;
    try {
      entries = await fsp.readdir(dir, { withFileTypes: true });
    } catch (e) {
      skipped.push(skippedFor({ localPath: dir }, unreadableReason(e)));
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full, [...relativeDir, entry.name], realRoot);
      else if (entry.isFile()) await addFile(full, relativeDir);
      else if (entry.isSymbolicLink()) {
        const st = await fsp.stat(full).catch(() => undefined);
        const link = st?.isFile() ? await links.resolveLink(full, realRoot).catch(() => undefined) : undefined;
        if (!link) skipped.push(skippedFor({ localPath: full }, { code: 'folder_link', orBroken: true }));
        else if (!link.inside)
          skipped.push(skippedFor({ localPath: full }, { code: 'link_outside', target: link.target, root: 'uploaded' }));
        else await addFile(full, relativeDir, link.target);
      }
    }
  };

  for (const path of paths) {
    let st;
    try {
      st = await fsp.stat(path);
    } catch (e) {
      skipped.push(skippedFor({ localPath: path }, unreadableReason(e)));
      continue;
    }
    if (st.isDirectory()) {
      const before = items.length;
      await walk(path, [basename(path)], await fsp.realpath(path));
      if (items.length === before) skipped.push(skippedFor({ localPath: path }, { code: 'empty_folder' }));
    } else if (st.isFile()) await addFile(path, []);
    else skipped.push(skippedFor({ localPath: path }, { code: 'not_regular_file' }));
  }
  return { items, skipped };
}
