/**
 * Which local files "Upload and replace with link" may publish. A document can name any path, and a crafted
 * README in a cloned repository is enough to put `/etc/shadow` or `~/.ssh/id_rsa` under the cursor, while a
 * 1fichier link is public. So a file is offered only when it is a regular file inside the workspace folders
 * the editor announced, and not hidden; anything else runs only after a warning that names it, and kernel
 * pseudo-files, devices, pipes and sockets are never uploaded.
 */
import { promises as fs } from 'fs';
import * as path from 'path';

/** Kernel and device file systems: their files have no fixed size or content to publish. */
const SYSTEM_ROOTS = ['/proc', '/sys', '/dev'];

export type UploadCandidate =
  /** Never uploaded, whatever the user answers. */
  | { kind: 'refused'; reason: string }
  | {
      kind: 'file';
      /** The path as resolved from the document. */
      path: string;
      /** The file itself, symlinks followed: what is read and uploaded. */
      realPath: string;
      size: number;
      /** Changes when the file is replaced or modified (checked again after the prompt). */
      identity: string;
      /**
       * Why the file needs an explicit confirmation ("is outside the workspace folders"...), or undefined
       * for a plain file of the workspace, which is offered as a code action.
       */
      concern?: string;
    };

/** Whether `child` is `parent` or below it. */
function isWithin(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/** Whether a path below a folder has a segment starting with a dot (`.env`, `.git/config`, `.ssh/id_rsa`). */
function isHidden(relative: string): boolean {
  return relative.split(path.sep).some((segment) => segment.startsWith('.'));
}

async function realPathOr(p: string): Promise<string> {
  try {
    return await fs.realpath(p);
  } catch {
    return p;
  }
}

async function whyConfirm(absolutePath: string, realPath: string, workspaceFolders: readonly string[]): Promise<string | undefined> {
  const folders = await Promise.all(workspaceFolders.map(async (folder) => ({ folder, real: await realPathOr(folder) })));
  const written = folders.find((f) => isWithin(absolutePath, f.folder) || isWithin(absolutePath, f.real));
  if (!written) return 'is outside the workspace folders';
  const read = folders.find((f) => isWithin(realPath, f.real));
  if (!read) return `is a link to ${realPath}, outside the workspace folders`;
  const below = isWithin(absolutePath, written.folder) ? written.folder : written.real;
  if (isHidden(path.relative(below, absolutePath)) || isHidden(path.relative(read.real, realPath))) {
    return 'is hidden (its name, or a folder on its path, starts with a dot)';
  }
  return undefined;
}

/** What publishing `absolutePath` would mean, given the workspace folders (absolute paths). */
export async function inspectUploadCandidate(absolutePath: string, workspaceFolders: readonly string[]): Promise<UploadCandidate> {
  let realPath: string;
  try {
    realPath = await fs.realpath(absolutePath);
  } catch {
    return { kind: 'refused', reason: `${absolutePath} does not exist (any more); check the path.` };
  }
  const systemRoot = SYSTEM_ROOTS.find((root) => isWithin(absolutePath, root) || isWithin(realPath, root));
  if (systemRoot) return { kind: 'refused', reason: `${absolutePath} is a system file (under ${systemRoot}); it is never uploaded.` };
  let stat;
  try {
    stat = await fs.stat(realPath);
  } catch {
    return { kind: 'refused', reason: `${absolutePath} cannot be read; check its permissions.` };
  }
  if (!stat.isFile()) {
    return {
      kind: 'refused',
      reason: `${absolutePath} is not a regular file (a folder, device, pipe or socket); only regular files can be uploaded.`,
    };
  }
  if (stat.size === 0) return { kind: 'refused', reason: `${absolutePath} is empty, and 1fichier does not accept empty (0-byte) files.` };
  const candidate: UploadCandidate = {
    kind: 'file',
    path: absolutePath,
    realPath,
    size: stat.size,
    identity: `${realPath}\0${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}`,
  };
  const concern = await whyConfirm(absolutePath, realPath, workspaceFolders);
  if (concern) candidate.concern = concern;
  return candidate;
}
