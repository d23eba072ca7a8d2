/**
 * One GET of the token URL from a byte offset: the answer with the file, or the classified refusal. Without
 * the key (the download host needs none: docs/api-notes.md#authentication), following redirects within
 * 1fichier (redirects.ts), and never taking an HTML page for the file (pages.ts).
 */
import type { ClientContext } from '../context';
import { OneFichierError } from '../errors';
import * as P from '../parse';
import type { RequestSpec } from '../pipeline';
import type { HttpResponse } from '../types';
import { deliveryOf, type Delivery } from './integrity';
import { classifyPage, isPage, type PageVerdict } from './pages';
import { checkRedirect, MAX_DOWNLOAD_REDIRECTS } from './redirects';
import type { HeldToken } from './token';

export interface OpenDownload extends Delivery {
  res: HttpResponse;
}

/** "Too fast" pages answered with a wait and a new token, before giving up (the wait is JDownloader's 30 s). */
const MAX_TOO_FAST_WAITS = 3;

const ENDPOINT = 'download';

/** What one GET of the download host came to. */
type Answer =
  | { file: OpenDownload }
  | { redirect: string; status: number }
  | { page: PageVerdict }
  /** A 403/410 that may be a stale token; `page` is what to report if a new token does not help. */
  | { refused: HttpResponse; text: string; page?: PageVerdict };

/**
 * GET on the token URL from `start` (Range when > 0). Redirects within 1fichier are followed; a 403/410 that
 * is no known page gets one new token; a "too fast" page a wait and a new token (bounded); any other page or
 * refusal is a classified error.
 */
export async function openDownload(c: ClientContext, token: HeldToken, start: number, signal?: AbortSignal): Promise<OpenDownload> {
  let renewed = false;
  let tooFastWaits = 0;
  for (;;) {
    const answer = await followRedirects(c, token.url, start, signal);
    if ('file' in answer) return answer.file;
    if ('refused' in answer) {
      // A token the host no longer accepts (expired, used, another location): one new token.
      if (!renewed) {
        renewed = true;
        await token.renew();
        continue;
      }
      if (answer.page) throw c.api.scrub(answer.page.error);
      c.api.answerOf(ENDPOINT, answer.refused, answer.text);
      throw new OneFichierError({
        kind: 'api',
        endpoint: ENDPOINT,
        httpStatus: answer.refused.status,
        message: `The download host refused the file (HTTP ${answer.refused.status}) even with a new token.`,
      });
    }
    if ('page' in answer) {
      const { error, tooFast } = answer.page;
      if (!tooFast || tooFastWaits >= MAX_TOO_FAST_WAITS) throw c.api.scrub(error);
      tooFastWaits++;
      const ms = c.settings.retry.tooFastWaitMs;
      await c.api.waitThenRetry(
        {
          reason: 'backoff',
          ms,
          endpoint: ENDPOINT,
          message: `The download host says the requests are too fast; waiting ${Math.round(ms / 1000)} s, then asking with a new token.`,
          attempt: tooFastWaits + 1,
          error,
        },
        signal,
      );
      await token.renew();
      continue;
    }
    throw P.protocolError(
      ENDPOINT,
      `The download host answered HTTP ${answer.status} with more than ${MAX_DOWNLOAD_REDIRECTS} redirects.`,
      answer.status,
    );
  }
}

/** GETs `url`, and the places it redirects to within the rule of redirects.ts, up to MAX_DOWNLOAD_REDIRECTS. */
async function followRedirects(c: ClientContext, url: string, start: number, signal?: AbortSignal): Promise<Answer> {
  let answer = await getOnce(c, url, start, signal);
  for (let n = 0; n < MAX_DOWNLOAD_REDIRECTS && 'redirect' in answer; n++) answer = await getOnce(c, answer.redirect, start, signal);
  return answer;
}

/** One paced, retried GET (network errors, 429/5xx without a page), and what its answer means. */
function getOnce(c: ClientContext, url: string, start: number, signal?: AbortSignal): Promise<Answer> {
  const spec: RequestSpec = {
    method: 'GET',
    url,
    headers: start > 0 ? { Range: `bytes=${start}-` } : {},
    responseType: 'stream',
    transfer: true,
    anonymous: true,
  };
  return c.api.exchange(ENDPOINT, spec, (res) => interpret(c, url, res, start), signal);
}

async function interpret(c: ClientContext, url: string, res: HttpResponse, start: number): Promise<Answer> {
  const { status } = res;
  if (status === 200 || status === 206) {
    const peeked = await peekFirst(res.stream);
    if (isPage(res.headers, peeked.first)) return { page: classifyPage(status, await readText(peeked.stream, 65_536), c.api.secrets) };
    const file = { ...res, stream: peeked.stream };
    return { file: { res: file, ...deliveryOf(file, start) } };
  }
  if (status >= 300 && status < 400 && status !== 304) {
    await readText(res.stream, 0);
    const target = checkRedirect(url, res.headers.location);
    if (target.ok) return { redirect: target.url, status };
    throw new OneFichierError({
      kind: 'protocol',
      endpoint: ENDPOINT,
      httpStatus: status,
      message: `The download host answered HTTP ${status} with ${target.problem}.`,
      hint: 'The client did not follow it: a token and its file stay within 1fichier. Check for a proxy or captive portal on the network; if it persists, report it with this message.',
    });
  }
  const text = await readText(res.stream, 65_536);
  const html = isPage(res.headers, new TextEncoder().encode(text.slice(0, 512))) || (!res.headers['content-type'] && P.looksLikeHtml(text));
  const page = html ? classifyPage(status, text, c.api.secrets) : undefined;
  // An unknown page or a JSON refusal on 403/410 may mean a stale token: openDownload takes a new one first.
  if ((status === 403 || status === 410) && (!page || page.error.kind === 'protocol'))
    return { refused: res, text, ...(page ? { page } : {}) };
  if (page) return { page };
  if (status === 416) {
    throw new OneFichierError({
      kind: 'invalid_input',
      endpoint: ENDPOINT,
      httpStatus: 416,
      message: `The file is shorter than the resume offset ${start}.`,
      hint: 'Delete the partial file and download again.',
    });
  }
  if (status === 404)
    throw new OneFichierError({
      kind: 'not_found',
      endpoint: ENDPOINT,
      httpStatus: 404,
      message: 'The download host does not know this file (HTTP 404).',
    });
  c.api.answerOf(ENDPOINT, res, text);
  throw P.protocolError(ENDPOINT, `The download host answered HTTP ${status} instead of the file.`, status);
}

/**
 * The first chunk of a body, and the body again from its start (the first chunk included), so that a page
 * can be recognised by its first bytes without losing them.
 */
async function peekFirst(
  stream: AsyncIterable<Uint8Array> | undefined,
): Promise<{ first?: Uint8Array; stream: AsyncIterable<Uint8Array> }> {
  if (!stream) return { stream: emptyBody() };
  const it = stream[Symbol.asyncIterator]();
  const step = await it.next();
  if (step.done) return { stream: emptyBody() };
  return { first: step.value, stream: replay(step.value, it) };
}

/** One chunk, then the rest of an iterator; stopping early releases the iterator (and its connection). */
function replay(first: Uint8Array, it: AsyncIterator<Uint8Array>): AsyncIterable<Uint8Array> {
  let given = false;
  const iterator: AsyncIterator<Uint8Array> = {
    next: () => {
      if (given) return it.next();
      given = true;
      return Promise.resolve({ done: false, value: first });
    },
    return: (value?: unknown) => (it.return ? it.return(value) : Promise.resolve({ done: true, value: undefined })),
  };
  return { [Symbol.asyncIterator]: () => iterator };
}

async function* emptyBody(): AsyncGenerator<Uint8Array> {
  // A response without a body.
}

/** Reads a (small) error body to text, bounded; a limit of 0 only releases it. */
async function readText(stream: AsyncIterable<Uint8Array> | undefined, limit: number): Promise<string> {
  if (!stream) return '';
  const decoder = new TextDecoder();
  let out = '';
  try {
    for await (const chunk of stream) {
      if (limit === 0) break;
      out += decoder.decode(chunk, { stream: true });
      if (out.length >= limit) break;
    }
  } catch {
    // An error body that breaks off is still worth showing as far as it went.
  }
  return out + decoder.decode();
}
