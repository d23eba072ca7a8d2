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
import { sharedAnswerCache, sharedPacer } from './policy/accounts';
import { Budgets } from './policy/budgets';
import type { CallScope, Endpoint } from './policy/endpoints';
import { budgetLanes, lanesFor, lanesLockedBy, serviceOf, type LaneSettings } from './policy/lanes';
import { DEFAULT_LIMITS, checkLimits, type Pacer } from './policy/pacer';
import { DEFAULT_RETRY } from './policy/retry';
import type { ClientOptions, Clock, LimitOptions, ReservedNamePolicy, RetryOptions, UploadPollOptions } from './types';

export const DEFAULT_UPLOAD_POLLING: UploadPollOptions = { endPollIntervalMs: 5_000, endPollTimeoutMs: 300_000, emptyLinksRetries: 3 };

/** The client's options after checks and defaults. */
export interface ClientSettings {
  baseUrl: string;
  /** Scheme of baseUrl, also used for the upload node and end.pl (https for the service, http for a loopback sandbox). */
  scheme: 'http' | 'https';
  retry: RetryOptions;
  /** This client's pace and budgets (the defaults, then its own options). */
  limits: LimitOptions;
  polling: UploadPollOptions;
  verifyIntegrity: boolean;
  reservedNames: ReservedNamePolicy;
  random: () => number;
}

export class ClientContext {
  readonly settings: ClientSettings;
  readonly clock: Clock;
  /** Where this client takes its turns: shared by the process (or, from the Node entry, the machine). */
  readonly pacer: Pacer;
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
    checkLimits(options.limits ?? {});
    const limits: LimitOptions = { ...DEFAULT_LIMITS, ...definedOnly(options.limits ?? {}) };
    const share = options.processesSharingPace ?? 1;
    if (!Number.isInteger(share) || share < 1 || share > 100)
      throw invalidInput(`processesSharingPace must be a whole number from 1 to 100 (got ${String(share)}).`);
    this.settings = {
      baseUrl: base,
      scheme: base.slice(0, base.indexOf(':')).toLowerCase() as 'http' | 'https',
      retry,
      limits,
      polling: { ...DEFAULT_UPLOAD_POLLING, ...options.uploadPolling },
      verifyIntegrity: options.verifyIntegrity ?? true,
      reservedNames: options.reservedNames ?? 'encode',
      random: options.random ?? Math.random,
    };
    this.clock = options.clock;
    // The account id goes into the pace book, which the Node entry keeps in a file: a hash, never the key.
    const accountId = apiKey ? accountIdOf(apiKey) : options.accountKey ? accountIdOf(`a:${options.accountKey}`) : 'anonymous';
    this.pacer = options.pacer ?? sharedPacer(this.clock);
    const lanes: LaneSettings = { service: serviceOf(base), accountId, limits, retry, share };
    this.api = new RequestPipeline({
      baseUrl: base,
      apiKey,
      secrets: checkSecrets(options.secrets),
      transport: options.transport,
      clock: this.clock,
      pacer: this.pacer,
      lanes: (endpoint) => lanesFor(endpoint, lanes),
      lockedBy: (scope, l) => lanesLockedBy(scope, l, lanes),
      retry,
      requestTimeoutMs: options.requestTimeoutMs ?? 60_000,
      transferIdleTimeoutMs: options.transferIdleTimeoutMs ?? 300_000,
      requestTotalTimeoutMs: positiveOption(options.requestTotalTimeoutMs, 'requestTotalTimeoutMs') ?? 120_000,
      maxAnswerBytes: positiveOption(options.maxAnswerBytes, 'maxAnswerBytes') ?? 64 * 1024 * 1024,
      random: this.settings.random,
      onEvent: options.onEvent,
    });
    this.budgets = new Budgets({
      answers: sharedAnswerCache(`${lanes.service} ${accountId}`, this.clock),
      limits: () => limits,
      emit: this.api.emit,
      lanes: (endpoint, scope) => budgetLanes(endpoint, scope, lanes, limits.maxBudgetWaitMs),
      now: () => this.clock.now(),
      pacer: {
        turn: (endpoint, l, signal) => this.api.takeTurn(endpoint, l, signal),
        answered: (l) => this.pacer.answered(l),
        unused: (l, since) => this.pacer.unused(l, since),
      },
    });
  }

  /**
   * One JSON API call under its endpoint's policy: paced and retried; a change marks the listings it touched as
   * stale. `onSent`: told when a request goes out (Budgets.within hands it to a budgeted call).
   */
  async call(endpoint: Endpoint, payload: Json, signal?: AbortSignal, scope: CallScope = {}, onSent?: () => void): Promise<Json> {
    const json = await this.api.callJson(endpoint, payload, signal, onSent);
    this.budgets.changed(endpoint, scope);
    return json;
  }

  /** The reserved-name policy of one call: its own option, else the client's. */
  namePolicy(opts: { reservedNames?: ReservedNamePolicy }): ReservedNamePolicy {
    return opts.reservedNames ?? this.settings.reservedNames;
  }
}

/** A bound given as an option: undefined (the default applies) or a number > 0. */
function positiveOption(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw invalidInput(`${name} must be a number > 0 (got ${String(value)}).`);
  return value;
}

/** The options a caller set (an `undefined` must not replace a default). */
function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
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

/** Redaction-only secrets: strings of 4 characters or more (shorter ones would blank out ordinary words). */
function checkSecrets(secrets: unknown): readonly string[] {
  if (secrets === undefined) return [];
  if (!Array.isArray(secrets) || secrets.some((s) => typeof s !== 'string'))
    throw invalidInput('secrets must be a list of strings (texts to remove from errors and events).');
  return (secrets as string[]).map((s) => s.trim()).filter((s) => s.length >= 4);
}
