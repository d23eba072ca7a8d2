/** What an upload must satisfy before any request: the service's limits (docs/api-notes.md#upload), names, exact sizes. */
import { checkFolderId, invalidInput } from '../checks';
import { OneFichierError } from '../errors';
import { MAX_FILE_SIZE, MAX_FILES_PER_UPLOAD, MAX_REQUEST_SIZE } from '../limits';
import { formatSize } from '../sizes';
import { checkName } from '../names';
import type { ReservedNamePolicy, UploadOptions, UploadSource } from '../types';

/** Checks an upload's input and returns the names to send (checked, or encoded under the 'encode' policy). */
export function checkUpload(list: UploadSource[], opts: UploadOptions, policy: ReservedNamePolicy): string[] {
  checkFolderId(opts.folderId ?? 0, 'folderId');
  const names = checkSources(list, policy);
  if (opts.domain !== undefined && (!Number.isInteger(opts.domain) || opts.domain < 0))
    throw invalidInput(`domain must be a domain number such as 0 (1fichier.com); got ${String(opts.domain)}.`);
  if (opts.password !== undefined && typeof opts.password !== 'string') throw invalidInput('password must be a string.');
  return names;
}

function checkSources(list: UploadSource[], policy: ReservedNamePolicy): string[] {
  if (list.length === 0) throw invalidInput('Nothing to upload: give at least one file.');
  if (list.length > MAX_FILES_PER_UPLOAD) {
    throw new OneFichierError({
      kind: 'file_too_large',
      message: `${list.length} files in one upload; 1fichier accepts at most ${MAX_FILES_PER_UPLOAD} per request.`,
      hint: 'Upload them in several batches.',
    });
  }
  let total = 0;
  const names = list.map((s, i) => {
    if (!s || typeof s.open !== 'function') throw invalidInput(`Upload source #${i + 1} has no open() function returning its bytes.`);
    const name = checkName(s.name, policy, 'file name');
    if (typeof s.size !== 'number' || !Number.isInteger(s.size) || s.size < 0) {
      throw invalidInput(
        `"${s.name}": the size is unknown (${String(s.size)}); 1fichier needs the exact size before the upload starts.`,
        'Give the exact byte size of the stream (or upload from a file path).',
      );
    }
    if (s.size === 0)
      throw new OneFichierError({ kind: 'empty_file', message: `"${s.name}" is empty (0 bytes); 1fichier does not accept empty files.` });
    if (s.size > MAX_FILE_SIZE) {
      throw new OneFichierError({
        kind: 'file_too_large',
        message: `"${s.name}" is ${formatSize(s.size)}; 1fichier accepts files up to 300 GB.`,
        hint: 'Split the file (for example with an archiver) into parts under 300 GB.',
      });
    }
    total += s.size;
    return name;
  });
  if (total > MAX_REQUEST_SIZE) {
    throw new OneFichierError({
      kind: 'file_too_large',
      message: `These files add up to ${formatSize(total)}; one upload request is limited to 500 GB.`,
      hint: 'Upload them in several batches.',
    });
  }
  return names;
}
