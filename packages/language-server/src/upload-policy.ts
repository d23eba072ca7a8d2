/**
 * Which local files "Upload and replace with link" may publish. A document can name any path, and a crafted
 * README in a cloned repository is enough to put `/etc/shadow` or `~/.ssh/id_rsa` under the cursor, while a
 * 1fichier link is public. So a file is offered only when it is a regular file inside the workspace folders
 * the editor announced, and not hidden; anything else runs only after a warning that names it, and kernel
 * pseudo-files, devices, pipes and sockets are never uploaded.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { l10n } from './l10n';

/** Kernel and device file systems: their files have no fixed size or content to publish. */
const SYSTEM_ROOTS = ['/proc', '/sys', '/dev'];

export type UploadCandidate =
  /** Never uploaded, whatever the user answers; `reason` is a sentence in the client's language. */
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
       * Why the file needs an explicit confirmation, or undefined for a plain file of the workspace, which is
       * offered as a code action: outside the workspace folders, a link (to `realPath`) leading out of them,
       * or hidden. The prompt says each in a sentence of its own (upload-prompt.ts).
       */
      concern?: UploadConcern;
    };

export type UploadConcern = 'outside' | 'linkOutside' | 'hidden';

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

async function whyConfirm(absolutePath: string, realPath: string, workspaceFolders: readonly string[]): Promise<UploadConcern | undefined> {
  const folders = await Promise.all(workspaceFolders.map(async (folder) => ({ folder, real: await realPathOr(folder) })));
  const written = folders.find((f) => isWithin(absolutePath, f.folder) || isWithin(absolutePath, f.real));
  if (!written) return 'outside';
  const read = folders.find((f) => isWithin(realPath, f.real));
  if (!read) return 'linkOutside';
  const below = isWithin(absolutePath, written.folder) ? written.folder : written.real;
  if (isHidden(path.relative(below, absolutePath)) || isHidden(path.relative(read.real, realPath))) {
    return 'hidden';
  }
  return undefined;
}

/** What publishing `absolutePath` would mean, given the workspace folders (absolute paths). */
export async function inspectUploadCandidate(absolutePath: string, workspaceFolders: readonly string[]): Promise<UploadCandidate> {
  let realPath: string;
  try {
    realPath = await fs.realpath(absolutePath);
  } catch {
    return { kind: 'refused', reason: l10n.t('{0} does not exist (any more); check the path.', absolutePath) };
  }
  const systemRoot = SYSTEM_ROOTS.find((root) => isWithin(absolutePath, root) || isWithin(realPath, root));
  if (systemRoot)
    return { kind: 'refused', reason: l10n.t('{0} is a system file (under {1}); it is never uploaded.', absolutePath, systemRoot) };
  let stat;
  try {
    stat = await fs.stat(realPath);
  } catch {
    return { kind: 'refused', reason: l10n.t('{0} cannot be read; check its permissions.', absolutePath) };
  }
  if (!stat.isFile()) {
    return {
      kind: 'refused',
      reason: l10n.t('{0} is not a regular file (a folder, device, pipe or socket); only regular files can be uploaded.', absolutePath),
    };
  }
  if (stat.size === 0)
    return { kind: 'refused', reason: l10n.t('{0} is empty, and 1fichier does not accept empty (0-byte) files.', absolutePath) };
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
