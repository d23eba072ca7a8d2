/**
 * The 1fichier API client. Protocol only: HTTP goes through the injected transport, time through the
 * injected clock, so the same code runs in Node, in VS Code and inside n8n's sandbox.
 */
import { accountIdOf, createWhirlpoolHasher, type IncrementalHash } from './hash';
import { OneFichierError, TransportError, cancelledError, isAbortError, redact, rewordError, throwIfAborted } from './errors';
import { sharedAnswerCache, sharedLimiter } from './policy/accounts';
import { Budgets } from './policy/budgets';
import { interpretAnswer, isFlood } from './policy/classify';
import { DEFAULT_LIMITS, type RateLimiter, cancellableSleep } from './policy/pacer';
import { DEFAULT_RETRY, backoffDelayMs, decideRetry } from './policy/retry';
import { encodeMultipart, makeBoundary, type MultipartField } from './multipart';
import { checkName } from './names';
import { toParisDateText } from './dates';
import * as P from './parse';
import type {
  AccountInfo,
  CallOptions,
  ClientEvent,
  ClientOptions,
  Clock,
  CopyFilesResult,
  CreatedFolder,
  DownloadOptions,
  DownloadStream,
  DownloadToken,
  DownloadTokenRequest,
  FileAttributes,
  FileInfo,
  FileItem,
  FileListing,
  FileToRemove,
  FolderListing,
  FolderMoveResult,
  HttpRequest,
  HttpResponse,
  HttpTransport,
  ListFilesOptions,
  ListFolderOptions,
  MoveFilesResult,
  RemoteUploadCreated,
  RemoteUploadInfo,
  RemoteUploadJob,
  RemoteUploadRequest,
  RemoveFilesResult,
  RenameFileResult,
  ReservedNamePolicy,
  RetryOptions,
  ScanResult,
  SetAttributesResult,
  ShareFolderOptions,
  UploadedFile,
  UploadOptions,
  UploadPollOptions,
  UploadServer,
  UploadSource,
  WaitForRemoteUploadOptions,
} from './types';

export const DEFAULT_BASE_URL = 'https://api.1fichier.com/v1';
export const MAX_FILE_SIZE = 300e9;
export const MAX_REQUEST_SIZE = 500e9;
export const MAX_FILES_PER_UPLOAD = 500;
/** The service keeps a download token about 5 minutes; renew a little before. */
export const TOKEN_LIFETIME_MS = 300_000;
const TOKEN_RENEW_AFTER_MS = 270_000;

export const DEFAULT_UPLOAD_POLLING: UploadPollOptions = { endPollIntervalMs: 5_000, endPollTimeoutMs: 300_000, emptyLinksRetries: 3 };

type Json = P.Json;

export class OneFichierClient {
  readonly baseUrl: string;
  /** Scheme of baseUrl, also used for the upload node and end.pl (https for the service, http for a loopback sandbox). */
  readonly scheme: 'http' | 'https';
  readonly limiter: RateLimiter;
  private readonly transport: HttpTransport;
  private readonly clock: Clock;
  private readonly apiKey: string | undefined;
  private readonly retry: RetryOptions;
  private readonly polling: UploadPollOptions;
  private readonly verifyIntegrity: boolean;
  private readonly reservedNames: ReservedNamePolicy;
  private readonly requestTimeoutMs: number;
  private readonly transferIdleTimeoutMs: number;
  private readonly random: () => number;
  private readonly budgets: Budgets;
  private readonly emit: (e: ClientEvent) => void;

  constructor(options: ClientOptions) {
    if (!options || typeof options.transport !== 'function')
      throw invalidInput('OneFichierClient needs a transport function (options.transport).');
    if (!options.clock || typeof options.clock.now !== 'function' || typeof options.clock.sleep !== 'function') {
      throw invalidInput('OneFichierClient needs a clock { now(), sleep(ms, signal) } (options.clock).');
    }
    if (options.apiKey !== undefined) {
      if (typeof options.apiKey !== 'string' || options.apiKey.trim() === '') {
        throw new OneFichierError({
          kind: 'auth',
          message: 'The API key is empty.',
          hint: 'Paste the API key from 1fichier.com > Parameters > API key.',
        });
      }
      if (/\s/.test(options.apiKey.trim())) {
        throw new OneFichierError({
          kind: 'auth',
          message: 'The API key contains spaces or line breaks.',
          hint: 'Copy the API key again without surrounding text.',
        });
      }
    }
    this.apiKey = options.apiKey?.trim();
    this.transport = options.transport;
    this.clock = options.clock;
    const base = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    const m = /^(https?):\/\/[^/?#\s]+(\/[^?#\s]*)?$/i.exec(base);
    if (!m) throw invalidInput(`baseUrl "${base}" is not an http(s) URL such as ${DEFAULT_BASE_URL}.`);
    this.baseUrl = base;
    this.scheme = m[1]!.toLowerCase() as 'http' | 'https';
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    if (!(this.retry.maxAttempts >= 1)) throw invalidInput('retry.maxAttempts must be at least 1.');
    this.polling = { ...DEFAULT_UPLOAD_POLLING, ...options.uploadPolling };
    this.verifyIntegrity = options.verifyIntegrity ?? true;
    this.reservedNames = options.reservedNames ?? 'refuse';
    this.requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
    this.transferIdleTimeoutMs = options.transferIdleTimeoutMs ?? 300_000;
    this.random = options.random ?? Math.random;
    const onEvent = options.onEvent;
    const secrets = [this.apiKey];
    this.emit = (e) => {
      if (!onEvent) return;
      try {
        onEvent({ ...e, message: redact(e.message, secrets) });
      } catch {
        // A listener's failure must not break the call it observes.
      }
    };
    const accountId = this.apiKey ? accountIdOf(this.apiKey) : options.accountKey ? `a:${options.accountKey}` : 'anonymous';
    this.limiter = sharedLimiter(accountId, this.clock, options.limits);
    this.budgets = new Budgets({
      answers: sharedAnswerCache(accountId, this.clock),
      limits: () => this.limiter.limits,
      emit: this.emit,
      wait: async (w, signal) => {
        this.emit({ type: 'wait', ...w });
        await cancellableSleep(this.clock, w.ms, signal);
      },
      maxBudgetWaitMs: options.limits?.maxBudgetWaitMs ?? DEFAULT_LIMITS.maxBudgetWaitMs,
    });
  }

  // ================================================================ low level

  private authHeaders(): Record<string, string> {
    return this.apiKey ? { Authorization: `Bearer ${this.apiKey}` } : {};
  }

  private redact(text: string): string {
    return redact(text, [this.apiKey]);
  }

  /** Turns anything a transport threw into a OneFichierError without secrets. */
  private wrapTransportError(e: unknown, endpoint: string, signal?: AbortSignal): OneFichierError {
    if (e instanceof OneFichierError) return e;
    if (isAbortError(e, signal)) return cancelledError(endpoint);
    const code =
      e instanceof TransportError
        ? e.code
        : typeof (e as { code?: unknown })?.code === 'string'
          ? (e as { code: string }).code
          : 'ENETWORK';
    const raw = e instanceof Error ? e.message : String(e);
    return new OneFichierError({
      kind: 'network',
      endpoint,
      retryable: true,
      message: `Network error on ${endpoint} (${code}): ${this.redact(raw)}`,
      hint: 'Check the network connection (and any proxy); the client retried where it was safe.',
      details: { transportCode: code },
    });
  }

  /**
   * One logical call: paced by the shared limiter, retried according to the retry policy. `interpret`
   * turns an HTTP answer into the result or throws the classified error.
   */
  private async exchange<T>(
    endpoint: string,
    build: () => HttpRequest,
    interpret: (res: HttpResponse) => T | Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    let floodWaited = 0;
    for (let attempt = 1; ; attempt++) {
      throwIfAborted(signal, endpoint);
      await this.limiter.acquire(signal);
      const outcome = await this.attemptOnce(endpoint, build, interpret, signal);
      if ('value' in outcome) return outcome.value;
      const error = outcome.error;
      if (signal?.aborted) throw cancelledError(endpoint);
      const decision = decideRetry(error, attempt, floodWaited, this.retry, this.random);
      if (decision.action === 'fail') {
        if (isFlood(error) && floodWaited > 0) {
          throw rewordError(error, {
            kind: 'rate_limited',
            endpoint,
            retryable: true,
            retryAfterMs: this.retry.floodCooldownMs,
            message: `${error.message} (still locked after waiting ${Math.round(floodWaited / 1000)} s in total)`,
            hint: `${error.hint} Wait at least ${Math.round(this.retry.floodCooldownMs / 1000)} s before the next call.`,
          });
        }
        throw error;
      }
      if (decision.action === 'flood') {
        floodWaited += decision.delayMs;
        this.limiter.pause(decision.delayMs);
        this.emit({
          type: 'wait',
          reason: 'flood',
          ms: decision.delayMs,
          endpoint,
          message: `1fichier flood lock (${error.code !== undefined ? `#${error.code}` : 'flood'}): pausing every call on this account for ${Math.round(decision.delayMs / 1000)} s before retrying.`,
        });
      } else {
        this.emit({
          type: 'wait',
          reason: 'backoff',
          ms: decision.delayMs,
          endpoint,
          message: `${error.kind} on ${endpoint}; retrying in ${decision.delayMs} ms (attempt ${attempt + 1} of ${this.retry.maxAttempts}).`,
        });
        await cancellableSleep(this.clock, decision.delayMs, signal);
      }
      this.emit({ type: 'retry', endpoint, attempt: attempt + 1, errorKind: error.kind, message: error.message });
    }
  }

  /** One try: a transport failure or a classified answer becomes `error`; a bug in `interpret` is thrown as is. */
  private async attemptOnce<T>(
    endpoint: string,
    build: () => HttpRequest,
    interpret: (res: HttpResponse) => T | Promise<T>,
    signal?: AbortSignal,
  ): Promise<{ value: T } | { error: OneFichierError }> {
    let res: HttpResponse;
    try {
      res = await this.transport(build());
    } catch (e) {
      return { error: this.wrapTransportError(e, endpoint, signal) };
    }
    try {
      return { value: await interpret(res) };
    } catch (e) {
      if (e instanceof OneFichierError) return { error: this.scrub(e) };
      throw e;
    }
  }

  /** The same error with the key removed from every text (answers may echo what they received). */
  private scrub(e: OneFichierError): OneFichierError {
    if (!this.apiKey) return e;
    const details = e.details ? (JSON.parse(this.redact(JSON.stringify(e.details))) as Record<string, unknown>) : undefined;
    const message = this.redact(e.message);
    const hint = this.redact(e.hint);
    if (message === e.message && hint === e.hint && JSON.stringify(details) === JSON.stringify(e.details)) return e;
    return rewordError(e, { message, hint, details });
  }

  /** POST <base>/<endpoint> with a JSON body; returns the answer object or throws the classified error. */
  private postJson(endpoint: string, payload: Json, signal?: AbortSignal, check?: (json: Json) => void): Promise<Json> {
    const body = JSON.stringify(payload);
    return this.exchange(
      endpoint,
      () => ({
        method: 'POST',
        url: `${this.baseUrl}/${endpoint}`,
        headers: { 'Content-Type': 'application/json', ...this.authHeaders() },
        body,
        responseType: 'text',
        ...(signal ? { signal } : {}),
        timeoutMs: this.requestTimeoutMs,
      }),
      (res) => {
        const json = interpretAnswer(endpoint, res.status, res.text, [this.apiKey], res.headers);
        check?.(json);
        return json;
      },
      signal,
    );
  }

  /** Forgets cached listings and account info (their budget windows still apply). */
  clearCache(): void {
    this.budgets.clear();
  }

  // ================================================================ upload

  /** Step 1: an upload node and id. GET with Content-Type: application/json, as the service wants. */
  async getUploadServer(opts: CallOptions = {}): Promise<UploadServer> {
    const endpoint = 'upload/get_upload_server.cgi';
    const { host, id } = await this.exchange(
      endpoint,
      () => ({
        method: 'GET',
        url: `${this.baseUrl}/${endpoint}`,
        headers: { 'Content-Type': 'application/json', ...this.authHeaders() },
        responseType: 'text',
        ...(opts.signal ? { signal: opts.signal } : {}),
        timeoutMs: this.requestTimeoutMs,
      }),
      (res) => P.parseUploadServer(interpretAnswer(endpoint, res.status, res.text, [this.apiKey], res.headers)),
      opts.signal,
    );
    return { host, id, uploadUrl: `${this.scheme}://${host}/upload.cgi?id=${id}`, endUrl: `${this.scheme}://${host}/end.pl?xid=${id}` };
  }

  /**
   * Uploads one or several files in one request, streaming each source once per attempt while hashing it.
   * The POST itself is never retried blindly: after a failure end.pl is asked first, and the file is sent
   * again (with a new upload id) only when nothing can have arrived and the sources can be re-opened.
   */
  async upload(sources: UploadSource | UploadSource[], opts: UploadOptions = {}): Promise<UploadedFile[]> {
    const list = Array.isArray(sources) ? sources : [sources];
    const folderId = opts.folderId ?? 0;
    checkFolderId(folderId, 'folderId');
    const names = this.checkUploadSources(list, opts.reservedNames ?? this.reservedNames);
    if (opts.domain !== undefined && (!Number.isInteger(opts.domain) || opts.domain < 0))
      throw invalidInput(`domain must be a domain number such as 0 (1fichier.com); got ${String(opts.domain)}.`);
    if (opts.password !== undefined && typeof opts.password !== 'string') throw invalidInput('password must be a string.');
    const verify = opts.verifyIntegrity ?? this.verifyIntegrity;
    const signal = opts.signal;
    const maxSendAttempts = Math.min(3, this.retry.maxAttempts);

    for (let attempt = 1; ; attempt++) {
      throwIfAborted(signal, 'upload.cgi');
      const server = await this.getUploadServer(signal ? { signal } : {});
      const hashers: IncrementalHash[] = verify ? await Promise.all(list.map(() => createWhirlpoolHasher())) : [];
      const outcome = await this.sendUpload(server, list, names, folderId, opts, hashers);
      let links: P.EndLink[] | undefined;
      if (outcome.ok) {
        links = await this.awaitEndResult(server, signal);
        if (links.length === 0) {
          throw new OneFichierError({
            kind: 'protocol',
            endpoint: 'end.pl',
            message: `The upload was sent but 1fichier reports no file for upload ${server.id}.`,
            hint: 'Check the destination folder; upload again if the file is missing.',
            details: { uploadId: server.id, mayHaveArrived: true },
          });
        }
      } else {
        const failure = outcome.error;
        if (failure.kind === 'cancelled' || !failure.retryable) throw failure;
        const reopenable = list.every((s) => s.reopenable === true);
        if (outcome.refused) {
          // The node answered with a KO: it refused the upload, so nothing was stored and a new try is safe.
          if (!reopenable || attempt >= maxSendAttempts) {
            throw rewordError(failure, {
              endpoint: 'upload.cgi',
              retryAfterMs: isFlood(failure) ? this.retry.floodCooldownMs : failure.retryAfterMs,
              message: `${failure.message}. Nothing was stored${reopenable ? ` after ${attempt} attempts` : '; the stream cannot be read again'}.`,
              details: { uploadId: server.id, mayHaveArrived: false },
            });
          }
          const delay = isFlood(failure) ? this.retry.floodCooldownMs : backoffDelayMs(attempt, this.retry, this.random);
          if (isFlood(failure)) this.limiter.pause(delay);
          this.emit({
            type: 'wait',
            reason: isFlood(failure) ? 'flood' : 'backoff',
            ms: delay,
            endpoint: 'upload.cgi',
            message: `The upload node refused the upload (${failure.kind}); sending it again with a new upload id in ${Math.round(delay / 1000)} s.`,
          });
          if (!isFlood(failure)) await cancellableSleep(this.clock, delay, signal);
          this.emit({ type: 'retry', endpoint: 'upload.cgi', attempt: attempt + 1, errorKind: failure.kind, message: failure.message });
          continue;
        }
        // The POST failed on the network or with a temporary status: did the service get the file anyway?
        const seen = await this.probeEnd(server, outcome.bodyComplete, signal);
        if (seen.links && seen.links.length > 0) {
          links = seen.links;
        } else {
          const nothingArrived = !outcome.bodyComplete || seen.nothing;
          if (nothingArrived && reopenable && attempt < maxSendAttempts) {
            const delay = backoffDelayMs(attempt, this.retry, this.random);
            this.emit({
              type: 'wait',
              reason: 'backoff',
              ms: delay,
              endpoint: 'upload.cgi',
              message: `Upload interrupted before the service got the file (${failure.kind}); sending it again with a new upload id in ${delay} ms.`,
            });
            await cancellableSleep(this.clock, delay, signal);
            this.emit({ type: 'retry', endpoint: 'upload.cgi', attempt: attempt + 1, errorKind: failure.kind, message: failure.message });
            continue;
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
      }
      let results: UploadedFile[];
      try {
        results = this.matchLinks(list, names, links, hashers, folderId, verify);
      } catch (e) {
        throw e instanceof OneFichierError ? this.scrub(e) : e;
      }
      this.budgets.changed('upload.cgi', { folderId });
      return results;
    }
  }

  private checkUploadSources(list: UploadSource[], policy: ReservedNamePolicy): string[] {
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
          message: `"${s.name}" is ${formatBytes(s.size)}; 1fichier accepts files up to 300 GB.`,
          hint: 'Split the file (for example with an archiver) into parts under 300 GB.',
        });
      }
      total += s.size;
      return name;
    });
    if (total > MAX_REQUEST_SIZE) {
      throw new OneFichierError({
        kind: 'file_too_large',
        message: `These files add up to ${formatBytes(total)}; one upload request is limited to 500 GB.`,
        hint: 'Upload them in several batches.',
      });
    }
    return names;
  }

  private async sendUpload(
    server: UploadServer,
    list: UploadSource[],
    names: string[],
    folderId: number,
    opts: UploadOptions,
    hashers: IncrementalHash[],
  ): Promise<{ ok: true } | { ok: false; error: OneFichierError; bodyComplete: boolean; refused: boolean }> {
    const endpoint = 'upload.cgi';
    const signal = opts.signal;
    const fields: MultipartField[] = [{ name: 'did', value: String(folderId) }];
    if (opts.password) fields.push({ name: 'dpass', value: opts.password });
    if (opts.domain !== undefined) fields.push({ name: 'domain', value: String(opts.domain) });
    const totalBytes = list.reduce((n, s) => n + s.size, 0);
    let bytesSent = 0;
    const mp = encodeMultipart(
      fields,
      list.map((source, i) => ({ filename: names[i]!, source })),
      makeBoundary(this.random),
      {
        ...(signal ? { signal } : {}),
        onFileChunk: (i, chunk) => {
          hashers[i]?.update(chunk);
          bytesSent += chunk.length;
          if (opts.onProgress) {
            try {
              opts.onProgress({ bytesSent, totalBytes, file: names[i]! });
            } catch {
              // A progress listener's failure must not break the upload.
            }
          }
        },
      },
    );
    await this.limiter.acquire(signal);
    let res: HttpResponse;
    try {
      res = await this.transport({
        method: 'POST',
        url: server.uploadUrl,
        headers: { 'Content-Type': mp.contentType, 'Content-Length': String(mp.body.length), ...this.authHeaders() },
        body: mp.body,
        responseType: 'text',
        ...(signal ? { signal } : {}),
        timeoutMs: this.transferIdleTimeoutMs,
      });
    } catch (e) {
      // Our own stream errors (size mismatch, cancel) are the real cause; the transport only relayed them.
      if (mp.failure instanceof OneFichierError) throw mp.failure;
      const error = this.wrapTransportError(e, endpoint, signal);
      if (error.kind === 'cancelled') throw error;
      const incomplete = e instanceof TransportError && e.bodyIncomplete === true;
      return { ok: false, error, bodyComplete: mp.complete && !incomplete, refused: false };
    }
    if (mp.failure instanceof OneFichierError) throw mp.failure;
    if (res.status >= 300 && res.status < 400) {
      const location = res.headers['location'] ?? '';
      if (location && !/end\.pl/i.test(location)) {
        throw new OneFichierError({
          kind: 'protocol',
          endpoint,
          httpStatus: res.status,
          message: `upload.cgi redirected to an unexpected place (${this.redact(location).slice(0, 120)}) instead of end.pl.`,
        });
      }
      return { ok: true };
    }
    if (res.status >= 200 && res.status < 300) {
      const text = res.text ?? '';
      if (!P.looksLikeHtml(text) && text.trim()) {
        // A JSON KO from the node (a refusal) is an error; any other 200 is the tolerated HTML end page.
        try {
          interpretAnswer(endpoint, res.status, text, [this.apiKey], res.headers);
        } catch (e) {
          if (e instanceof OneFichierError && e.kind !== 'protocol')
            return { ok: false, error: e, bodyComplete: mp.complete, refused: true };
        }
      }
      return { ok: true };
    }
    try {
      interpretAnswer(endpoint, res.status, res.text, [this.apiKey], res.headers);
    } catch (e) {
      const error = e instanceof OneFichierError ? e : this.wrapTransportError(e, endpoint, signal);
      // A JSON KO is the node refusing the upload; a bare 5xx (a proxy) may hide a stored file: end.pl decides.
      return { ok: false, error, bodyComplete: mp.complete, refused: isJsonKo(res.text) };
    }
    return { ok: true };
  }

  /** One end.pl answer: links, "please wait", JSON without links, or "no file". */
  private fetchEnd(
    server: UploadServer,
    signal?: AbortSignal,
  ): Promise<{ state: 'links'; links: P.EndLink[] } | { state: 'wait' | 'empty' | 'nothing' }> {
    const endpoint = 'end.pl';
    return this.exchange(
      endpoint,
      () => ({
        method: 'GET',
        url: server.endUrl,
        headers: { JSON: '1', ...this.authHeaders() },
        responseType: 'text',
        ...(signal ? { signal } : {}),
        timeoutMs: this.requestTimeoutMs,
      }),
      (res) => {
        const text = res.text ?? '';
        if (res.status >= 200 && res.status < 300 && P.looksLikeHtml(text)) {
          if (/please wait|veuillez patienter|patientez|en cours|processing/i.test(text)) return { state: 'wait' as const };
          if (/pas de fichier|no file/i.test(text)) return { state: 'nothing' as const };
          throw P.protocolError(
            endpoint,
            `end.pl answered an HTML page instead of the upload result: "${P.htmlExcerpt(text)}"`,
            res.status,
          );
        }
        const json = interpretAnswer(endpoint, res.status, text, [this.apiKey], res.headers);
        const parsed = P.parseEndResult(json);
        return parsed.links.length > 0 ? { state: 'links' as const, links: parsed.links } : { state: 'empty' as const };
      },
      signal,
    );
  }

  /** Polls end.pl until it lists the files (bounded by endPollTimeoutMs and emptyLinksRetries). */
  private async awaitEndResult(server: UploadServer, signal?: AbortSignal): Promise<P.EndLink[]> {
    const deadline = this.clock.now() + this.polling.endPollTimeoutMs;
    let emptyLeft = this.polling.emptyLinksRetries;
    for (;;) {
      const r = await this.fetchEnd(server, signal);
      if (r.state === 'links') return r.links;
      if (r.state === 'nothing') return [];
      if (r.state === 'empty') {
        if (emptyLeft-- <= 0) {
          throw new OneFichierError({
            kind: 'protocol',
            endpoint: 'end.pl',
            message: `end.pl still lists no file for upload ${server.id} after ${this.polling.emptyLinksRetries + 1} answers.`,
            hint: 'The file may still appear: check the destination folder before uploading again.',
            details: { uploadId: server.id, mayHaveArrived: true },
          });
        }
      }
      const interval = this.polling.endPollIntervalMs;
      if (this.clock.now() + interval > deadline) {
        throw new OneFichierError({
          kind: 'timeout',
          endpoint: 'end.pl',
          message: `1fichier had not finished processing upload ${server.id} after ${Math.round(this.polling.endPollTimeoutMs / 1000)} s.`,
          hint: 'The file may still appear: check the destination folder before uploading again.',
          details: { uploadId: server.id, mayHaveArrived: true },
        });
      }
      this.emit({
        type: 'wait',
        reason: 'processing',
        ms: interval,
        endpoint: 'end.pl',
        message: `1fichier is processing upload ${server.id}; asking again in ${Math.round(interval / 1000)} s.`,
      });
      await cancellableSleep(this.clock, interval, signal);
    }
  }

  /** After a failed POST: what does end.pl say about this upload id? */
  private async probeEnd(
    server: UploadServer,
    bodyComplete: boolean,
    signal?: AbortSignal,
  ): Promise<{ links?: P.EndLink[]; nothing: boolean }> {
    try {
      if (bodyComplete) {
        // The service may have the file and still be processing it: wait for the usual end.pl answer.
        const links = await this.awaitEndResult(server, signal);
        return { links, nothing: links.length === 0 };
      }
      const r = await this.fetchEnd(server, signal);
      if (r.state === 'links') return { links: r.links, nothing: false };
      return { nothing: r.state === 'nothing' || r.state === 'empty' };
    } catch (e) {
      if (e instanceof OneFichierError && e.kind === 'cancelled') throw e;
      return { nothing: false };
    }
  }

  private matchLinks(
    list: UploadSource[],
    names: string[],
    links: P.EndLink[],
    hashers: IncrementalHash[],
    folderId: number,
    verify: boolean,
  ): UploadedFile[] {
    const remaining = [...links];
    return list.map((source, i) => {
      const name = names[i]!;
      let idx = remaining.findIndex((l) => l.filename === name && l.size === source.size);
      if (idx < 0) idx = remaining.findIndex((l) => l.filename === name);
      if (idx < 0 && list.length === 1 && remaining.length === 1) idx = 0;
      if (idx < 0) {
        const sameSize = remaining.filter((l) => l.size === source.size);
        if (sameSize.length === 1) idx = remaining.indexOf(sameSize[0]!);
      }
      if (idx < 0) {
        throw new OneFichierError({
          kind: 'protocol',
          endpoint: 'end.pl',
          message: `end.pl does not list "${name}" (${source.size} bytes) among the uploaded files (${links.map((l) => `"${l.filename}"`).join(', ')}).`,
          details: { mayHaveArrived: true },
        });
      }
      const link = remaining.splice(idx, 1)[0]!;
      if (link.size >= 0 && link.size !== source.size) {
        throw new OneFichierError({
          kind: 'integrity',
          endpoint: 'end.pl',
          message: `"${name}": 1fichier stored ${link.size} bytes but ${source.size} were sent (${link.download}).`,
          details: { url: link.download, expectedSize: source.size, storedSize: link.size },
        });
      }
      const local = verify ? hashers[i]!.digest() : '';
      if (verify && link.whirlpool && link.whirlpool !== local) {
        throw new OneFichierError({
          kind: 'integrity',
          endpoint: 'end.pl',
          message: `"${name}": Whirlpool mismatch; computed ${local} while sending, 1fichier reports ${link.whirlpool} (${link.download}).`,
          details: { url: link.download, localWhirlpool: local, remoteWhirlpool: link.whirlpool },
        });
      }
      return {
        url: link.download,
        filename: link.filename || name,
        size: source.size,
        whirlpool: link.whirlpool || local,
        folderId,
        removeUrl: link.remove,
      };
    });
  }

  // ================================================================ remote upload

  /** Asks 1fichier to fetch URLs itself (remote/request.cgi). */
  async remoteUpload(req: RemoteUploadRequest, opts: CallOptions = {}): Promise<RemoteUploadCreated> {
    if (!req || !Array.isArray(req.urls) || req.urls.length === 0) throw invalidInput('remoteUpload needs at least one URL in urls.');
    for (const u of req.urls)
      if (typeof u !== 'string' || !/^(https?|ftp):\/\/\S+$/i.test(u)) throw invalidInput(`"${String(u)}" is not an http(s) or ftp URL.`);
    const payload: Json = { urls: req.urls };
    if (req.folderId !== undefined) {
      checkFolderId(req.folderId, 'folderId');
      payload.folder_id = req.folderId;
    }
    // The `headers` shape is unverified: the OpenAPI transcription says an object map name → value (sent
    // here); one PHP client passes raw "Name: value" lines instead.
    if (req.headers !== undefined) {
      for (const [k, v] of Object.entries(req.headers)) {
        if (!/^[A-Za-z0-9-]+$/.test(k) || typeof v !== 'string' || /[\r\n]/.test(v))
          throw invalidInput(`Invalid header "${k}" for the remote upload.`);
      }
      payload.headers = req.headers;
    }
    const json = await this.postJson('remote/request.cgi', payload, opts.signal);
    this.budgets.changed('remote/request.cgi', { folderId: req.folderId ?? 0 });
    return P.parseRemoteCreated(json);
  }

  async listRemoteUploads(opts: CallOptions = {}): Promise<RemoteUploadJob[]> {
    return P.parseRemoteList(await this.postJson('remote/ls.cgi', {}, opts.signal));
  }

  async getRemoteUpload(id: number, opts: CallOptions = {}): Promise<RemoteUploadInfo> {
    if (!Number.isInteger(id) || id <= 0) throw invalidInput(`Remote upload id must be a positive integer; got ${String(id)}.`);
    return P.parseRemoteInfo(await this.postJson('remote/info.cgi', { id }, opts.signal));
  }

  /** Polls remote/info.cgi (through the limiter, with a growing interval) until the job has run. */
  async waitForRemoteUpload(id: number, opts: WaitForRemoteUploadOptions = {}): Promise<RemoteUploadInfo> {
    const timeoutMs = opts.timeoutMs ?? 1_800_000;
    let interval = opts.pollIntervalMs ?? 30_000;
    const deadline = this.clock.now() + timeoutMs;
    for (;;) {
      const info = await this.getRemoteUpload(id, opts.signal ? { signal: opts.signal } : {});
      if (info.done) return info;
      const left = deadline - this.clock.now();
      if (left <= 0) {
        throw new OneFichierError({
          kind: 'timeout',
          endpoint: 'remote/info.cgi',
          message: `Remote upload ${id} had not run after ${Math.round(timeoutMs / 1000)} s.`,
          hint: 'It may still run later: check it with getRemoteUpload, or wait longer.',
          details: { remoteUploadId: id },
        });
      }
      const ms = Math.min(interval, left);
      this.emit({
        type: 'wait',
        reason: 'processing',
        ms,
        endpoint: 'remote/info.cgi',
        message: `Remote upload ${id} is pending; asking again in ${Math.round(ms / 1000)} s.`,
      });
      await cancellableSleep(this.clock, ms, opts.signal);
      interval = Math.min(Math.round(interval * 1.5), 300_000);
    }
  }

  // ================================================================ download

  /** A download token (direct URL valid about 5 minutes), with every option of get_token.cgi. */
  async getDownloadToken(req: DownloadTokenRequest, opts: CallOptions = {}): Promise<DownloadToken> {
    if (!req || typeof req.url !== 'string' || !/^https?:\/\/\S+$/i.test(req.url))
      throw invalidInput(`"${String(req?.url)}" is not a 1fichier file URL such as https://1fichier.com/?abcde12345.`);
    const payload: Json = { url: req.url };
    if (req.inline) payload.inline = 1;
    if (req.cdn) payload.cdn = 1;
    if (req.restrictIp !== undefined) {
      if (![0, 1, 2].includes(req.restrictIp)) throw invalidInput('restrictIp must be 0, 1 or 2.');
      payload.restrict_ip = req.restrictIp;
    }
    if (req.single) payload.single = 1;
    if (req.password) payload.pass = req.password;
    if (req.noSsl) payload.no_ssl = 1;
    if (req.folderId !== undefined) {
      checkFolderId(req.folderId, 'folderId');
      payload.folder_id = req.folderId;
    }
    if (req.filename !== undefined) payload.filename = req.filename;
    if (req.sharingUser !== undefined) payload.sharing_user = req.sharingUser;
    const endpoint = 'download/get_token.cgi';
    const body = JSON.stringify(payload);
    const json = await this.exchange(
      endpoint,
      () => ({
        method: 'POST',
        url: `${this.baseUrl}/${endpoint}`,
        headers: { 'Content-Type': 'application/json', ...this.authHeaders() },
        body,
        responseType: 'text',
        ...(opts.signal ? { signal: opts.signal } : {}),
        timeoutMs: this.requestTimeoutMs,
      }),
      (res) => {
        let j: Json;
        try {
          j = interpretAnswer(endpoint, res.status, res.text, [this.apiKey], res.headers);
        } catch (e) {
          // rclone fb305b5: get_token answered 200 without a token is asked again, unless the code says
          // asking again cannot help (#93, #236, #620, #887, #913... keep their own kinds).
          if (e instanceof OneFichierError && res.status === 200 && e.kind === 'api') {
            throw rewordError(e, { retryable: true, hint: 'The service did not give a download token; the client asked again.' });
          }
          throw e;
        }
        if (P.str(j.status).toUpperCase() !== 'OK' || typeof j.url !== 'string' || !j.url) {
          throw new OneFichierError({
            kind: 'protocol',
            endpoint,
            retryable: true,
            message: '1fichier download/get_token.cgi answered without a download token.',
          });
        }
        return j;
      },
      opts.signal,
    );
    return { url: P.parseDownloadToken(json), expiresAt: this.clock.now() + TOKEN_LIFETIME_MS };
  }

  /**
   * Streams a file. A network failure mid-body resumes with `Range: bytes=<done>-` (a new token when the
   * old one is near expiry or refused), bounded by maxResumes.
   */
  async download(url: string, opts: DownloadOptions = {}): Promise<DownloadStream> {
    const signal = opts.signal;
    const start = opts.start ?? 0;
    if (!Number.isInteger(start) || start < 0) throw invalidInput(`start must be a byte offset >= 0; got ${String(opts.start)}.`);
    const tokenReq: DownloadTokenRequest = {
      url,
      ...(opts.password ? { password: opts.password } : {}),
      ...(opts.cdn ? { cdn: true } : {}),
    };
    const callOpts = signal ? { signal } : {};
    let token = await this.getDownloadToken(tokenReq, callOpts);
    let tokenAt = this.clock.now();
    const renewToken = async () => {
      token = await this.getDownloadToken(tokenReq, callOpts);
      tokenAt = this.clock.now();
    };
    const first = await this.openDownload(() => token.url, start, renewToken, signal);
    const maxResumes = opts.maxResumes ?? this.retry.maxAttempts;
    const totalSize = first.totalSize;
    const filename = filenameFromDisposition(first.res.headers['content-disposition']);
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;

    async function* body(): AsyncGenerator<Uint8Array> {
      let done = start;
      let current = first;
      let resumes = 0;
      for (;;) {
        let skip = current.skip;
        try {
          for await (const raw of current.res.stream ?? emptyStream()) {
            if (signal?.aborted) throw cancelledError('download');
            let chunk = raw;
            if (skip > 0) {
              // The host ignored Range and restarted at byte 0: drop what was already delivered.
              if (chunk.length <= skip) {
                skip -= chunk.length;
                continue;
              }
              chunk = chunk.subarray(skip);
              skip = 0;
            }
            done += chunk.length;
            if (opts.onProgress) {
              try {
                opts.onProgress({ bytesReceived: done, ...(totalSize !== undefined ? { totalBytes: totalSize } : {}) });
              } catch {
                // A progress listener's failure must not break the download.
              }
            }
            yield chunk;
          }
          if (totalSize !== undefined && done < totalSize)
            throw new TransportError('ETRUNCATED', `the connection closed after ${done} of ${totalSize} bytes`);
          return;
        } catch (e) {
          const err = self.scrub(self.wrapTransportError(e, 'download', signal));
          if (err.kind !== 'network') throw err;
          if (resumes >= maxResumes) {
            throw rewordError(err, {
              endpoint: 'download',
              message: `Download interrupted after ${done} bytes and ${resumes} resume attempt(s): ${err.message}`,
              hint: 'Check the connection and start again; a partial file can be resumed from where it stopped.',
              details: { bytesReceived: done },
            });
          }
          resumes++;
          const delay = backoffDelayMs(resumes, self.retry, self.random);
          self.emit({
            type: 'wait',
            reason: 'backoff',
            ms: delay,
            endpoint: 'download',
            message: `Download interrupted at byte ${done}; resuming in ${delay} ms.`,
          });
          await cancellableSleep(self.clock, delay, signal);
          if (self.clock.now() - tokenAt > TOKEN_RENEW_AFTER_MS) await renewToken();
          self.emit({
            type: 'retry',
            endpoint: 'download',
            attempt: resumes + 1,
            errorKind: err.kind,
            message: `resuming at byte ${done}`,
          });
          current = await self.openDownload(() => token.url, done, renewToken, signal);
        }
      }
    }

    const out: DownloadStream = { stream: { [Symbol.asyncIterator]: () => body() } };
    if (totalSize !== undefined) {
      out.size = totalSize;
      out.remaining = totalSize - start;
    }
    if (filename) out.filename = filename;
    const ct = first.res.headers['content-type'];
    if (ct) out.contentType = ct;
    return out;
  }

  /** GET on the token URL from `start`; renews the token once on 403/410; classifies other failures. */
  private async openDownload(
    tokenUrl: () => string,
    start: number,
    renewToken: () => Promise<void>,
    signal?: AbortSignal,
  ): Promise<{ res: HttpResponse; totalSize?: number; skip: number }> {
    const endpoint = 'download';
    let renewed = false;
    for (;;) {
      const res = await this.exchange(
        endpoint,
        () => ({
          method: 'GET',
          url: tokenUrl(),
          headers: { ...this.authHeaders(), ...(start > 0 ? { Range: `bytes=${start}-` } : {}) },
          responseType: 'stream',
          ...(signal ? { signal } : {}),
          timeoutMs: this.transferIdleTimeoutMs,
        }),
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
          interpretAnswer(endpoint, r.status, text, [this.apiKey], r.headers);
          throw P.protocolError(endpoint, `The download host answered HTTP ${r.status} instead of the file.`, r.status);
        },
        signal,
      );
      if (res.status === 403 || res.status === 410) {
        const text = await readText(res.stream, 65_536);
        if (!renewed) {
          renewed = true;
          await renewToken();
          continue;
        }
        interpretAnswer(endpoint, res.status, text, [this.apiKey], res.headers);
        throw new OneFichierError({
          kind: 'api',
          endpoint,
          httpStatus: res.status,
          message: `The download host refused the file (HTTP ${res.status}) even with a new token.`,
        });
      }
      const length = numberHeader(res.headers['content-length']);
      if (res.status === 206) {
        const total = /\/(\d+)\s*$/.exec(res.headers['content-range'] ?? '');
        const totalSize = total ? Number(total[1]) : length !== undefined ? start + length : undefined;
        return { res, skip: 0, ...(totalSize !== undefined ? { totalSize } : {}) };
      }
      // 200: the whole file from byte 0, whatever we asked.
      return { res, skip: start, ...(length !== undefined ? { totalSize: length } : {}) };
    }
  }

  // ================================================================ listing

  /** file/ls.cgi: files of a folder (default root) or of the whole account ('all', once per hour). */
  async listFiles(opts: ListFilesOptions = {}): Promise<FileListing> {
    const folder = opts.folderId ?? 0;
    const payload: Json = {};
    if (folder === 'all') payload.folder_id = -1;
    else {
      checkFolderId(folder, 'folderId');
      payload.folder_id = folder;
    }
    if (opts.sentBefore !== undefined) payload.sent_before = dateParam(opts.sentBefore, 'sentBefore');
    if (opts.sentAfter !== undefined) payload.sent_after = dateParam(opts.sentAfter, 'sentAfter');
    if (opts.sharingUser !== undefined) payload.sharing_user = opts.sharingUser;
    const variant = JSON.stringify(payload);
    return this.budgets.within(
      'file/ls.cgi',
      { folderId: folder },
      { variant, accepts: (v) => v === variant },
      async () => P.parseFileListing(await this.postJson('file/ls.cgi', payload, opts.signal)),
      opts.signal,
    );
  }

  /** folder/ls.cgi: a folder's sub-folders (and its files with includeFiles, in the same call). */
  async listFolder(folderId: number, opts: ListFolderOptions = {}): Promise<FolderListing> {
    checkFolderId(folderId, 'folderId');
    const includeFiles = opts.includeFiles === true;
    const payload: Json = { folder_id: folderId };
    if (includeFiles) payload.files = 1;
    if (opts.sharingUser !== undefined) payload.sharing_user = opts.sharingUser;
    const shape = (files: boolean) => JSON.stringify({ files, sharingUser: opts.sharingUser ?? null });
    const variant = shape(includeFiles);
    // A cached answer with files also serves a request without them.
    const accepts = (v: string) => v === variant || (!includeFiles && v === shape(true));
    const listing = await this.budgets.within(
      'folder/ls.cgi',
      { folderId },
      { variant, accepts },
      async () => P.parseFolderListing(await this.postJson('folder/ls.cgi', payload, opts.signal), includeFiles),
      opts.signal,
    );
    if (!includeFiles) delete listing.items;
    return listing;
  }

  // ================================================================ folders

  async createFolder(name: string, parentId = 0, opts: CallOptions & { reservedNames?: ReservedNamePolicy } = {}): Promise<CreatedFolder> {
    checkFolderId(parentId, 'parentId');
    const sent = checkName(name, opts.reservedNames ?? this.reservedNames, 'folder name');
    const json = await this.postJson('folder/mkdir.cgi', { name: sent, folder_id: parentId }, opts.signal);
    this.budgets.changed('folder/mkdir.cgi', { parentId });
    return P.parseCreatedFolder(json, sent);
  }

  async removeFolder(folderId: number, opts: CallOptions = {}): Promise<void> {
    checkFolderId(folderId, 'folderId');
    if (folderId === 0) throw invalidInput('The root folder (id 0) cannot be removed.');
    await this.postJson('folder/rm.cgi', { folder_id: folderId }, opts.signal);
    this.budgets.changed('folder/rm.cgi', { folderId });
  }

  /** folder/mv.cgi as rclone sends it: destination_folder_id omitted for the root, destination_user always "". */
  async moveFolder(folderId: number, destinationId: number, opts: CallOptions = {}): Promise<FolderMoveResult> {
    checkFolderId(folderId, 'folderId');
    checkFolderId(destinationId, 'destinationId');
    if (folderId === 0) throw invalidInput('The root folder (id 0) cannot be moved.');
    if (folderId === destinationId) throw invalidInput('A folder cannot be moved into itself.');
    const payload: Json = { folder_id: folderId, destination_user: '' };
    if (destinationId !== 0) payload.destination_folder_id = destinationId;
    const json = await this.postJson('folder/mv.cgi', payload, opts.signal);
    this.budgets.changed('folder/mv.cgi', {});
    return P.parseFolderMove(json);
  }

  /** Renames a folder in place (folder/mv.cgi with `rename`, which ignores the destination). */
  async renameFolder(
    folderId: number,
    name: string,
    opts: CallOptions & { reservedNames?: ReservedNamePolicy } = {},
  ): Promise<FolderMoveResult> {
    checkFolderId(folderId, 'folderId');
    if (folderId === 0) throw invalidInput('The root folder (id 0) cannot be renamed.');
    const sent = checkName(name, opts.reservedNames ?? this.reservedNames, 'folder name');
    const json = await this.postJson('folder/mv.cgi', { folder_id: folderId, rename: sent }, opts.signal);
    this.budgets.changed('folder/mv.cgi', {});
    return P.parseFolderMove(json);
  }

  async shareFolder(folderId: number, opts: ShareFolderOptions = {}): Promise<{ url?: string; message: string }> {
    checkFolderId(folderId, 'folderId');
    const payload: Json = { folder_id: folderId, share: opts.share === false ? 0 : 1 };
    if (opts.password !== undefined) {
      if (opts.password !== '' && opts.password.length < 6)
        throw invalidInput('A folder password needs at least 6 characters ("" removes it).');
      payload.pass = opts.password;
    }
    if (opts.shares !== undefined) {
      payload.shares = opts.shares.map((s) => {
        if (!s || typeof s.email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(s.email))
          throw invalidInput(`"${String(s?.email)}" is not an email address.`);
        return { email: s.email, rw: s.readWrite ? 1 : 0, hide_links: s.hideLinks ? 1 : 0 };
      });
    }
    const json = await this.postJson('folder/share.cgi', payload, opts.signal);
    this.budgets.changed('folder/share.cgi', {});
    const out: { url?: string; message: string } = { message: P.str(json.message) };
    if (typeof json.url === 'string' && json.url) out.url = json.url;
    return out;
  }

  // ================================================================ files

  async getFileInfo(url: string, opts: CallOptions & { password?: string } = {}): Promise<FileInfo> {
    checkFileUrl(url);
    const payload: Json = { url };
    if (opts.password) payload.pass = opts.password;
    return P.parseFileInfo(await this.postJson('file/info.cgi', payload, opts.signal));
  }

  async removeFiles(files: (string | FileToRemove)[], opts: CallOptions = {}): Promise<RemoveFilesResult> {
    const list = nonEmptyList(files, 'removeFiles').map((f) => {
      const item = typeof f === 'string' ? { url: f } : f;
      checkFileUrl(item?.url);
      return item.code ? { url: item.url, code: item.code } : { url: item.url };
    });
    const json = await this.postJson('file/rm.cgi', { files: list }, opts.signal);
    this.budgets.changed('file/rm.cgi', {});
    return P.parseRemoveFiles(json);
  }

  /**
   * The checked body shared by file/mv.cgi and file/cp.cgi: the URLs, the destination under the field name
   * each endpoint uses, and a `rename` that the service accepts only with a single file.
   */
  private transferPayload(
    method: string,
    verb: string,
    urls: string[],
    destinationField: 'destination_folder_id' | 'folder_id',
    destinationId: number,
    opts: { rename?: string; reservedNames?: ReservedNamePolicy },
  ): { list: string[]; payload: Json } {
    const list = nonEmptyList(urls, method);
    list.forEach(checkFileUrl);
    checkFolderId(destinationId, 'destinationId');
    const payload: Json = { urls: list, [destinationField]: destinationId };
    if (opts.rename !== undefined) {
      if (list.length !== 1) throw invalidInput(`rename can only be used when ${verb} a single file.`);
      payload.rename = checkName(opts.rename, opts.reservedNames ?? this.reservedNames, 'file name');
    }
    return { list, payload };
  }

  /** file/mv.cgi; `rename` only with one file (the service rejects a rename equal to the current name). */
  async moveFiles(
    urls: string[],
    destinationId: number,
    opts: CallOptions & { rename?: string; reservedNames?: ReservedNamePolicy } = {},
  ): Promise<MoveFilesResult> {
    const { list, payload } = this.transferPayload('moveFiles', 'moving', urls, 'destination_folder_id', destinationId, opts);
    const json = await this.postJson('file/mv.cgi', payload, opts.signal);
    this.budgets.changed('file/mv.cgi', {});
    return P.parseMoveFiles(json, list.length);
  }

  async renameFile(url: string, name: string, opts: CallOptions & { reservedNames?: ReservedNamePolicy } = {}): Promise<RenameFileResult> {
    checkFileUrl(url);
    const sent = checkName(name, opts.reservedNames ?? this.reservedNames, 'file name');
    const json = await this.postJson('file/rename.cgi', { urls: [{ url, filename: sent }], pretty: 0 }, opts.signal);
    this.budgets.changed('file/rename.cgi', {});
    return P.parseRename(json, url, sent);
  }

  async copyFiles(
    urls: string[],
    destinationId: number,
    opts: CallOptions & { rename?: string; reservedNames?: ReservedNamePolicy } = {},
  ): Promise<CopyFilesResult> {
    const { list, payload } = this.transferPayload('copyFiles', 'copying', urls, 'folder_id', destinationId, opts);
    const json = await this.postJson('file/cp.cgi', payload, opts.signal);
    this.budgets.changed('file/cp.cgi', { folderId: destinationId });
    return P.parseCopy(json, list.length);
  }

  async setFileAttributes(
    urls: string[],
    attrs: FileAttributes,
    opts: CallOptions & { reservedNames?: ReservedNamePolicy } = {},
  ): Promise<SetAttributesResult> {
    const list = nonEmptyList(urls, 'setFileAttributes');
    list.forEach(checkFileUrl);
    if (!attrs || typeof attrs !== 'object') throw invalidInput('setFileAttributes needs the attributes to change.');
    const payload: Json = { urls: list };
    if (attrs.filename !== undefined) {
      if (list.length !== 1) throw invalidInput('filename can only be set on a single file.');
      payload.filename = checkName(attrs.filename, opts.reservedNames ?? this.reservedNames, 'file name');
    }
    if (attrs.description !== undefined) payload.description = attrs.description;
    if (attrs.password !== undefined) {
      if (attrs.password !== '' && attrs.password.length < 6)
        throw invalidInput('A file password needs at least 6 characters ("" removes it).');
      payload.pass = attrs.password;
    }
    if (attrs.noSsl !== undefined) payload.no_ssl = attrs.noSsl ? 1 : 0;
    if (attrs.inline !== undefined) payload.inline = attrs.inline ? 1 : 0;
    if (attrs.cdn !== undefined) payload.cdn = attrs.cdn ? 1 : 0;
    if (attrs.acl !== undefined) {
      const acl: Json = {};
      if (attrs.acl.ip) acl.ip = attrs.acl.ip;
      if (attrs.acl.country) acl.country = attrs.acl.country;
      if (attrs.acl.email) acl.email = attrs.acl.email;
      if (attrs.acl.premium !== undefined) acl.premium = attrs.acl.premium ? 1 : 0;
      payload.acl = acl;
    }
    if (Object.keys(payload).length === 1) throw invalidInput('setFileAttributes: no attribute to change was given.');
    const json = await this.postJson('file/chattr.cgi', payload, opts.signal);
    this.budgets.changed('file/chattr.cgi', {});
    return P.parseChattr(json);
  }

  /** file/scan.cgi: antivirus scan (files under 5 GB; an infected file is removed by the service). */
  async scanFile(url: string, opts: CallOptions = {}): Promise<ScanResult> {
    checkFileUrl(url);
    return P.parseScan(await this.postJson('file/scan.cgi', { url }, opts.signal));
  }

  // ================================================================ account

  /** user/info.cgi, cached for the 5-minute budget. */
  async getAccountInfo(opts: CallOptions = {}): Promise<AccountInfo> {
    return this.budgets.within(
      'user/info.cgi',
      {},
      { variant: '', accepts: () => true },
      async () => P.parseAccountInfo(await this.postJson('user/info.cgi', {}, opts.signal)),
      opts.signal,
    );
  }

  // ================================================================ paths

  /** '/Backups/2026' → folder id (0 for '/'). Throws not_found or ambiguous (duplicate folder names). */
  async resolveFolderPath(path: string, opts: CallOptions = {}): Promise<number> {
    let id = 0;
    for (const segment of splitPath(path)) {
      const child = await this.findSubFolder(id, segment, opts.signal);
      if (child === undefined) {
        throw new OneFichierError({
          kind: 'not_found',
          message: `Folder "${segment}" not found in ${describeFolder(path, segment)}.`,
          hint: 'Check the path (names are case-sensitive), or create it with ensureFolderPath.',
        });
      }
      id = child;
    }
    return id;
  }

  /** mkdir -p: resolves the path, creating the missing folders; returns the last folder's id. */
  async ensureFolderPath(path: string, opts: CallOptions & { reservedNames?: ReservedNamePolicy } = {}): Promise<number> {
    let id = 0;
    let creating = false;
    for (const segment of splitPath(path)) {
      const child = creating ? undefined : await this.findSubFolder(id, segment, opts.signal);
      if (child !== undefined) {
        id = child;
        continue;
      }
      // Once one level was created, the levels below cannot exist yet: no need to list them.
      creating = true;
      id = (await this.createFolder(segment, id, opts)).folderId;
    }
    return id;
  }

  private async findSubFolder(parentId: number, name: string, signal?: AbortSignal): Promise<number | undefined> {
    const listing = await this.listFolder(parentId, signal ? { signal } : {});
    const matches = listing.subFolders.filter((f) => f.name === name);
    if (matches.length > 1) {
      throw new OneFichierError({
        kind: 'ambiguous',
        message: `${matches.length} folders are named "${name}" in folder ${parentId} (ids ${matches.map((m) => m.id).join(', ')}).`,
        hint: 'Use the folder id instead of the path, or rename one of them.',
        details: { folderIds: matches.map((m) => m.id) },
      });
    }
    return matches[0]?.id;
  }

  /** The file named `name` in a folder; names may repeat on 1fichier, so several matches are an `ambiguous` error. */
  async findFileByName(folderId: number, name: string, opts: CallOptions = {}): Promise<FileItem> {
    if (typeof name !== 'string' || name === '') throw invalidInput('findFileByName needs a file name.');
    const listing = await this.listFiles({ folderId, ...(opts.signal ? { signal: opts.signal } : {}) });
    const matches = listing.items.filter((i) => i.filename === name);
    if (matches.length === 0)
      throw new OneFichierError({
        kind: 'not_found',
        message: `No file named "${name}" in folder ${folderId}.`,
        hint: 'Check the name (case-sensitive) and the folder.',
      });
    if (matches.length > 1) {
      throw new OneFichierError({
        kind: 'ambiguous',
        message: `${matches.length} files are named "${name}" in folder ${folderId}: ${matches.map((m) => `${m.url} (${m.size} bytes, ${m.date})`).join('; ')}.`,
        hint: '1fichier allows duplicate names: pick the file by its URL.',
        details: { urls: matches.map((m) => m.url) },
      });
    }
    return matches[0]!;
  }

  /** Deletes a folder with everything in it (files first, then sub-folders depth-first, then the folder). */
  async removeFolderRecursive(
    folderId: number,
    opts: CallOptions & { onRemoved?: (what: { kind: 'file' | 'folder'; id: string }) => void } = {},
  ): Promise<{ files: number; folders: number }> {
    checkFolderId(folderId, 'folderId');
    if (folderId === 0) throw invalidInput('Refusing to remove the root folder (id 0) recursively.');
    const counts = { files: 0, folders: 0 };
    const call = opts.signal ? { signal: opts.signal } : {};
    const walk = async (id: number): Promise<void> => {
      const listing = await this.listFolder(id, { includeFiles: true, ...call });
      const urls = (listing.items ?? []).map((i) => i.url);
      for (let i = 0; i < urls.length; i += 100) {
        const batch = urls.slice(i, i + 100);
        await this.removeFiles(batch, call);
        counts.files += batch.length;
        batch.forEach((u) => opts.onRemoved?.({ kind: 'file', id: u }));
      }
      for (const sub of listing.subFolders) await walk(sub.id);
      await this.removeFolder(id, call);
      counts.folders++;
      opts.onRemoved?.({ kind: 'folder', id: String(id) });
    };
    await walk(folderId);
    return counts;
  }
}

// ---------------------------------------------------------------- helpers

function isJsonKo(text: string | undefined): boolean {
  try {
    const v: unknown = JSON.parse(text ?? '');
    return P.isObject(v) && P.str(v.status).toUpperCase() === 'KO';
  } catch {
    return false;
  }
}

function invalidInput(message: string, hint?: string): OneFichierError {
  return new OneFichierError({ kind: 'invalid_input', message, ...(hint ? { hint } : {}) });
}

function checkFolderId(id: unknown, what: string): void {
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 0)
    throw invalidInput(`${what} must be a folder id (an integer >= 0, 0 = root); got ${JSON.stringify(id) ?? String(id)}.`);
}

function checkFileUrl(url: unknown): void {
  if (typeof url !== 'string' || !/^https?:\/\/[^\s/]+\/\S*$/i.test(url)) {
    throw invalidInput(`"${String(url)}" is not a 1fichier file URL such as https://1fichier.com/?abcde12345.`);
  }
}

function nonEmptyList<T>(v: T[], what: string): T[] {
  if (!Array.isArray(v) || v.length === 0) throw invalidInput(`${what} needs at least one file URL.`);
  return v;
}

function dateParam(v: string | Date, what: string): string {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) throw invalidInput(`${what} is an invalid Date.`);
    return toParisDateText(v);
  }
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/.test(v)) return v;
  throw invalidInput(`${what} must be a Date or "YYYY-MM-DD HH:MM:SS" (Paris time); got ${JSON.stringify(v)}.`);
}

function splitPath(path: string): string[] {
  if (typeof path !== 'string') throw invalidInput('A folder path must be a string such as /Backups/2026.');
  const parts = path.split('/').filter((p) => p !== '');
  for (const p of parts) if (p === '.' || p === '..') throw invalidInput(`"${path}": "." and ".." are not supported in 1fichier paths.`);
  return parts;
}

function describeFolder(path: string, segment: string): string {
  const parts = splitPath(path);
  const parent = parts.slice(0, parts.indexOf(segment)).join('/');
  return parent ? `/${parent}` : 'the root folder';
}

function formatBytes(n: number): string {
  return n >= 1e9 ? `${(n / 1e9).toFixed(1)} GB` : n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${n} bytes`;
}

function numberHeader(v: string | undefined): number | undefined {
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

function filenameFromDisposition(v: string | undefined): string | undefined {
  if (!v) return undefined;
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(v);
  if (star) {
    try {
      return decodeURIComponent(star[1]!.trim());
    } catch {
      // fall through to the plain form
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i.exec(v);
  return plain ? (plain[1] ?? plain[2] ?? '').trim() || undefined : undefined;
}

async function* emptyStream(): AsyncGenerator<Uint8Array> {
  // Nothing: a response without a body stream.
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
