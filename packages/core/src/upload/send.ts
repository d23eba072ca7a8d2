/**
 * Upload step 2: one streamed multipart POST to the upload node, hashed on the way. It is paced but never
 * retried here: the caller decides from the outcome (and end.pl) whether sending again is safe.
 */
import type { ClientContext } from '../context';
import { OneFichierError, TransportError } from '../errors';
import type { IncrementalHash } from '../hash';
import { encodeMultipart, makeBoundary, type MultipartField } from '../multipart';
import { shownName } from '../names';
import * as P from '../parse';
import type { HttpResponse, UploadOptions, UploadServer, UploadSource } from '../types';

/** A failed POST: the classified error, whether every byte left, and whether the node refused it (a JSON KO). */
export interface SendFailure {
  ok: false;
  error: OneFichierError;
  bodyComplete: boolean;
  refused: boolean;
}

export type SendOutcome = { ok: true } | SendFailure;

/** What one request uploads: the sources, their names as sent, the destination, a Whirlpool hasher per source when verifying. */
export interface UploadBatch {
  list: UploadSource[];
  names: string[];
  folderId: number;
  hashers: IncrementalHash[];
}

export async function sendUpload(c: ClientContext, server: UploadServer, b: UploadBatch, opts: UploadOptions): Promise<SendOutcome> {
  const endpoint = 'upload.cgi';
  const signal = opts.signal;
  const fields: MultipartField[] = [{ name: 'did', value: String(b.folderId) }];
  if (opts.password) fields.push({ name: 'dpass', value: opts.password });
  if (opts.domain !== undefined) fields.push({ name: 'domain', value: String(opts.domain) });
  const totalBytes = b.list.reduce((n, s) => n + s.size, 0);
  let bytesSent = 0;
  const mp = encodeMultipart(
    fields,
    b.list.map((source, i) => ({ filename: b.names[i]!, source })),
    makeBoundary(c.settings.random),
    {
      ...(signal ? { signal } : {}),
      onFileChunk: (i, chunk) => {
        b.hashers[i]?.update(chunk);
        bytesSent += chunk.length;
        if (opts.onProgress) {
          try {
            opts.onProgress({ bytesSent, totalBytes, file: shownName(b.names[i]!) });
          } catch {
            // A progress listener's failure must not break the upload.
          }
        }
      },
    },
  );
  let res: HttpResponse;
  try {
    res = await c.api.sendOnce(
      {
        method: 'POST',
        url: server.uploadUrl,
        headers: { 'Content-Type': mp.contentType, 'Content-Length': String(mp.body.length) },
        body: mp.body,
        transfer: true,
      },
      signal,
    );
  } catch (e) {
    // Our own stream errors (size mismatch, cancel) are the real cause; the transport only relayed them.
    if (mp.failure instanceof OneFichierError) throw mp.failure;
    const error = c.api.errorOf(e, endpoint, signal);
    if (error.kind === 'cancelled') throw error;
    const incomplete = e instanceof TransportError && e.bodyIncomplete === true;
    return { ok: false, error, bodyComplete: mp.complete && !incomplete, refused: false };
  }
  if (mp.failure instanceof OneFichierError) throw mp.failure;
  return outcomeOf(c, res, mp.complete);
}

/** What the node's answer says: a redirect to end.pl or a page means sent; a JSON KO is a refusal; a bare error status is unknown. */
function outcomeOf(c: ClientContext, res: HttpResponse, bodyComplete: boolean): SendOutcome {
  const endpoint = 'upload.cgi';
  if (res.status >= 300 && res.status < 400) {
    const location = res.headers['location'] ?? '';
    if (location && !/end\.pl/i.test(location)) {
      throw new OneFichierError({
        kind: 'protocol',
        endpoint,
        httpStatus: res.status,
        message: `upload.cgi redirected to an unexpected place (${c.api.redact(location).slice(0, 120)}) instead of end.pl.`,
      });
    }
    return { ok: true };
  }
  if (res.status >= 200 && res.status < 300) {
    const text = res.text ?? '';
    if (!P.looksLikeHtml(text) && text.trim()) {
      // A JSON KO from the node (a refusal) is an error; any other 200 is the tolerated HTML end page.
      try {
        c.api.answerOf(endpoint, res);
      } catch (e) {
        if (e instanceof OneFichierError && e.kind !== 'protocol') return { ok: false, error: e, bodyComplete, refused: true };
      }
    }
    return { ok: true };
  }
  try {
    c.api.answerOf(endpoint, res);
  } catch (e) {
    const error = c.api.errorOf(e, endpoint);
    // A JSON KO is the node refusing the upload; a bare 5xx (a proxy) may hide a stored file: end.pl decides.
    return { ok: false, error, bodyComplete, refused: isJsonKo(res.text) };
  }
  return { ok: true };
}

function isJsonKo(text: string | undefined): boolean {
  try {
    const v: unknown = JSON.parse(text ?? '');
    return P.isObject(v) && P.str(v.status).toUpperCase() === 'KO';
  } catch {
    return false;
  }
}
