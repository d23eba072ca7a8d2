/** Local file-system failures said plainly. */
import { dirname } from 'node:path';
import { OneFichierError } from '../errors';

/** What a failed file-system call on `path` means for the user, as the core's error (kind, message, hint). */
export function localFileError(e: unknown, path: string): OneFichierError {
  const code = typeof (e as { code?: unknown })?.code === 'string' ? (e as { code: string }).code : 'EIO';
  const details = { localCode: code };
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new OneFichierError({
        kind: 'not_found',
        message: `Cannot write ${path}: the folder ${dirname(path)} does not exist.`,
        hint: 'Create the folder first, or choose another destination folder.',
        details,
      });
    case 'ENOSPC':
    case 'EDQUOT':
      return new OneFichierError({
        kind: 'invalid_input',
        message: `No space left on the disk for ${path} (${code}).`,
        hint: 'Free some space or choose a destination on another disk; the partial file is kept, so the download resumes where it stopped.',
        details,
      });
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new OneFichierError({
        kind: 'invalid_input',
        message: `Not allowed to write ${path} (${code}).`,
        hint: 'Choose a folder you can write to, or change its permissions.',
        details,
      });
    case 'EISDIR':
      return new OneFichierError({
        kind: 'invalid_input',
        message: `${path} is a folder, not a file.`,
        hint: 'Remove or rename it, or choose another destination.',
        details,
      });
    default:
      return new OneFichierError({
        kind: 'invalid_input',
        message: `Cannot write ${path} (${code}): ${e instanceof Error ? e.message : String(e)}`,
        hint: 'Check the destination disk and folder, then try again.',
        details,
      });
  }
}
