/**
 * The idempotent upload workflow (docs/api-notes.md#upload): get an upload node (server.ts), stream the files
 * to it once while hashing them (send.ts), then read what it stored from end.pl (end.ts) and match the links
 * to the sources (links.ts). The POST is never retried blindly: after a failure end.pl is asked first, and
 * the files are sent again (with a new upload id) only when nothing can have arrived and the sources can be
 * re-opened; otherwise the error says whether the files may have arrived (`details.mayHaveArrived`).
 */
import type { ClientContext } from '../context';
import { OneFichierError, rewordError, throwIfAborted } from '../errors';
import { createWhirlpoolHasher } from '../hash';
import type { EndLink } from '../parse';
import type { RetryStep } from '../pipeline';
import { isFlood } from '../policy/classify';
import { backoffDelayMs, lockHint } from '../policy/retry';
import type { FileInfo, UploadedFile, UploadOptions, UploadServer, UploadSource } from '../types';
import { checkUpload } from './checks';
import { awaitEndResult, probeEnd } from './end';
import { matchLinks } from './links';
import { sendUpload, type SendFailure, type UploadBatch } from './send';
import { getUploadServer } from './server';
import { getFileInfo, listFiles, removeFiles } from '../endpoints/files';
import { shownName } from '../names';

/**
 * How a failed try ends: the links (the files arrived after all; `listed` when the destination's listing
 * showed them, which also says where they are), or a wait before sending again with a new id.
 */
type AfterFailure = { links: EndLink[]; listed?: boolean } | { retry: Omit<RetryStep, 'endpoint' | 'attempt' | 'error'> };

export async function upload(c: ClientContext, sources: UploadSource | UploadSource[], opts: UploadOptions): Promise<UploadedFile[]> {
  const list = Array.isArray(sources) ? sources : [sources];
  const names = checkUpload(list, opts, c.namePolicy(opts));
  const folderId = opts.folderId ?? 0;
  const verify = opts.verifyIntegrity ?? c.settings.verifyIntegrity;
  const signal = opts.signal;
  const maxSendAttempts = Math.min(3, c.settings.retry.maxAttempts);

  for (let attempt = 1; ; attempt++) {
    throwIfAborted(signal, 'upload.cgi');
    const server = await getUploadServer(c, signal ? { signal } : {});
    const hashers = verify ? await Promise.all(list.map(() => createWhirlpoolHasher())) : [];
    const batch = { list, names, folderId, hashers };
    const outcome = await sendUpload(c, server, batch, opts);
    let links: EndLink[];
    let listedInFolder = false;
    if (outcome.ok) {
      links = await confirmedLinks(c, server, signal);
    } else {
      const next = await afterFailedSend(
        c,
        server,
        batch,
        outcome,
        { attempt, maxSendAttempts, reopenable: list.every((s) => s.reopenable === true) },
        signal,
      );
      if ('retry' in next) {
        await c.api.waitThenRetry({ ...next.retry, endpoint: 'upload.cgi', attempt: attempt + 1, error: outcome.error }, signal);
        continue;
      }
      links = next.links;
      listedInFolder = next.listed === true;
    }
    let results: UploadedFile[];
    try {
      results = matchLinks(batch, links, verify);
    } catch (e) {
      throw e instanceof OneFichierError ? c.api.scrub(e) : e;
    }
    c.budgets.changed('upload.cgi', { folderId });
    // file/info is scarce (policy/endpoints.ts): not asked when the folder's own listing showed the files.
    if (!listedInFolder) await checkLandedIn(c, folderId, results, signal);
    return results;
  }
}

/**
 * The service stores an upload whose folder does not exist (any more) in the root, and says nothing (doc:
 * "an invalid did puts the file in the root"; docs/api-notes.md#upload). file/info of one stored file tells where it went;
 * when that is not the folder asked for, the stray files are removed and the upload fails clearly.
 */
async function checkLandedIn(c: ClientContext, folderId: number, results: UploadedFile[], signal?: AbortSignal): Promise<void> {
  const first = results[0];
  if (folderId === 0 || !first) return;
  let info: FileInfo;
  try {
    info = await getFileInfo(c, first.url, signal ? { signal } : {});
  } catch (e) {
    // end.pl confirmed the upload; only a file/info that names another folder fails it.
    if (e instanceof OneFichierError && e.kind === 'cancelled') throw e;
    return;
  }
  if (info.folderId === undefined || info.folderId === folderId) return;
  const urls = results.map((r) => r.url);
  let removed = true;
  try {
    await removeFiles(c, urls, signal ? { signal } : {});
  } catch {
    removed = false;
  }
  throw new OneFichierError({
    kind: 'not_found',
    endpoint: 'upload.cgi',
    message: removed
      ? `Folder ${folderId} does not exist (it may have been removed): 1fichier stored the upload in folder ${info.folderId} instead, and it was removed from there.`
      : `Folder ${folderId} does not exist (it may have been removed): 1fichier stored the upload in folder ${info.folderId} instead (${urls.join(', ')}).`,
    hint: removed
      ? 'Choose an existing folder (or create it) and upload again.'
      : `Choose an existing folder and upload again; remove the stray ${urls.length === 1 ? 'copy' : 'copies'} from folder ${info.folderId}.`,
    details: { folderId, storedIn: info.folderId, ...(removed ? {} : { urls }) },
  });
}

/**
 * After a complete POST that end.pl says never arrived: the destination's listing is the last word before
 * sending again (evidence item 11: whether end.pl can say "no file" while a complete upload is still being
 * stored is unproven; rclone never sends an upload twice). Every source found by name and size: those files
 * (their checksums are checked like end.pl's); none found: undefined (send again); some: unknown.
 */
async function linksFromListing(c: ClientContext, batch: UploadBatch, signal?: AbortSignal): Promise<EndLink[] | undefined> {
  const listing = await listFiles(c, { folderId: batch.folderId, ...(signal ? { signal } : {}) });
  const found = batch.list.map(
    (source, i) =>
      listing.items
        .filter((item) => item.filename === shownName(batch.names[i]!) && item.size === source.size)
        .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0))[0],
  );
  if (found.every((f) => f === undefined)) return undefined;
  if (found.some((f) => f === undefined)) {
    throw new OneFichierError({
      kind: 'protocol',
      endpoint: 'upload.cgi',
      message: `Only some of the ${batch.list.length} files of the upload are in folder ${batch.folderId}.`,
      details: { mayHaveArrived: true },
    });
  }
  return found.map((f) => ({ download: f!.url, filename: f!.filename, remove: '', size: f!.size, whirlpool: f!.checksum }));
}

/** The listing's answer; when the listing cannot be read the file may have arrived, and nothing is sent again. */
async function listingOrUnknown(
  c: ClientContext,
  batch: UploadBatch,
  failure: OneFichierError,
  signal?: AbortSignal,
): Promise<EndLink[] | undefined> {
  try {
    return await linksFromListing(c, batch, signal);
  } catch (e) {
    if (e instanceof OneFichierError && e.kind === 'cancelled') throw e;
    throw rewordError(failure, {
      endpoint: 'upload.cgi',
      retryable: false,
      retryAfterMs: undefined,
      message: `${failure.message}. The whole file was sent; 1fichier says nothing arrived, but the folder could not be checked.`,
      hint: 'Check the destination folder before uploading again, to avoid a duplicate.',
      details: { mayHaveArrived: true },
    });
  }
}

/** After a complete POST: end.pl's links, which must name at least one file. */
async function confirmedLinks(c: ClientContext, server: UploadServer, signal?: AbortSignal): Promise<EndLink[]> {
  const links = await awaitEndResult(c, server, signal);
  if (links.length === 0) {
    throw new OneFichierError({
      kind: 'protocol',
      endpoint: 'end.pl',
      message: `The upload was sent but 1fichier reports no file for upload ${server.id}.`,
      hint: 'Check the destination folder; upload again if the file is missing.',
      details: { uploadId: server.id, mayHaveArrived: true },
    });
  }
  return links;
}

/**
 * After a failed POST. A refusal by the node (a JSON KO, or a page such as "Ne peut ouvrir le fichier
 * destination": send.ts) stored nothing, so sending again is safe when the refusal is retryable. Any other
 * failure asks end.pl first: links mean the files arrived; they are sent again only when nothing can have
 * arrived. Otherwise the error says whether the files may have arrived.
 */
async function afterFailedSend(
  c: ClientContext,
  server: UploadServer,
  batch: UploadBatch,
  failed: SendFailure,
  tries: { attempt: number; maxSendAttempts: number; reopenable: boolean },
  signal?: AbortSignal,
): Promise<AfterFailure> {
  const { attempt, reopenable } = tries;
  const failure = failed.error;
  if (failure.kind === 'cancelled' || !failure.retryable) throw failure;
  const canSendAgain = reopenable && attempt < tries.maxSendAttempts;
  const { retry, random } = c.settings;
  if (failed.refused) {
    const flood = isFlood(failure);
    if (!canSendAgain) {
      throw rewordError(failure, {
        endpoint: 'upload.cgi',
        retryAfterMs: flood ? retry.floodCooldownMs : failure.retryAfterMs,
        ...(flood ? { hint: lockHint(failure.code, retry.floodCooldownMs, 'ip') } : {}),
        message: `${failure.message}. Nothing was stored${reopenable ? ` after ${attempt} attempts` : '; the stream cannot be read again'}.`,
        details: { uploadId: server.id, mayHaveArrived: false },
      });
    }
    const ms = flood ? retry.floodCooldownMs : backoffDelayMs(attempt, retry, random);
    const message = `The upload node refused the upload (${failure.kind}); sending it again with a new upload id in ${Math.round(ms / 1000)} s.`;
    return { retry: { reason: flood ? 'flood' : 'backoff', ms, message } };
  }
  const seen = await probeEnd(c, server, failed.bodyComplete, signal);
  if (seen.links && seen.links.length > 0) return { links: seen.links };
  if (failed.bodyComplete && seen.nothing) {
    const listed = await listingOrUnknown(c, batch, failure, signal);
    if (listed) return { links: listed, listed: true };
  }
  const nothingArrived = !failed.bodyComplete || seen.nothing;
  if (nothingArrived && canSendAgain) {
    const ms = backoffDelayMs(attempt, retry, random);
    const message = `Upload interrupted before the service got the file (${failure.kind}); sending it again with a new upload id in ${ms} ms.`;
    return { retry: { reason: 'backoff', ms, message } };
  }
  throw rewordError(failure, {
    endpoint: 'upload.cgi',
    retryable: false,
    retryAfterMs: undefined,
    message: nothingArrived
      ? `${failure.message}. The file did not reach 1fichier${reopenable ? ` after ${attempt} attempts` : ' and its stream cannot be read again'}.`
      : `${failure.message}. The whole file was sent and 1fichier has not confirmed it: it may have arrived.`,
    hint: nothingArrived
      ? 'Upload it again when the connection is stable.'
      : 'Check the destination folder before uploading again, to avoid a duplicate.',
    details: { uploadId: server.id, mayHaveArrived: !nothingArrived },
  });
}
