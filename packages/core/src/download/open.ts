/** One GET of the token URL from a byte offset: the answer with the file, or the classified refusal. */
import type { ClientContext } from '../context';
import { OneFichierError } from '../errors';
import * as P from '../parse';
import type { HttpResponse } from '../types';
import { deliveryOf, type Delivery } from './integrity';
import type { HeldToken } from './token';

export interface OpenDownload extends Delivery {
  res: HttpResponse;
}

/** GET on the token URL from `start` (Range when > 0); renews the token once on 403/410; classifies other failures. */
export async function openDownload(c: ClientContext, token: HeldToken, start: number, signal?: AbortSignal): Promise<OpenDownload> {
  const endpoint = 'download';
  let renewed = false;
  for (;;) {
    const res = await c.api.exchange(
      endpoint,
      { method: 'GET', url: token.url, headers: start > 0 ? { Range: `bytes=${start}-` } : {}, responseType: 'stream', transfer: true, anonymous: true },
      async (r) => {
        if (r.status === 200 || r.status === 206 || r.status === 403 || r.status === 410) return r;
        const text = await readText(r.stream, 65_536);
        if (r.status === 416) {
          throw new OneFichierError({
            kind: 'invalid_input',
            endpoint,
            httpStatus: 416,
            message: `The file is shorter than the resume offset ${start}.`,
            hint: 'Delete the partial file and download again.',
          });
        }
        if (r.status === 404)
          throw new OneFichierError({
            kind: 'not_found',
            endpoint,
            httpStatus: 404,
            message: 'The download host does not know this file (HTTP 404).',
          });
        c.api.answerOf(endpoint, r, text);
        throw P.protocolError(endpoint, `The download host answered HTTP ${r.status} instead of the file.`, r.status);
      },
      signal,
    );
    if (res.status === 403 || res.status === 410) {
      const text = await readText(res.stream, 65_536);
      if (!renewed) {
        renewed = true;
        await token.renew();
        continue;
      }
      c.api.answerOf(endpoint, res, text);
      throw new OneFichierError({
        kind: 'api',
        endpoint,
        httpStatus: res.status,
        message: `The download host refused the file (HTTP ${res.status}) even with a new token.`,
      });
    }
    return { res, ...deliveryOf(res, start) };
  }
}

/** Reads a (small) error body to text, bounded. */
async function readText(stream: AsyncIterable<Uint8Array> | undefined, limit: number): Promise<string> {
  if (!stream) return '';
  const decoder = new TextDecoder();
  let out = '';
  try {
    for await (const chunk of stream) {
      out += decoder.decode(chunk, { stream: true });
      if (out.length >= limit) break;
    }
  } catch {
    // An error body that breaks off is still worth showing as far as it went.
  }
  return out + decoder.decode();
}
