/**
 * Upload step 3: end.pl, the upload node's report of what it stored for an upload id (docs/api-notes.md#endpl).
 * Polled while the node processes the file, and probed after a failed POST to learn whether the file arrived.
 */
import type { ClientContext } from '../context';
import { OneFichierError } from '../errors';
import * as P from '../parse';
import type { UploadServer } from '../types';

type EndAnswer = { state: 'links'; links: P.EndLink[] } | { state: 'wait' | 'empty' | 'nothing' };

/** One end.pl answer: links, "please wait", JSON without links, or "no file". */
function fetchEnd(c: ClientContext, server: UploadServer, signal?: AbortSignal): Promise<EndAnswer> {
  const endpoint = 'end.pl';
  return c.api.exchange(
    endpoint,
    { method: 'GET', url: server.endUrl, headers: { JSON: '1' } },
    (res): EndAnswer => {
      const text = res.text ?? '';
      if (res.status >= 200 && res.status < 300 && P.looksLikeHtml(text)) {
        if (/please wait|veuillez patienter|patientez|en cours|processing/i.test(text)) return { state: 'wait' };
        if (/pas de fichier|no file/i.test(text)) return { state: 'nothing' };
        throw P.protocolError(
          endpoint,
          `end.pl answered an HTML page instead of the upload result: "${P.htmlExcerpt(text, c.api.secrets)}"`,
          res.status,
        );
      }
      const parsed = P.parseEndResult(c.api.answerOf(endpoint, res));
      return parsed.links.length > 0 ? { state: 'links', links: parsed.links } : { state: 'empty' };
    },
    signal,
  );
}

/** Polls end.pl until it lists the files (bounded by endPollTimeoutMs and emptyLinksRetries); [] when it says "no file". */
export async function awaitEndResult(c: ClientContext, server: UploadServer, signal?: AbortSignal): Promise<P.EndLink[]> {
  const polling = c.settings.polling;
  const deadline = c.clock.now() + polling.endPollTimeoutMs;
  let emptyLeft = polling.emptyLinksRetries;
  for (;;) {
    const r = await fetchEnd(c, server, signal);
    if (r.state === 'links') return r.links;
    if (r.state === 'nothing') return [];
    if (r.state === 'empty' && emptyLeft-- <= 0) {
      throw new OneFichierError({
        kind: 'protocol',
        endpoint: 'end.pl',
        message: `end.pl still lists no file for upload ${server.id} after ${polling.emptyLinksRetries + 1} answers.`,
        hint: 'The file may still appear: check the destination folder before uploading again.',
        details: { uploadId: server.id, mayHaveArrived: true },
      });
    }
    const interval = polling.endPollIntervalMs;
    if (c.clock.now() + interval > deadline) {
      throw new OneFichierError({
        kind: 'timeout',
        endpoint: 'end.pl',
        message: `1fichier had not finished processing upload ${server.id} after ${Math.round(polling.endPollTimeoutMs / 1000)} s.`,
        hint: 'The file may still appear: check the destination folder before uploading again.',
        details: { uploadId: server.id, mayHaveArrived: true },
      });
    }
    const message = `1fichier is processing upload ${server.id}; asking again in ${Math.round(interval / 1000)} s.`;
    await c.api.wait({ reason: 'processing', ms: interval, endpoint: 'end.pl', message }, signal);
  }
}

/** After a failed POST: the links if the file arrived anyway, and whether end.pl says nothing arrived. */
export async function probeEnd(
  c: ClientContext,
  server: UploadServer,
  bodyComplete: boolean,
  signal?: AbortSignal,
): Promise<{ links?: P.EndLink[]; nothing: boolean }> {
  try {
    if (bodyComplete) {
      // The service may have the file and still be processing it: wait for the usual end.pl answer.
      const links = await awaitEndResult(c, server, signal);
      return { links, nothing: links.length === 0 };
    }
    const r = await fetchEnd(c, server, signal);
    if (r.state === 'links') return { links: r.links, nothing: false };
    return { nothing: r.state === 'nothing' || r.state === 'empty' };
  } catch (e) {
    if (e instanceof OneFichierError && e.kind === 'cancelled') throw e;
    return { nothing: false };
  }
}
