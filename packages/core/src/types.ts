/**
 * Shared types of the core: the injected transport and clock, client options, events, and the upload and
 * download types; the other endpoints' options and answers are in answers.ts (re-exported here). Pure: no
 * Node globals (see docs/architecture.md).
 */

import type { BufferReuse, SettledBytes } from './lending';

/** One HTTP exchange. Transports never follow redirects and never throw on an HTTP status. */
export interface HttpRequest {
  method: 'GET' | 'POST';
  /** Absolute URL. */
  url: string;
  /** May contain Authorization: never log it. */
  headers: Record<string, string>;
  /** JSON text, raw bytes, or a streamed body of known length. */
  body?: string | Uint8Array | StreamBody;
  responseType: 'text' | 'stream';
  signal?: AbortSignal;
  /** Idle timeout: abort when no byte moves for this long. */
  timeoutMs?: number;
  /**
   * A text answer (API calls, end.pl) must arrive in full within this long from the send, or the transport
   * fails with TransportError 'ETIMEDOUT': an answer trickled a byte at a time never passes the idle timeout.
   */
  totalTimeoutMs?: number;
  /**
   * A text answer longer than this many bytes is not read further: the transport fails with TransportError
   * 'ETOOLARGE' (no 1fichier answer is that large; it would only fill the memory).
   */
  maxAnswerBytes?: number;
  /**
   * True when the request must carry no credentials: the download host (docs/api-notes.md#authentication), or
   * a plain-http URL while the API is https. The core then adds no Authorization header; a transport that
   * authenticates by itself (n8n's credential) must not authenticate it either.
   */
  anonymous?: boolean;
}

/** A request body streamed from its source; `length` is the exact Content-Length. */
export interface StreamBody {
  length: number;
  chunks: AsyncIterable<Uint8Array>;
  /**
   * Offered by a body whose chunks may share memory (src/lending.ts). A transport that knows when the OS
   * has taken each byte calls it once, before reading `chunks`, and reports on the tracker it returns; a
   * chunk's buffer is then refilled only after its bytes are settled. A transport that keeps chunks, or
   * cannot tell, never calls it and gets a buffer of its own for every chunk.
   */
  lend?: () => SettledBytes;
}

export interface HttpResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** When responseType is 'text'. */
  text?: string;
  /** When responseType is 'stream'. */
  stream?: AsyncIterable<Uint8Array>;
}

/** Network failures are thrown as TransportError (see errors.ts). */
export type HttpTransport = (req: HttpRequest) => Promise<HttpResponse>;

import type { Pacer } from './policy/pacer';
export type { Pacer, PaceStore, PaceBook, Lane, LaneState } from './policy/pacer';

export interface Clock {
  now(): number;
  /** Resolves after `ms`; rejects (any error) when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface LimitOptions {
  /**
   * Minimum spacing between two call starts on one IP, whatever the key (default 500 ms = 2 req/s; see the core
   * README, "Pacing"). It is the fastest pace: after a flood lock the client goes slower and comes back to it.
   */
  minIntervalMs: number;
  /** download/get_token.cgi: minimum spacing between two token requests from this IP (default 2.5 s). */
  tokenIntervalMs: number;
  /**
   * file/ls.cgi and folder/ls.cgi of any folder: minimum spacing between two listings from this IP (default
   * 3.3 s: about one listing per 3 s is what the service tolerates, with a tenth of margin).
   */
  listingIntervalMs: number;
  /** file/info.cgi: minimum spacing between two file checks from this IP (default 2.5 s). */
  fileInfoIntervalMs: number;
  /** file/ls.cgi and folder/ls.cgi: once per folder per this window (default 30 s). */
  folderListIntervalMs: number;
  /** file/ls.cgi with folder_id -1 (whole account): once per this window (default 1 h). */
  accountListIntervalMs: number;
  /** user/info.cgi: once per this window (default 5 min). */
  userInfoIntervalMs: number;
  /**
   * When a budget window forces a wait longer than this, fail with `rate_limited` (and the wait in
   * retryAfterMs) instead of blocking (default 60 s; a folder window is 30 s, so folders always wait).
   */
  maxBudgetWaitMs: number;
}

export interface RetryOptions {
  /** Attempts per call for retryable errors (429, 5xx, 509, network), first try included (default 6). */
  maxAttempts: number;
  /** Backoff base: delay = random(0, min(maxDelayMs, baseDelayMs * 2^(attempt-1))) (full jitter). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Pause after a flood lock (#374, #412, #223) before trying again (default 60 s; doubles while the lock goes on). */
  floodCooldownMs: number;
  /**
   * Total time one call accepts to wait for flood locks and for its turn before failing with `rate_limited`
   * and `retryAfterMs` (default 15 min).
   */
  maxFloodWaitMs: number;
  /** Wait after the download host's "Your requests are too fast" page before asking with a new token (default 30 s). */
  tooFastWaitMs: number;
}

export interface UploadPollOptions {
  /** end.pl "please wait" polling interval (default 5 s). */
  endPollIntervalMs: number;
  /** Give up on end.pl after this long (default 5 min). */
  endPollTimeoutMs: number;
  /** end.pl JSON without links: how many more times to ask before a `protocol` error (default 3). */
  emptyLinksRetries: number;
}

export type ReservedNamePolicy = 'refuse' | 'encode';

export interface ClientOptions {
  transport: HttpTransport;
  clock: Clock;
  /** Sent as `Authorization: Bearer` on every call. When absent, the transport authenticates (n8n). */
  apiKey?: string;
  /** Identity of the shared pacer lanes and caches when apiKey is absent (n8n passes a hash of the credential). */
  accountKey?: string;
  /**
   * Secrets never sent by the core but removed from every error, hint, detail and event, like apiKey (the n8n
   * node passes its credential's key here: its transport adds the header, and a server may echo the bare key).
   */
  secrets?: readonly string[];
  /**
   * Where the pace is kept: every client of this process shares one by default. The Node entry passes one
   * that every process of the machine shares (`machinePacer()`).
   */
  pacer?: Pacer;
  /**
   * How many processes use this key's IP at the same time without sharing a pacer (n8n queue-mode workers):
   * each goes that many times slower, so that together they keep the pace (default 1).
   */
  processesSharingPace?: number;
  /** Default https://api.1fichier.com/v1; the upload node and download host use this URL's scheme. */
  baseUrl?: string;
  limits?: Partial<LimitOptions>;
  retry?: Partial<RetryOptions>;
  uploadPolling?: Partial<UploadPollOptions>;
  /** Default true: Whirlpool computed while streaming, compared with end.pl (upload) or with the known checksum (download). */
  verifyIntegrity?: boolean;
  /**
   * Names the service reserves (`\ < > " ' $ \``, leading or trailing spaces, controls, bidirectional controls):
   * 'encode' (default) maps them to rclone's look-alikes, 'refuse' refuses them with `invalid_name`.
   */
  reservedNames?: ReservedNamePolicy;
  /** Idle timeout handed to the transport for API calls (default 60 s) and transfers (default 5 min). */
  requestTimeoutMs?: number;
  transferIdleTimeoutMs?: number;
  /** The whole of an API exchange, answer included, must end within this (default 2 min; not file transfers). */
  requestTotalTimeoutMs?: number;
  /** An API answer larger than this is refused without reading it further (default 64 MiB). */
  maxAnswerBytes?: number;
  onEvent?: (event: ClientEvent) => void;
  /** Random source for jitter and multipart boundaries (tests inject a fixed one). */
  random?: () => number;
}

export type WaitReason = 'flood' | 'budget' | 'backoff' | 'processing' | 'pace';

/** A wait the client announces before it sleeps or pauses. */
export interface WaitEvent {
  type: 'wait';
  reason: WaitReason;
  ms: number;
  endpoint: string;
  message: string;
}

/** Events never contain the API key. */
export type ClientEvent =
  | WaitEvent
  | { type: 'retry'; endpoint: string; attempt: number; errorKind: string; message: string }
  | { type: 'cache'; endpoint: string; ageMs: number; message: string };

export interface CallOptions {
  signal?: AbortSignal;
}

// ---------------------------------------------------------------- upload

/** Something to upload: a name, an exact size, and a way to read its bytes. */
export interface UploadSource {
  name: string;
  size: number;
  /**
   * Returns the bytes; called once per attempt. With `reuse`, a source may refill the buffer of a chunk it
   * yielded once `reuse.settled(end of that chunk)` has resolved; without it, every chunk is its own.
   */
  open(reuse?: BufferReuse): AsyncIterable<Uint8Array>;
  /**
   * True when open() can be called again and yields the same bytes (a file on disk, a buffer). A one-shot
   * stream is not re-openable: after a failed POST the upload then fails instead of being retried.
   */
  reopenable?: boolean;
}

export interface UploadProgress {
  /** Bytes of file content sent so far in this request (all files). */
  bytesSent: number;
  /** Total bytes of file content in this request. */
  totalBytes: number;
  /** The file currently being sent. */
  file: string;
}

export interface UploadOptions extends CallOptions {
  /** Destination folder id (default 0 = root). */
  folderId?: number;
  /** Password protecting the uploaded files (`dpass`). */
  password?: string;
  /** Numeric domain id (0 = 1fichier.com ... 10 = dl4free.com). */
  domain?: number;
  onProgress?: (progress: UploadProgress) => void;
  verifyIntegrity?: boolean;
  reservedNames?: ReservedNamePolicy;
}

export interface UploadServer {
  /** Bare host[:port] of the upload node. */
  host: string;
  /** Upload id (1-10 alphanumerics). */
  id: string;
  uploadUrl: string;
  endUrl: string;
}

export interface UploadedFile {
  /** Permanent download URL, the file's identity (https://1fichier.com/?xxxx). */
  url: string;
  filename: string;
  size: number;
  /** Lower-case hex Whirlpool reported by the service (verified against the local hash unless disabled). */
  whirlpool: string;
  folderId: number;
  /** Removal link; empty when the upload is linked to an account. */
  removeUrl: string;
}

// ---------------------------------------------------------------- download

export interface DownloadTokenRequest {
  url: string;
  inline?: boolean;
  /** Through the CDN (spends CDN credits); false is sent as `cdn: 0`, omitted lets the account's "use CDN" setting decide. */
  cdn?: boolean;
  /** CDN only: 0 none, 1 forbid IP change, 2 forbid any sub-request. */
  restrictIp?: 0 | 1 | 2;
  /** Forbid sub-requests on the token (no Range resume with the same token). */
  single?: boolean;
  password?: string;
  noSsl?: boolean;
  /** Groupware share with hidden links: folder id + filename (+ sharingUser with folder 0). */
  folderId?: number;
  filename?: string;
  sharingUser?: string;
}

export interface DownloadToken {
  /** Direct download URL on a download host. */
  url: string;
  /** The service keeps a token valid about 5 minutes. */
  expiresAt: number;
}

export interface DownloadProgress {
  bytesReceived: number;
  /** Undefined when the server does not say. */
  totalBytes?: number;
}

/** What the caller already knows of a file, from a listing or file/info (a FileItem fits). */
export interface KnownFile {
  filename?: string;
  size?: number;
  /** The service's Whirlpool (lower-case hex): the download is checked against it. */
  checksum?: string;
}

export interface DownloadOptions extends CallOptions {
  password?: string;
  cdn?: boolean;
  /** Start at this byte (resume a partial file). */
  start?: number;
  onProgress?: (progress: DownloadProgress) => void;
  /** Network failures mid-body resumed with Range before giving up (default retry.maxAttempts). */
  maxResumes?: number;
  /** The file as a listing or file/info gave it: its Whirlpool is checked, its size and name trusted. */
  file?: KnownFile;
  /** Check the Whirlpool when file.checksum is known (default: the client's verifyIntegrity, true). */
  verifyIntegrity?: boolean;
  /** The bytes before `start` (the partial file being resumed), so that the Whirlpool check covers the whole file. */
  resumedBytes?: () => AsyncIterable<Uint8Array>;
}

export interface DownloadStream {
  /** Total size of the file in bytes when known. */
  size?: number;
  /** Bytes that will be delivered (size - start) when known. */
  remaining?: number;
  filename?: string;
  contentType?: string;
  /** The Whirlpool the stream is checked against: the stream fails with `integrity` at its end if the bytes differ. */
  checksum?: string;
  /** Iterate it once; stopping early (break) releases the connection. */
  stream: AsyncIterable<Uint8Array>;
}

export * from './answers';
