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
import type { UploadedFile, UploadOptions, UploadServer, UploadSource } from '../types';
import { checkUpload } from './checks';
import { awaitEndResult, probeEnd } from './end';
import { matchLinks } from './links';
import { sendUpload, type SendFailure } from './send';
import { getUploadServer } from './server';

/** How a failed try ends: the links (the files arrived after all), or a wait before sending again with a new id. */
type AfterFailure = { links: EndLink[] } | { retry: Omit<RetryStep, 'endpoint' | 'attempt' | 'error'> };

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
    if (outcome.ok) {
      links = await confirmedLinks(c, server, signal);
    } else {
      const next = await afterFailedSend(
        c,
        server,
        outcome,
        { attempt, maxSendAttempts, reopenable: list.every((s) => s.reopenable === true) },
        signal,
      );
      if ('retry' in next) {
        await c.api.waitThenRetry({ ...next.retry, endpoint: 'upload.cgi', attempt: attempt + 1, error: outcome.error }, signal);
        continue;
      }
      links = next.links;
    }
    let results: UploadedFile[];
    try {
      results = matchLinks(batch, links, verify);
    } catch (e) {
      throw e instanceof OneFichierError ? c.api.scrub(e) : e;
    }
    c.budgets.changed('upload.cgi', { folderId });
    return results;
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
 * After a failed POST. A refusal by the node (a JSON KO) stored nothing, so sending again is safe. Any other
 * failure asks end.pl first: links mean the files arrived; they are sent again only when nothing can have
 * arrived. Otherwise the error says whether the files may have arrived.
 */
async function afterFailedSend(
  c: ClientContext,
  server: UploadServer,
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
