/**
 * The pipeline's replay rule: whether a failed call may have been applied by the service, and the error a
 * change that must not be sent blindly again fails with (its endpoint group then looks at the state). The
 * per-endpoint rule itself is the `replay` column of endpoints.ts.
 */
import { OneFichierError, rewordError } from '../errors';

/** Network failures that happen before the request leaves: nothing reached the service. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ERR_INVALID_URL',
]);

/**
 * Whether the service may have applied a call that failed with `e`: no answer although the request may have
 * arrived (a reset, a dropped connection, a timeout), or a 5xx (a proxy's 502 page can hide an applied
 * change: docs/api-notes.md#lost-answers). A refusal the service explains (a KO, 429, a flood lock, a bare 403)
 * applied nothing.
 */
export function mayHaveApplied(e: OneFichierError): boolean {
  // An answer came but was not read (too large): the request arrived.
  if (e.details?.answerUnread === true) return true;
  if (e.kind === 'network') return !NOT_SENT_CODES.has(String(e.details?.transportCode ?? ''));
  return e.httpStatus !== undefined && e.httpStatus >= 500;
}

/** The error of a change whose answer was lost: not retried; the caller (or the endpoint group) checks the state. */
export function outcomeUnknownError(e: OneFichierError, whatToCheck?: string): OneFichierError {
  return rewordError(e, {
    kind: 'outcome_unknown',
    retryable: false,
    retryAfterMs: undefined,
    message: /may have been made/.test(e.message)
      ? e.message
      : `${e.message}. The request may have reached 1fichier, so the change may have been made.`,
    hint: whatToCheck ?? 'Check whether the change was made before trying again, so that it is not made twice.',
    details: { ...e.details, outcomeUnknown: true, causeKind: e.details?.causeKind ?? e.kind },
  });
}

export function isOutcomeUnknown(e: unknown): e is OneFichierError {
  return e instanceof OneFichierError && e.kind === 'outcome_unknown';
}
