/**
 * What every unit of the client shares: the options checked and resolved once, the request pipeline, the
 * account's pacer and budgets. The endpoint groups, upload/, download/ and the path helpers all take it as
 * their first argument; OneFichierClient only holds one.
 */
import { checkBaseUrl } from './baseUrl';
import { accountIdOf } from './hash';
import { OneFichierError } from './errors';
import { invalidInput } from './checks';
import type { Json } from './parse';
import { RequestPipeline } from './pipeline';
import { sharedAnswerCache, sharedLimiter } from './policy/accounts';
import { Budgets } from './policy/budgets';
import type { CallScope, Endpoint } from './policy/endpoints';
import { DEFAULT_LIMITS, type RateLimiter } from './policy/pacer';
import { DEFAULT_RETRY } from './policy/retry';
import type { ClientOptions, Clock, ReservedNamePolicy, RetryOptions, UploadPollOptions } from './types';

export const DEFAULT_UPLOAD_POLLING: UploadPollOptions = { endPollIntervalMs: 5_000, endPollTimeoutMs: 300_000, emptyLinksRetries: 3 };

/** The client's options after checks and defaults. */
export interface ClientSettings {
  baseUrl: string;
  /** Scheme of baseUrl, also used for the upload node and end.pl (https for the service, http for a loopback sandbox). */
  scheme: 'http' | 'https';
  retry: RetryOptions;
  polling: UploadPollOptions;
  verifyIntegrity: boolean;
  reservedNames: ReservedNamePolicy;
  random: () => number;
}

export class ClientContext {
  readonly settings: ClientSettings;
  readonly clock: Clock;
  readonly limiter: RateLimiter;
  readonly api: RequestPipeline;
  readonly budgets: Budgets;

  constructor(options: ClientOptions) {
    if (!options || typeof options.transport !== 'function')
      throw invalidInput('OneFichierClient needs a transport function (options.transport).');
    if (!options.clock || typeof options.clock.now !== 'function' || typeof options.clock.sleep !== 'function') {
      throw invalidInput('OneFichierClient needs a clock { now(), sleep(ms, signal) } (options.clock).');
    }
    const apiKey = checkApiKey(options.apiKey);
    const checked = checkBaseUrl(options.baseUrl);
    if (!checked.ok) throw invalidInput(`baseUrl ${checked.problem}.`, checked.hint);
    const base = checked.url;
    const retry = { ...DEFAULT_RETRY, ...options.retry };
    if (!(retry.maxAttempts >= 1)) throw invalidInput('retry.maxAttempts must be at least 1.');
    this.settings = {
      baseUrl: base,
      scheme: base.slice(0, base.indexOf(':')).toLowerCase() as 'http' | 'https',
      retry,
      polling: { ...DEFAULT_UPLOAD_POLLING, ...options.uploadPolling },
      verifyIntegrity: options.verifyIntegrity ?? true,
      reservedNames: options.reservedNames ?? 'encode',
      random: options.random ?? Math.random,
    };
    this.clock = options.clock;
    const accountId = apiKey ? accountIdOf(apiKey) : options.accountKey ? `a:${options.accountKey}` : 'anonymous';
    this.limiter = sharedLimiter(accountId, this.clock, options.limits);
    this.api = new RequestPipeline({
      baseUrl: base,
      apiKey,
      transport: options.transport,
      clock: this.clock,
      pacer: this.limiter,
      retry,
      requestTimeoutMs: options.requestTimeoutMs ?? 60_000,
      transferIdleTimeoutMs: options.transferIdleTimeoutMs ?? 300_000,
      random: this.settings.random,
      onEvent: options.onEvent,
    });
    this.budgets = new Budgets({
      answers: sharedAnswerCache(accountId, this.clock),
      limits: () => this.limiter.limits,
      emit: this.api.emit,
      wait: this.api.wait,
      maxBudgetWaitMs: options.limits?.maxBudgetWaitMs ?? DEFAULT_LIMITS.maxBudgetWaitMs,
    });
  }

  /** One JSON API call under its endpoint's policy: paced and retried; a change marks the listings it touched as stale. */
  async call(endpoint: Endpoint, payload: Json, signal?: AbortSignal, scope: CallScope = {}): Promise<Json> {
    const json = await this.api.callJson(endpoint, payload, signal);
    this.budgets.changed(endpoint, scope);
    return json;
  }

  /** The reserved-name policy of one call: its own option, else the client's. */
  namePolicy(opts: { reservedNames?: ReservedNamePolicy }): ReservedNamePolicy {
    return opts.reservedNames ?? this.settings.reservedNames;
  }
}

function checkApiKey(apiKey: unknown): string | undefined {
  if (apiKey === undefined) return undefined;
  if (typeof apiKey !== 'string' || apiKey.trim() === '') {
    throw new OneFichierError({
      kind: 'auth',
      message: 'The API key is empty.',
      hint: 'Paste the API key from 1fichier.com > Parameters > API key.',
    });
  }
  if (/\s/.test(apiKey.trim())) {
    throw new OneFichierError({
      kind: 'auth',
      message: 'The API key contains spaces or line breaks.',
      hint: 'Copy the API key again without surrounding text.',
    });
  }
  return apiKey.trim();
}
