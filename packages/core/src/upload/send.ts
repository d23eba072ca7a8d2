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

/** A failed POST: the classified error, whether every byte left, and whether the node refused it (nothing stored). */
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

/**
 * What the node's answer says: a redirect to end.pl means sent; a JSON KO or a known refusal page is a refusal;
 * any other page is left to end.pl; a bare error status is unknown.
 */
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
    if (P.looksLikeHtml(text)) {
      const refusal = refusalOfPage(c, text, res.status);
      if (refusal) return { ok: false, error: refusal, bodyComplete, refused: true };
    } else if (text.trim()) {
      // A JSON KO from the node (a refusal) is an error; any other 200 is left to end.pl.
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

/** The node's message: the first non-empty `<div class="bloc2">` of its page, entities decoded. */
function bloc2Text(html: string): string | undefined {
  for (const m of html.matchAll(/<div\b[^>]*\bclass\s*=\s*["']?[^"'>]*\bbloc2\b[^>]*>([\s\S]*?)<\/div>/gi)) {
    const plain = decodeEntities(m[1]!.replace(/<[^>]*>/g, ' '))
      .replace(/\s+/g, ' ')
      .trim();
    if (plain) return plain;
  }
  return undefined;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  eacute: 'é',
  egrave: 'è',
  ecirc: 'ê',
  agrave: 'à',
  acirc: 'â',
  ccedil: 'ç',
  ocirc: 'ô',
  ucirc: 'û',
  icirc: 'î',
  rsquo: '’',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * The node refuses with HTTP 200 and a French page whose first `bloc2` holds the reason (the CSUploader
 * uploader's live probes and fixtures, docs/api-notes.md#upload-node-refusals). Two reasons are known:
 * - "Ne peut ouvrir le fichier destination": the node could not open its storage target, nothing was stored,
 *   and another node takes the file: retryable, so the upload is sent again with a new upload id;
 * - "Pas de fichier trouvé dans l'envoi": the request held no file the node could read (it is what a file part
 *   with Content-Type before Content-Disposition gets): sending the same request again cannot help.
 * Any other page is not a refusal the client knows: end.pl says what was stored.
 */
function refusalOfPage(c: ClientContext, html: string, httpStatus: number): OneFichierError | undefined {
  const words = bloc2Text(html);
  if (!words) return undefined;
  const quoted = `"${c.api.redact(words).slice(0, 200)}"`;
  if (/ne peut ouvrir le fichier destination/i.test(words)) {
    return new OneFichierError({
      kind: 'server',
      endpoint: 'upload.cgi',
      httpStatus,
      retryable: true,
      message: `The upload node could not store the file (it answered ${quoted})`,
      hint: 'This is a passing failure of one upload node: upload again, and another node takes the file.',
    });
  }
  if (/pas de fichier trouv[ée] dans l['’]envoi/i.test(words)) {
    return new OneFichierError({
      kind: 'protocol',
      endpoint: 'upload.cgi',
      httpStatus,
      retryable: false,
      message: `The upload node found no file in the upload (it answered ${quoted}); nothing was stored.`,
      hint: 'The request was not one the upload node can read, so sending it again would not help. Report it with this message.',
      details: { mayHaveArrived: false },
    });
  }
  return undefined;
}

function isJsonKo(text: string | undefined): boolean {
  try {
    const v: unknown = JSON.parse(text ?? '');
    return P.isObject(v) && P.str(v.status).toUpperCase() === 'KO';
  } catch {
    return false;
  }
}
