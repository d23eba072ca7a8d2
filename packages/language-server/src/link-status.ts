/**
 * What the server knows about each linked file, fetched through the core and cached so that hovers and
 * diagnostics share one `file/info.cgi` call per file per cache period. Diagnostics ask `lookup` per link;
 * a hover asks `hoverFacts` once (the status, a public file's name and size, a flood pause).
 */
import { isOneFichierError } from '@onefichier/core';
import type { DownloadOptions, DownloadStream, DownloadToken, FileInfo, UploadedFile, UploadOptions, UploadSource } from '@onefichier/core';

/** The part of the core's OneFichierClient the server uses (tests may hand in a fake of it). */
export interface LinkApi {
  getFileInfo(url: string, options?: { password?: string; signal?: AbortSignal }): Promise<FileInfo>;
  getDownloadToken(request: { url: string }, options?: { signal?: AbortSignal }): Promise<DownloadToken>;
  upload(sources: UploadSource[], options?: UploadOptions): Promise<UploadedFile[]>;
  download(url: string, options?: DownloadOptions): Promise<DownloadStream>;
}

/** What the download host says about a public file of someone else (no date: only file/info has it). */
export interface PublicDetails {
  filename?: string;
  size?: number;
}

export type LinkStatus =
  /** The file is in the user's account: its details. */
  | { state: 'found'; file: FileInfo; checkedAt: number }
  /** Neither file/info.cgi nor get_token.cgi knows the file: it does not exist (any more). The only state diagnostics flag. */
  | { state: 'missing'; message: string; checkedAt: number }
  /** The file exists but belongs to someone else (or whether it exists could not be confirmed). */
  | { state: 'not_in_account'; existenceConfirmed: boolean; passwordProtected: boolean; checkedAt: number }
  /** Anything else (bad key, flood lock, network): says nothing about the file itself. */
  | { state: 'error'; message: string; hint?: string; kind: string; checkedAt: number };

/** Everything a hover shows about one link, from one call to the cache. */
export type HoverFacts =
  /** No key is set: nothing can be asked. */
  | { state: 'no_key' }
  /** The answer did not come in time (paced calls, a slow service); `pausedForMs` > 0 while a flood lock pauses calls. */
  | { state: 'pending'; pausedForMs: number }
  /** The answer, with the name and size of someone else's public file when its download told them in time. */
  | { state: 'known'; status: LinkStatus; publicDetails?: PublicDetails };

/** The LinkStatus for a file/info.cgi failure other than "not found" (which needs the check below). */
function statusFromError(error: unknown, now: number): Extract<LinkStatus, { state: 'error' }> {
  if (!isOneFichierError(error)) {
    return { state: 'error', message: error instanceof Error ? error.message : String(error), kind: 'unknown', checkedAt: now };
  }
  return { state: 'error', message: error.message, hint: error.hint, kind: error.kind, checkedAt: now };
}

function isNotFound(error: unknown): boolean {
  return isOneFichierError(error) && error.kind === 'not_found';
}

const ACCOUNT_WIDE_KINDS = new Set(['auth', 'not_premium', 'rate_limited']);

/** An error about the key or the account rather than about one file. */
export function isAccountProblem(status: LinkStatus): status is Extract<LinkStatus, { state: 'error' }> {
  return status.state === 'error' && ACCOUNT_WIDE_KINDS.has(status.kind);
}

/** The value of `promise`, or undefined once `ms` pass or `signal` aborts (the work goes on, and is cached). */
async function waitAtMost<T>(promise: Promise<T>, ms: number, signal: AbortSignal | undefined): Promise<T | undefined> {
  if (signal?.aborted) return undefined;
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), ms);
        onAbort = () => resolve(undefined);
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
    ]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}

export interface LinkStatusCacheOptions {
  /** How long an answer about a file is trusted (default 10 min). */
  ttlMs?: number;
  /** How long a failure (flood lock, network) is kept before asking again (default 1 min). */
  errorTtlMs?: number;
  now?: () => number;
}

export class LinkStatusCache {
  private readonly entries = new Map<string, LinkStatus>();
  private readonly inFlight = new Map<string, Promise<LinkStatus>>();
  private readonly publicDetails = new Map<
    string,
    { details: PublicDetails | undefined; checkedAt: number } | Promise<PublicDetails | undefined>
  >();
  private readonly ttlMs: number;
  private readonly errorTtlMs: number;
  private readonly now: () => number;
  /** Bumped when the key changes, so answers for the old account are never stored for the new one. */
  private generation = 0;
  /** Until when the core pauses every call after a flood lock (a hover that cannot wait says so). */
  private floodUntil = 0;
  /** Calls made to the API (for tests and the benchmark: the budget is what is measured). */
  requestCount = 0;
  /**
   * A refused key, a missing subscription or a flood lock concerns every file: while it is fresh, lookups
   * answer it without calling, so a document of 200 links costs one refused call, not 200.
   */
  private accountProblem: LinkStatus | undefined;

  constructor(
    private api: LinkApi | undefined,
    options: LinkStatusCacheOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 10 * 60_000;
    this.errorTtlMs = options.errorTtlMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** A new key or base URL: forget everything known about the previous account. */
  setApi(api: LinkApi | undefined): void {
    this.api = api;
    this.generation++;
    this.entries.clear();
    this.inFlight.clear();
    this.publicDetails.clear();
    this.accountProblem = undefined;
  }

  /** The core announced a flood lock: every call waits `ms` before its next try. */
  noteFloodWait(ms: number): void {
    this.floodUntil = Math.max(this.floodUntil, this.now() + ms);
  }

  /** New settings make a new client, which announces its own pauses (from its creation on). */
  forgetFloodPause(): void {
    this.floodUntil = 0;
  }

  get hasApi(): boolean {
    return this.api !== undefined;
  }

  /** A fresh cached answer, without any request. */
  peek(canonicalUrl: string): LinkStatus | undefined {
    const entry = this.entries.get(canonicalUrl);
    if (!entry) return undefined;
    const ttl = entry.state === 'error' ? this.errorTtlMs : this.ttlMs;
    return this.now() - entry.checkedAt > ttl ? undefined : entry;
  }

  /**
   * The last answer, however old. Diagnostics use it between saves, so a dead link keeps its warning while
   * the user types even after the cache period; the next open or save asks again.
   */
  lastKnown(canonicalUrl: string): LinkStatus | undefined {
    return this.entries.get(canonicalUrl);
  }

  /**
   * The cached answer, or one file/info.cgi call through the core (which paces it). Concurrent callers
   * for the same file share the call. Resolves undefined when no key is set.
   */
  lookup(canonicalUrl: string): Promise<LinkStatus | undefined> {
    const cached = this.peek(canonicalUrl);
    if (cached) return Promise.resolve(cached);
    const api = this.api;
    if (!api) return Promise.resolve(undefined);
    if (this.accountProblem && this.now() - this.accountProblem.checkedAt <= this.errorTtlMs) {
      return Promise.resolve(this.accountProblem);
    }
    const pending = this.inFlight.get(canonicalUrl);
    if (pending) return pending;
    const generation = this.generation;
    this.requestCount++;
    const request = this.ask(api, canonicalUrl).then((status) => {
      if (generation === this.generation) {
        if (isAccountProblem(status)) this.accountProblem = status;
        else this.entries.set(canonicalUrl, status);
        this.inFlight.delete(canonicalUrl);
      }
      return status;
    });
    this.inFlight.set(canonicalUrl, request);
    return request;
  }

  /**
   * file/info.cgi answers only for the user's own files: "not found" also means "someone else's file". A
   * download token is given for any existing file, so one get_token.cgi call (paced by the core like any
   * other, and made only for links file/info refused) tells a dead link from another user's file. When that
   * check itself fails for another reason, the link is reported as "not in your account", never as dead.
   */
  private async ask(api: LinkApi, canonicalUrl: string): Promise<LinkStatus> {
    let infoError: unknown;
    try {
      return { state: 'found', file: await api.getFileInfo(canonicalUrl), checkedAt: this.now() };
    } catch (error) {
      if (!isNotFound(error)) return statusFromError(error, this.now());
      infoError = error;
    }
    this.requestCount++;
    try {
      await api.getDownloadToken({ url: canonicalUrl });
      return { state: 'not_in_account', existenceConfirmed: true, passwordProtected: false, checkedAt: this.now() };
    } catch (error) {
      if (isNotFound(error)) return { state: 'missing', message: statusFromError(infoError, 0).message, checkedAt: this.now() };
      const status = statusFromError(error, this.now());
      // A refused key or a flood lock says nothing about the file; a missing subscription (#236) only
      // means downloads are not allowed, so it falls through to "not in your account".
      if (status.kind === 'auth' || status.kind === 'rate_limited') return status;
      // Someone else's protected file: the token needs its password, which proves it exists.
      const passwordProtected = /password/i.test(status.message);
      return { state: 'not_in_account', existenceConfirmed: passwordProtected, passwordProtected, checkedAt: this.now() };
    }
  }

  /**
   * Name and size of someone else's public file, from the headers of its download (the core asks a token,
   * opens the download, and the first chunk is dropped). Only for hovers: a user asking about one link,
   * never a whole document, because each one starts a download on the service.
   */
  lookupPublicDetails(canonicalUrl: string): Promise<PublicDetails | undefined> {
    const cached = this.publicDetails.get(canonicalUrl);
    if (cached instanceof Promise) return cached;
    if (cached && this.now() - cached.checkedAt <= this.ttlMs) return Promise.resolve(cached.details);
    const api = this.api;
    if (!api) return Promise.resolve(undefined);
    const generation = this.generation;
    this.requestCount++;
    const request = (async (): Promise<PublicDetails | undefined> => {
      try {
        const download = await api.download(canonicalUrl);
        // Reading one chunk then returning lets the core close the connection properly.
        const reader = download.stream[Symbol.asyncIterator]();
        try {
          await reader.next();
        } finally {
          await reader.return?.();
        }
        const details: PublicDetails = {};
        if (download.filename) details.filename = download.filename;
        if (download.size !== undefined) details.size = download.size;
        return details;
      } catch {
        return undefined;
      }
    })().then((details) => {
      if (generation === this.generation) this.publicDetails.set(canonicalUrl, { details, checkedAt: this.now() });
      return details;
    });
    this.publicDetails.set(canonicalUrl, request);
    return request;
  }

  /**
   * What a hover shows, in one call: the file's status, waiting at most `waitMs` for it; for someone else's
   * public file, its name and size, waiting at most `waitMs` again; or, when the answer is late, how long a
   * flood lock still pauses calls. A late answer is still cached for the next hover. Once `signal` aborts
   * (the editor cancelled the hover), it stops waiting; the caller then answers nothing.
   */
  async hoverFacts(canonicalUrl: string, waitMs: number, signal?: AbortSignal): Promise<HoverFacts> {
    if (!this.api) return { state: 'no_key' };
    const status = await waitAtMost(this.lookup(canonicalUrl), waitMs, signal);
    if (!status) return { state: 'pending', pausedForMs: Math.max(0, this.floodUntil - this.now()) };
    if (status.state !== 'not_in_account' || !status.existenceConfirmed || status.passwordProtected || signal?.aborted) {
      return { state: 'known', status };
    }
    const publicDetails = await waitAtMost(this.lookupPublicDetails(canonicalUrl), waitMs, signal);
    return publicDetails ? { state: 'known', status, publicDetails } : { state: 'known', status };
  }

  /** Forget one file (after an upload created it, or when a user asks to re-check). */
  invalidate(canonicalUrl: string): void {
    this.entries.delete(canonicalUrl);
  }
}
