/**
 * Symbolic links met while walking a folder the user chose (a sync, a folder upload). A link to a file inside
 * that folder is read as the file it points to: its bytes are in the folder anyway. A link that leads out of
 * the folder is not followed unless the caller asks (rclone's -L / --copy-links): otherwise a link to
 * ~/.ssh/id_rsa dropped in a synced folder would send the key, under the link's harmless name.
 */
import { promises as fsp } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';

export interface ResolvedLink {
  /** The real path of what the link points to, through every link on the way. */
  target: string;
  /** Whether the target lies within the walked folder (its real path). */
  inside: boolean;
}

/** Where the link at `path` leads, and whether that is inside `realRoot` (the walked folder's real path). */
export async function resolveLink(path: string, realRoot: string): Promise<ResolvedLink> {
  const target = await fsp.realpath(path);
  return { target, inside: isWithin(realRoot, target) };
}

/** Whether the real path `target` is `root` or inside it. */
function isWithin(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}
