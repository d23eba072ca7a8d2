import { createHash } from 'crypto';
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, ILoadOptionsFunctions, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';
import {
  FolderFileIndex,
  OneFichierClient,
  TransportError,
  checkBaseUrl,
  redact,
  type Clock,
  type HttpRequest,
  type HttpResponse,
  type HttpTransport,
  type StreamBody,
} from '@onefichier/core';
import { ExecutionClient } from './listings';

const CREDENTIAL_TYPE = 'oneFichierApi';

export type OneFichierContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/** Something with the static `from(iterable)` of Node's Readable. */
type ReadableFactory = { from(iterable: AsyncIterable<Uint8Array>, options?: IDataObject): unknown };

/**
 * Verified nodes may not import `stream`, yet n8n's HTTP helper needs a Readable to stream a body. Every
 * stream n8n hands us (a binary-data stream, a response body) is a Readable whose constructor inherits
 * Readable.from, so we remember one and build request bodies with it.
 */
export class StreamMaker {
  private factory: ReadableFactory | undefined;

  learnFrom(stream: unknown): void {
    if (this.factory || !stream || typeof stream !== 'object') return;
    const ctor = (stream as { constructor?: unknown }).constructor as Partial<ReadableFactory> | undefined;
    if (ctor && typeof ctor.from === 'function') this.factory = ctor as ReadableFactory;
  }

  /** A Readable over `chunks`, or undefined when no Readable has been seen yet. */
  readable(chunks: AsyncIterable<Uint8Array>): unknown {
    return this.factory?.from(chunks, { objectMode: false });
  }
}

function isStreamBody(body: HttpRequest['body']): body is StreamBody {
  return typeof body === 'object' && body !== null && !(body instanceof Uint8Array) && 'chunks' in body;
}

async function collect(body: StreamBody): Promise<Buffer> {
  const parts: Buffer[] = [];
  let total = 0;
  for await (const chunk of body.chunks) {
    parts.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    total += chunk.byteLength;
  }
  if (total !== body.length) {
    throw new TransportError('EBODYLENGTH', `The request body had ${total} bytes instead of the announced ${body.length}.`, {
      bodyIncomplete: true,
    });
  }
  return Buffer.concat(parts, total);
}

function lowerCaseHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers || typeof headers !== 'object') return out;
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

/** Network failures keep only their code and a short message: the original error holds the request headers. */
function toTransportError(error: unknown, signal: AbortSignal | undefined): TransportError {
  const e = error as { code?: unknown; name?: unknown; message?: unknown; cause?: { code?: unknown } };
  if (signal?.aborted || e?.name === 'AbortError' || e?.name === 'CanceledError' || e?.code === 'ERR_CANCELED') {
    return new TransportError('ABORTED', 'The request was cancelled.');
  }
  const code = typeof e?.code === 'string' ? e.code : typeof e?.cause?.code === 'string' ? e.cause.code : 'ENETWORK';
  const message = typeof e?.message === 'string' ? redact(e.message) : 'Network error';
  return new TransportError(code, message.slice(0, 300));
}

/**
 * The core's HttpTransport over n8n's HTTP helpers. The credential adds the Bearer header, so the API host and
 * the upload node are reached through `httpRequestWithAuthentication`; a request the core marks anonymous
 * (the download host, or plain http while the API is https) goes through the plain `httpRequest`, which
 * applies no credential: n8n's generic `authenticate` would put the key on every request it is given.
 */
export function createN8nTransport(ctx: OneFichierContext, streams: StreamMaker): HttpTransport {
  return async (req: HttpRequest): Promise<HttpResponse> => {
    const headers: Record<string, string> = { ...req.headers };
    let body: unknown = req.body;
    if (isStreamBody(req.body)) {
      const readable = streams.readable(req.body.chunks);
      // Only binary data kept in memory (n8n's "default" mode) has no stream to learn from, so
      // gathering it here costs no more than n8n already spends.
      body = readable ?? (await collect(req.body));
      headers['Content-Length'] = String(req.body.length);
    } else if (req.body instanceof Uint8Array) {
      body = Buffer.from(req.body.buffer, req.body.byteOffset, req.body.byteLength);
    }
    const options: IHttpRequestOptions = {
      method: req.method,
      url: req.url,
      headers,
      ignoreHttpStatusErrors: true,
      returnFullResponse: true,
      disableFollowRedirect: true,
      encoding: req.responseType === 'stream' ? 'stream' : 'text',
      json: false,
    };
    if (body !== undefined) options.body = body as IDataObject;
    if (req.timeoutMs) options.timeout = req.timeoutMs;
    if (req.signal) options.abortSignal = req.signal;
    let response: { statusCode?: number; headers?: unknown; body?: unknown };
    try {
      response = (
        req.anonymous
          ? await ctx.helpers.httpRequest(options)
          : await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, options)
      ) as typeof response;
    } catch (error) {
      throw toTransportError(error, req.signal);
    }
    const result: HttpResponse = { status: Number(response.statusCode ?? 0), headers: lowerCaseHeaders(response.headers) };
    if (req.responseType === 'stream') {
      streams.learnFrom(response.body);
      result.stream = response.body as AsyncIterable<Uint8Array>;
    } else {
      const raw = response.body;
      result.text =
        typeof raw === 'string'
          ? raw
          : Buffer.isBuffer(raw)
            ? raw.toString('utf8')
            : raw === undefined || raw === null
              ? ''
              : JSON.stringify(raw);
    }
    return result;
  };
}

/** n8n-workflow's sleep, made cancellable so a stopped execution does not wait out a flood cooldown. */
const n8nClock: Clock = {
  now: () => Date.now(),
  sleep: async (ms: number, signal?: AbortSignal) => {
    if (signal?.aborted) throw new TransportError('ABORTED', 'Cancelled');
    if (!signal) return await sleep(ms);
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => reject(new TransportError('ABORTED', 'Cancelled'));
      signal.addEventListener('abort', onAbort, { once: true });
      sleep(ms).then(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, reject);
    });
  },
};

export interface ClientHandle {
  client: OneFichierClient;
  streams: StreamMaker;
  /**
   * The files of the folders this execution looked into (Upload's "If a File With This Name Exists"): one
   * listing per folder per execution, shared by every item, then kept up to date with the items' changes.
   */
  folderFiles: FolderFileIndex;
  /** The waits for 1fichier's pace and limits this execution made (the core's wait events), to say why it took long. */
  waits: { totalMs: number; longest?: string };
}

/** The credential's base URL by the core's rule (empty means the real service). */
function normaliseBaseUrl(ctx: OneFichierContext, raw: unknown): string {
  const checked = checkBaseUrl(typeof raw === 'string' ? raw : undefined);
  if (!checked.ok)
    throw new NodeOperationError(ctx.getNode(), `The credential's API Base URL ${checked.problem}`, { description: checked.hint });
  return checked.url;
}

/**
 * The credential's "Processes Sharing This Key" (1 when absent: credentials saved before it existed). The
 * node cannot see the other n8n processes (verified nodes use n8n's helpers only), so queue-mode workers
 * keep within the IP's pace by each taking that share of it, and by the core's pacing, which learns from
 * a flood lock.
 */
function processesSharingKey(ctx: OneFichierContext, raw: unknown): number {
  if (raw === undefined || raw === null || raw === '') return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 100)
    throw new NodeOperationError(
      ctx.getNode(),
      `The credential's "Processes Sharing This Key" must be a whole number from 1 to 100 (got ${String(raw)})`,
      {
        description: 'Set it to the number of n8n processes that run 1fichier nodes at the same time (in queue mode: the workers).',
      },
    );
  return n;
}

/**
 * One client per execution. The core shares its limiter and caches between clients with the same
 * account key in this process, so every item (and every parallel execution) of one account is paced
 * together. The account key is a hash; the key itself is handed to the core only as a secret to redact.
 */
export async function getClient(ctx: OneFichierContext): Promise<ClientHandle> {
  const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
  const apiKey = typeof credentials.apiKey === 'string' ? credentials.apiKey : '';
  if (apiKey.trim() === '') {
    throw new NodeOperationError(ctx.getNode(), 'The 1fichier credential has no API key', {
      description: 'Open the credential and paste the API key from https://1fichier.com/console/params.pl.',
    });
  }
  const baseUrl = normaliseBaseUrl(ctx, credentials.baseUrl);
  const accountKey = createHash('sha256').update(`${baseUrl}\n${apiKey}`).digest('hex');
  const streams = new StreamMaker();
  const waits: ClientHandle['waits'] = { totalMs: 0 };
  let longestMs = 0;
  // Its listings are this execution's own: one per folder, patched by its own changes (listings.ts).
  const client = new ExecutionClient({
    transport: createN8nTransport(ctx, streams),
    clock: n8nClock,
    accountKey,
    baseUrl,
    // Never sent by the core (the credential adds the header), but removed from every error and event: a
    // server may echo the bare key, and errors reach n8n's execution data.
    secrets: [apiKey],
    processesSharingPace: processesSharingKey(ctx, credentials.processesSharingKey),
    onEvent: (event) => {
      if (event.type !== 'wait') return;
      waits.totalMs += event.ms;
      if (event.ms > longestMs) {
        longestMs = event.ms;
        waits.longest = event.message;
      }
    },
  });
  return { client, streams, folderFiles: new FolderFileIndex(client), waits };
}
