/** The one error type of the toolkit, and the redaction every error text goes through. */
import { MAX_FILES_PER_UPLOAD, MAX_FILE_SIZE, MAX_REQUEST_SIZE } from './limits';
import { showControls } from './names';
import { formatSize } from './sizes';

export type ErrorKind =
  | 'auth'
  | 'not_premium'
  | 'cdn_required'
  | 'rate_limited'
  | 'locked'
  | 'not_found'
  | 'file_too_large'
  | 'empty_file'
  | 'invalid_name'
  | 'invalid_input'
  | 'password'
  | 'ambiguous'
  | 'conflict'
  | 'integrity'
  | 'protocol'
  | 'server'
  | 'network'
  | 'cancelled'
  | 'timeout'
  | 'outcome_unknown'
  | 'api';

export interface OneFichierErrorInit {
  kind: ErrorKind;
  message: string;
  // `| undefined` so that a copy of another error's fields type-checks as it is.
  hint?: string | undefined;
  /** The service's #NNN code. */
  code?: number | undefined;
  httpStatus?: number | undefined;
  endpoint?: string | undefined;
  retryable?: boolean | undefined;
  retryAfterMs?: number | undefined;
  /** Extra facts a front end may show (never secrets). */
  details?: Record<string, unknown> | undefined;
  cause?: unknown;
}

const DEFAULT_HINTS: Record<ErrorKind, string> = {
  auth: 'Check the API key (1fichier.com > Parameters > API key). If it is right, the account may be under a security lock: log in on the website, reset the password, then create a new API key.',
  not_premium: 'The 1fichier API needs a Premium or Access subscription on this account.',
  cdn_required:
    "1fichier refuses Premium downloads from this connection (a data-centre, VPN or proxy address). Download with CDN credits (turn on the download's CDN option, which spends them), or from a residential connection.",
  rate_limited: '1fichier locked this IP or account for making too many requests. Wait before trying again and make fewer calls.',
  locked: 'The account is locked or in use elsewhere; see the message. Try again later from a single location.',
  not_found: 'Check the URL, folder id or path; the item may have been removed.',
  file_too_large: `1fichier accepts files up to ${formatSize(MAX_FILE_SIZE)} and requests up to ${formatSize(MAX_REQUEST_SIZE)} / ${MAX_FILES_PER_UPLOAD} files. Split the file or the batch.`,
  empty_file: '1fichier does not accept empty (0-byte) files.',
  invalid_name: 'Choose another name: see the message for what is wrong with this one.',
  invalid_input: 'Correct the input described in the message.',
  password: 'The file is protected by a password: give its password, or check the one given.',
  ambiguous: 'Several items match; use the file URL or folder id instead of the name.',
  conflict: 'The service refused the change because of the current state (for example a folder that is not empty).',
  integrity: 'The uploaded bytes do not match what the service stored. Upload the file again.',
  protocol: 'The service answered in an unexpected way. Try again later; if it persists, report it with this message.',
  server: '1fichier had a server problem. Try again later.',
  network: 'Check the network connection and try again.',
  cancelled: 'The operation was cancelled.',
  timeout: 'The service did not finish in time. Check its status later.',
  outcome_unknown: 'The answer was lost and the change may have been made. Check before trying again, so that it is not made twice.',
  api: 'The service refused the request; see the message.',
};

/**
 * Every ErrorKind, for the front ends' hint tables and their tests: a kind added to the union must get a
 * default hint above, and so appears here too.
 */
export const ERROR_KINDS = Object.keys(DEFAULT_HINTS) as readonly ErrorKind[];

/**
 * Marks every OneFichierError, whichever copy of the core made it. Front ends bundle the core more than once
 * (the VS Code extension loads it lazily in a second bundle), and `instanceof` only knows its own copy's
 * class; a registered symbol is the same in every copy.
 */
const ONEFICHIER_ERROR = Symbol.for('@onefichier/core:OneFichierError');

export class OneFichierError extends Error {
  readonly kind: ErrorKind;
  readonly code?: number;
  readonly httpStatus?: number;
  readonly endpoint?: string;
  readonly retryable: boolean;
  readonly hint: string;
  readonly retryAfterMs?: number;
  readonly details?: Record<string, unknown>;

  constructor(init: OneFichierErrorInit) {
    // Messages and hints quote names and the service's own text: their control characters are shown, not obeyed.
    super(showControls(init.message));
    this.name = 'OneFichierError';
    Object.defineProperty(this, ONEFICHIER_ERROR, { value: true });
    this.kind = init.kind;
    if (init.code !== undefined) this.code = init.code;
    if (init.httpStatus !== undefined) this.httpStatus = init.httpStatus;
    if (init.endpoint !== undefined) this.endpoint = init.endpoint;
    this.retryable = init.retryable ?? false;
    this.hint = showControls(init.hint ?? DEFAULT_HINTS[init.kind]);
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.details !== undefined) this.details = init.details;
    // Kept non-enumerable: a transport cause may carry request headers (redacted already, but never serialized).
    if (init.cause !== undefined) Object.defineProperty(this, 'cause', { value: init.cause, enumerable: false });
  }

  /** Serializable form; contains no secret (messages are redacted when built). */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {
      name: this.name,
      kind: this.kind,
      message: this.message,
      hint: this.hint,
      retryable: this.retryable,
    };
    if (this.code !== undefined) out.code = this.code;
    if (this.httpStatus !== undefined) out.httpStatus = this.httpStatus;
    if (this.endpoint !== undefined) out.endpoint = this.endpoint;
    if (this.retryAfterMs !== undefined) out.retryAfterMs = this.retryAfterMs;
    if (this.details !== undefined) out.details = this.details;
    return out;
  }
}

/**
 * The same error with some fields changed: the one way to re-word an error (a new message, hint or details)
 * or to give it a retry delay. Every other field is kept.
 */
export function rewordError(e: OneFichierError, changes: Partial<OneFichierErrorInit>): OneFichierError {
  return new OneFichierError({
    kind: e.kind,
    message: e.message,
    hint: e.hint,
    code: e.code,
    httpStatus: e.httpStatus,
    endpoint: e.endpoint,
    retryable: e.retryable,
    retryAfterMs: e.retryAfterMs,
    details: e.details,
    ...changes,
  });
}

/** True for an error of the core, made by this copy of it or by another bundle's. */
export function isOneFichierError(e: unknown): e is OneFichierError {
  return e instanceof OneFichierError || (typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[ONEFICHIER_ERROR] === true);
}

/** A network-level failure thrown by a transport (no HTTP answer, or the body stream broke). */
export class TransportError extends Error {
  /** 'ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'ENOTFOUND', 'ABORTED', ... */
  readonly code: string;
  /** True when the request body was not entirely handed to the network (the server cannot have it all). */
  readonly bodyIncomplete?: boolean;
  constructor(code: string, message: string, opts: { bodyIncomplete?: boolean } = {}) {
    super(message);
    this.name = 'TransportError';
    this.code = code;
    if (opts.bodyIncomplete !== undefined) this.bodyIncomplete = opts.bodyIncomplete;
  }
}

const REDACTED = '[REDACTED]';

/**
 * Removes every secret from a text that comes from a response or a transport error, plus anything shaped
 * like an Authorization value.
 */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const s of secrets) {
    if (!s || s.length < 4) continue;
    out = out.split(s).join(REDACTED);
  }
  return out.replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`);
}

/**
 * At most `max` characters of a text an error quotes, secrets removed before the cut: a key cut in two by the
 * excerpt would no longer match as a whole and part of it would stay.
 */
export function redactedExcerpt(text: string, secrets: readonly (string | undefined)[], max = 200): string {
  const clean = redact(text, secrets);
  return clean.length > max ? `${clean.slice(0, max)}...` : clean;
}

export function cancelledError(endpoint?: string): OneFichierError {
  return new OneFichierError({ kind: 'cancelled', message: 'Cancelled by the caller.', ...(endpoint ? { endpoint } : {}) });
}

export function isAbortError(e: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return true;
  if (e instanceof TransportError) return e.code === 'ABORTED';
  return e instanceof Error && (e.name === 'AbortError' || e.name === 'CanceledError');
}

export function throwIfAborted(signal?: AbortSignal, endpoint?: string): void {
  if (signal?.aborted) throw cancelledError(endpoint);
}
