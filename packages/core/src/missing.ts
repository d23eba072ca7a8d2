/**
 * Error titles that lead with the object: a "not found" answer about a folder id or a file link says which
 * folder or file does not exist, in words; the service's own text (endpoint and #code) stays in the details
 * and in the error's `endpoint` and `code` fields, for the log and for a report.
 */
import { isOneFichierError, rewordError } from './errors';

/**
 * `e` with the title "<what> does not exist (it may have been deleted)" when it is a not_found error, and
 * the service's message kept as `details.serviceMessage`; any other error as it is.
 */
export function missingObjectError(e: unknown, what: string): unknown {
  if (!isOneFichierError(e) || e.kind !== 'not_found') return e;
  return rewordError(e, {
    message: `${what} does not exist (it may have been deleted)`,
    details: { ...e.details, serviceMessage: e.message },
  });
}

/** How a folder id is named in an error title. */
export function folderObject(folderId: number): string {
  return folderId === 0 ? 'The root folder' : `Folder ${folderId}`;
}
