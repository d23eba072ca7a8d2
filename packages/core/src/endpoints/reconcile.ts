/**
 * Changes that must not be made twice (the `replay: 'reconcile'` rows of policy/endpoints.ts). The pipeline
 * does not send them again after a lost answer; here the endpoint group looks at the state instead, within
 * the budgets (a listing waits for its window), the way the upload asks end.pl before sending again. Then
 * the change is either found (its result is returned), found missing (it is sent again), or the state
 * cannot tell, and the call fails with `outcome_unknown` saying what to check.
 */
import type { ClientContext } from '../context';
import { OneFichierError, throwIfAborted } from '../errors';
import type { Json } from '../parse';
import type { CallScope, Endpoint } from '../policy/endpoints';
import { isOutcomeUnknown, outcomeUnknownError } from '../policy/replay';
import { backoffDelayMs } from '../policy/retry';

/** How a change whose answer was lost is reconciled. */
export type Reconcile<T> =
  /** Look at the state: the change's result when it is there, undefined when it is not (then it is sent again). */
  | { look: () => Promise<T | undefined>; whatToCheck: string }
  /**
   * Send it again at once: an error this accepts (e.g. "not found" for a removal) may mean the first one was
   * applied; `resend` then checks the state where the error alone cannot tell, and returns the result.
   */
  | { resend: (e: OneFichierError) => Promise<T | undefined> | T | undefined; whatToCheck: string };

export interface ChangeCall {
  endpoint: Endpoint;
  payload: Json;
  scope?: CallScope;
  signal?: AbortSignal | undefined;
}

/** One change, made at most once: sent, and after a lost answer reconciled as `how` says (bounded by retry.maxAttempts). */
export async function changeOnce<T>(c: ClientContext, call: ChangeCall, parse: (json: Json) => T, how: Reconcile<T>): Promise<T> {
  const { endpoint, payload, signal } = call;
  const scope = call.scope ?? {};
  const maxAttempts = c.settings.retry.maxAttempts;
  let lost: OneFichierError | undefined;
  for (let attempt = 1; ; attempt++) {
    throwIfAborted(signal, endpoint);
    try {
      return parse(await c.call(endpoint, payload, signal, scope));
    } catch (e) {
      if (!(e instanceof OneFichierError)) throw e;
      if (lost && 'resend' in how) {
        const done = await stateOrFail(() => how.resend(e), lost, how.whatToCheck);
        if (done !== undefined) {
          c.budgets.changed(endpoint, scope);
          return done;
        }
      }
      if (!isOutcomeUnknown(e)) throw e;
      lost = e;
    }
    // The change may have been made: the listings it touches are stale.
    c.budgets.changed(endpoint, scope);
    if ('look' in how) {
      const found = await stateOrFail(how.look, lost, how.whatToCheck);
      if (found !== undefined) return found;
      if (attempt >= maxAttempts) throw notMade(lost, endpoint, attempt);
    } else if (attempt >= maxAttempts) {
      throw outcomeUnknownError(lost, how.whatToCheck);
    }
    const ms = backoffDelayMs(attempt, c.settings.retry, c.settings.random);
    const message =
      'look' in how
        ? `The answer to ${endpoint} was lost and the change was not made; sending it again in ${ms} ms.`
        : `The answer to ${endpoint} was lost; sending it again in ${ms} ms is safe (a refusal then shows it was done).`;
    await c.api.waitThenRetry(
      { reason: 'backoff', ms, endpoint, attempt: attempt + 1, error: lost, message, retryMessage: message },
      signal,
    );
  }
}

/**
 * The state's answer; a failure to read it (other than a cancel) leaves the outcome unknown, and so does a
 * state that cannot tell (the `mixedOutcome` error, whose reason goes before what to check).
 */
async function stateOrFail<T>(read: () => Promise<T | undefined> | T | undefined, lost: OneFichierError, whatToCheck: string) {
  try {
    return await read();
  } catch (e) {
    if (e instanceof OneFichierError && e.kind === 'cancelled') throw e;
    const why =
      e instanceof OneFichierError && e.details?.mixedOutcome === true ? `${e.message[0]!.toUpperCase()}${e.message.slice(1)} ` : '';
    throw outcomeUnknownError(lost, `${why}${whatToCheck}`);
  }
}

/** Every answer was lost, and the state shows the change was not made. */
function notMade(lost: OneFichierError, endpoint: Endpoint, attempts: number): OneFichierError {
  const causeKind = lost.details?.causeKind;
  return new OneFichierError({
    kind: causeKind === 'network' ? 'network' : 'server',
    endpoint,
    retryable: true,
    message: `1fichier ${endpoint}: no answer after ${attempts} attempts, and the change was not made.`,
    hint: 'Nothing was changed. Try again later.',
    ...(lost.httpStatus !== undefined ? { httpStatus: lost.httpStatus } : {}),
  });
}

/** The state cannot tell: the change was made for some items and not for others. */
export function mixedOutcome(endpoint: Endpoint, what: string): OneFichierError {
  return new OneFichierError({ kind: 'protocol', endpoint, message: what, details: { mixedOutcome: true } });
}
