/**
 * The one request pipeline (modelled on octokit's request): build the HttpRequest, wait for the pacer's
 * turn, send it through the injected transport, interpret the answer, and retry under the retry policy
 * (policy/retry.ts). Every call of the client goes through here, so the API key, the timeouts and the
 * "wait, then retry" events are handled in one place.
 */
import { OneFichierError, TransportError, cancelledError, isAbortError, redact, rewordError, throwIfAborted } from './errors';
import { networkReason, unreachableAddress } from './network';
import type { Json } from './parse';
import { interpretAnswer } from './policy/classify';
import { replayRule, type Endpoint } from './policy/endpoints';
import { lockScopeOf, type LockScope } from './policy/lanes';
import { cancellableSleep, type Lane, type Pacer, type PaceWait } from './policy/pacer';
import { mayHaveApplied, outcomeUnknownError } from './policy/replay';
import { decideRetry, endpointLockedError, formatWindow, gaveUpOnLock, waitTooLongError } from './policy/retry';
import type { ClientEvent, Clock, HttpRequest, HttpResponse, HttpTransport, RetryOptions, WaitEvent } from './types';

/** An HttpRequest before the pipeline adds the Authorization header, the signal and the idle timeout. */
export interface RequestSpec {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: HttpRequest['body'];
  responseType?: HttpRequest['responseType'];
  /** A file transfer (upload POST, download GET): the idle timeout is transferIdleTimeoutMs. */
  transfer?: boolean;
  /** A request that must carry no key (the download host): see keyMayGoTo. */
  anonymous?: boolean;
}

/** One "wait, then try again" step, as the events describe it. */
export interface RetryStep {
  reason: 'flood' | 'backoff';
  ms: number;
  endpoint: Endpoint;
  /** The `wait` event's text. */
  message: string;
  /** The number of the try that follows (2 for the first retry). */
  attempt: number;
  error: OneFichierError;
  /** The `retry` event's text (default: the error's message). */
  retryMessage?: string;
}

export interface PipelineSettings {
  baseUrl: string;
  apiKey: string | undefined;
  /** Removed from every text like apiKey, never sent (ClientOptions.secrets). */
  secrets: readonly string[];
  transport: HttpTransport;
  clock: Clock;
  pacer: Pacer;
  /** The lanes one try of a call counts against, and those a lock of a scope covers (policy/lanes.ts). */
  lanes: (endpoint: Endpoint) => Lane[];
  lockedBy: (scope: LockScope, lanes: Lane[]) => Lane[];
  retry: RetryOptions;
  requestTimeoutMs: number;
  transferIdleTimeoutMs: number;
  /** The bound of a whole API exchange (not a file transfer), and the largest text answer read. */
  requestTotalTimeoutMs: number;
  maxAnswerBytes: number;
  random: () => number;
  onEvent: ((event: ClientEvent) => void) | undefined;
}

type Interpret<T> = (res: HttpResponse) => T | Promise<T>;

export class RequestPipeline {
  constructor(private readonly s: PipelineSettings) {}

  /** Reports an event to the caller's listener, without the key; a listener's failure never breaks the call. */
  readonly emit = (e: ClientEvent): void => {
    if (!this.s.onEvent) return;
    try {
      this.s.onEvent({ ...e, message: this.redact(e.message) });
    } catch {
      // A listener's failure must not break the call it observes.
    }
  };

  redact(text: string): string {
    return redact(text, this.secrets);
  }

  /** Every secret a text must lose: the key the core sends and the ones it only knows of. */
  get secrets(): readonly (string | undefined)[] {
    return [this.s.apiKey, ...this.s.secrets];
  }

  /** The request for an API endpoint: a JSON body for POST; GET still says JSON, as get_upload_server wants. */
  apiRequest(endpoint: Endpoint, payload?: Json): RequestSpec {
    return {
      method: payload === undefined ? 'GET' : 'POST',
      url: `${this.s.baseUrl}/${endpoint}`,
      headers: { 'Content-Type': 'application/json' },
      ...(payload !== undefined ? { body: JSON.stringify(payload) } : {}),
    };
  }

  /** An API call: the answer object, or the classified error after the retries the policy allows. */
  callJson(endpoint: Endpoint, payload?: Json, signal?: AbortSignal, onSent?: () => void): Promise<Json> {
    return this.exchange(endpoint, this.apiRequest(endpoint, payload), (res) => this.answerOf(endpoint, res), signal, onSent);
  }

  /** The answer object of an API answer, or the classified error (secrets removed from its text). */
  answerOf(endpoint: Endpoint, res: HttpResponse, text: string | undefined = res.text): Json {
    return interpretAnswer(endpoint, res.status, text, this.secrets, res.headers);
  }

  /**
   * One logical call: paced, sent, interpreted, and tried again as the retry policy decides. `interpret` turns
   * an answer into the result or throws the classified error; a bug in it is thrown as is. Every wait of the
   * call (its turn, locks) counts against retry.maxFloodWaitMs; past it the call fails with `retryAfterMs`.
   * `onSent` is told before each try goes out (a budget window spends nothing on a call cancelled before).
   */
  async exchange<T>(endpoint: Endpoint, spec: RequestSpec, interpret: Interpret<T>, signal?: AbortSignal, onSent?: () => void): Promise<T> {
    let waited = 0;
    const announced = { lockUntil: 0 };
    const lanes = this.s.lanes(endpoint);
    for (let attempt = 1; ; attempt++) {
      throwIfAborted(signal, endpoint);
      waited += await this.takeTurn(endpoint, lanes, signal, { waited, announced });
      onSent?.();
      const outcome = await this.attemptOnce(endpoint, spec, interpret, signal);
      if ('value' in outcome) return outcome.value;
      const error = outcome.error;
      if (signal?.aborted) throw cancelledError(endpoint);
      // A change that must not be made twice is never sent again blindly after a lost answer.
      if (replayRule(endpoint) === 'reconcile' && mayHaveApplied(error)) throw outcomeUnknownError(error);
      const decision = decideRetry(error, attempt, this.s.retry, this.s.random);
      if (decision.action === 'fail') throw error;
      if (decision.action === 'flood') {
        await this.onFlood(endpoint, lanes, error, decision.delayMs, { attempt, waited, announced });
        continue;
      }
      await this.waitThenRetry(
        {
          reason: 'backoff',
          ms: decision.delayMs,
          endpoint,
          attempt: attempt + 1,
          error,
          message: `${error.kind} on ${endpoint}; retrying in ${decision.delayMs} ms (attempt ${attempt + 1} of ${this.s.retry.maxAttempts}).`,
        },
        signal,
      );
    }
  }

  /** One try without retry (the upload POST, which is never replayed blindly): paced, then sent. */
  async sendOnce(spec: RequestSpec, signal?: AbortSignal, endpoint: Endpoint = 'upload.cgi'): Promise<HttpResponse> {
    await this.takeTurn(endpoint, this.s.lanes(endpoint), signal);
    return this.s.transport(this.build(spec, signal));
  }

  /**
   * The one "wait, then try again" step: a `wait` event; then a flood lock of every call of the IP (the pacer
   * holds this call's next turn too) or a backoff sleep of this call; then a `retry` event.
   */
  async waitThenRetry(step: RetryStep, signal?: AbortSignal): Promise<void> {
    const wait = { reason: step.reason, ms: step.ms, endpoint: step.endpoint, message: step.message };
    if (step.reason === 'flood') {
      this.emit({ type: 'wait', ...wait });
      await this.s.pacer.lock(this.s.lockedBy('ip', this.s.lanes(step.endpoint)), step.ms);
    } else {
      await this.wait(wait, signal);
    }
    this.emitRetry(step);
  }

  /**
   * A flood answer: the lanes its scope covers are locked (every client and process sharing the pacer then
   * waits), and the call either fails at once (a lock of this endpoint only) or waits for its next turn.
   */
  private async onFlood(
    endpoint: Endpoint,
    lanes: Lane[],
    error: OneFichierError,
    cooldownMs: number,
    call: { attempt: number; waited: number; announced: { lockUntil: number } },
  ): Promise<void> {
    const scope = lockScopeOf(error.code, endpoint);
    const until = await this.s.pacer.lock(this.s.lockedBy(scope, lanes), cooldownMs);
    const ms = Math.max(0, until - this.s.clock.now());
    if (scope === 'endpoint') throw endpointLockedError(error, endpoint, ms);
    if (call.waited + ms > this.s.retry.maxFloodWaitMs) throw gaveUpOnLock(error, endpoint, ms, call.waited, scope);
    call.announced.lockUntil = until;
    const code = error.code !== undefined ? `#${error.code}` : 'flood';
    this.emit({
      type: 'wait',
      reason: 'flood',
      ms,
      endpoint,
      message: `1fichier flood lock (${code}): pausing every call on this ${scope === 'account' ? 'account' : 'IP'} for ${Math.round(ms / 1000)} s before retrying.`,
    });
    this.emitRetry({ reason: 'flood', ms, endpoint, attempt: call.attempt + 1, error, message: '' });
  }

  /**
   * Waits for a call's turn on these lanes, announcing the waits worth telling; resolves with the time
   * waited. `so far`: what this call already waited (its bound is what is left) and the lock it announced.
   */
  takeTurn(
    endpoint: Endpoint,
    lanes: Lane[],
    signal?: AbortSignal,
    soFar: { waited: number; announced: { lockUntil: number } } = { waited: 0, announced: { lockUntil: 0 } },
  ): Promise<number> {
    const { waited, announced } = soFar;
    return this.s.pacer.acquire(
      {
        lanes,
        maxWaitMs: Math.max(0, this.s.retry.maxFloodWaitMs - waited),
        onWait: (w) => this.announceWait(endpoint, w, announced),
        refuse: (w) => waitTooLongError(endpoint, w.lane.kind, w.ms, w.locked, w.lane.intervalMs),
      },
      signal,
    );
  }

  /** A `wait` event for a wait worth telling: a lock not yet announced, a budget window, or a slow pace. */
  private announceWait(endpoint: Endpoint, w: PaceWait, announced: { lockUntil: number }): void {
    const now = this.s.clock.now();
    if (w.locked) {
      if (now + w.ms <= announced.lockUntil) return;
      announced.lockUntil = now + w.ms;
      const who = w.lane.kind === 'account' ? 'this account' : 'this IP';
      this.emit({
        type: 'wait',
        reason: 'flood',
        ms: w.ms,
        endpoint,
        message: `1fichier locked ${who} for flooding: waiting ${Math.ceil(w.ms / 1000)} s for the lock to end before calling ${endpoint}.`,
      });
    } else if (w.lane.kind === 'budget') {
      this.emit({
        type: 'wait',
        reason: 'budget',
        ms: w.ms,
        endpoint,
        message: `${endpoint}: waiting ${Math.ceil(w.ms / 1000)} s (1fichier allows this call once per ${formatWindow(w.lane.intervalMs)}; the last answer is out of date).`,
      });
    } else if (w.ms >= 1000) {
      this.emit({
        type: 'wait',
        reason: 'pace',
        ms: w.ms,
        endpoint,
        message:
          w.lane.kind === 'token'
            ? `${endpoint}: waiting ${Math.ceil(w.ms / 1000)} s (1fichier locks IPs that ${w.lane.why ?? 'call it too often'}).`
            : `${endpoint}: waiting ${Math.ceil(w.ms / 1000)} s for its turn (1fichier recently asked this machine to slow down).`,
      });
    }
  }

  private emitRetry(step: RetryStep): void {
    this.emit({
      type: 'retry',
      endpoint: step.endpoint,
      attempt: step.attempt,
      errorKind: step.error.kind,
      message: step.retryMessage ?? step.error.message,
    });
  }

  /** A `wait` event, then a sleep of this call (cancelled by the signal). */
  readonly wait = async (w: Omit<WaitEvent, 'type'>, signal?: AbortSignal): Promise<void> => {
    this.emit({ type: 'wait', ...w });
    await cancellableSleep(this.s.clock, w.ms, signal);
  };

  /** Anything a transport or a stream threw, as a OneFichierError without secrets. */
  errorOf(e: unknown, endpoint: Endpoint, signal?: AbortSignal, url?: string): OneFichierError {
    if (e instanceof OneFichierError) return this.scrub(e);
    if (isAbortError(e, signal)) return cancelledError(endpoint);
    const code =
      e instanceof TransportError
        ? e.code
        : typeof (e as { code?: unknown })?.code === 'string'
          ? (e as { code: string }).code
          : 'ENETWORK';
    if (code === 'ETOOLARGE') return answerTooLargeError(endpoint, this.s.maxAnswerBytes);
    const raw = e instanceof Error ? e.message : String(e);
    return new OneFichierError({
      kind: 'network',
      endpoint,
      retryable: true,
      message: `Cannot reach ${this.redact(unreachableAddress(url, this.s.baseUrl))} (${networkReason(code)})`,
      hint: 'Check the network connection (and any proxy) and the API base URL; the client retried where it was safe.',
      details: { transportCode: code, transportMessage: this.redact(raw) },
    });
  }

  /** The same error with the key removed from every text (answers may echo what they received). */
  scrub(e: OneFichierError): OneFichierError {
    if (!this.s.apiKey && this.s.secrets.length === 0) return e;
    const details = e.details ? (JSON.parse(this.redact(JSON.stringify(e.details))) as Record<string, unknown>) : undefined;
    const message = this.redact(e.message);
    const hint = this.redact(e.hint);
    if (message === e.message && hint === e.hint && JSON.stringify(details) === JSON.stringify(e.details)) return e;
    return rewordError(e, { message, hint, details });
  }

  /**
   * The one place an HttpRequest is built: the spec plus the Authorization header (only where keyMayGoTo
   * allows it; otherwise the request is marked anonymous for transports that authenticate by themselves), the
   * signal, the idle timeout, and for a text answer its size cap and, outside file transfers, its total bound.
   */
  private build(spec: RequestSpec, signal?: AbortSignal): HttpRequest {
    const withKey = !spec.anonymous && keyMayGoTo(spec.url, this.s.baseUrl);
    const text = (spec.responseType ?? 'text') === 'text';
    return {
      method: spec.method,
      url: spec.url,
      headers: { ...spec.headers, ...(withKey && this.s.apiKey ? { Authorization: `Bearer ${this.s.apiKey}` } : {}) },
      ...(spec.body !== undefined ? { body: spec.body } : {}),
      responseType: spec.responseType ?? 'text',
      ...(signal ? { signal } : {}),
      timeoutMs: spec.transfer ? this.s.transferIdleTimeoutMs : this.s.requestTimeoutMs,
      ...(text ? { maxAnswerBytes: this.s.maxAnswerBytes } : {}),
      // An upload's answer comes after its body, which may take hours: only its idle timeout applies.
      ...(text && !spec.transfer ? { totalTimeoutMs: this.s.requestTotalTimeoutMs } : {}),
      ...(withKey ? {} : { anonymous: true }),
    };
  }

  /** One try: a transport failure or a classified answer becomes `error`; a bug in `interpret` is thrown as is. */
  private async attemptOnce<T>(
    endpoint: Endpoint,
    spec: RequestSpec,
    interpret: Interpret<T>,
    signal?: AbortSignal,
  ): Promise<{ value: T } | { error: OneFichierError }> {
    let res: HttpResponse;
    try {
      res = await this.s.transport(this.build(spec, signal));
    } catch (e) {
      return { error: this.errorOf(e, endpoint, signal, spec.url) };
    }
    // A transport that does not know maxAnswerBytes (HttpRequest) has read it all; it is still not parsed.
    if (res.text !== undefined && res.text.length > this.s.maxAnswerBytes)
      return { error: answerTooLargeError(endpoint, this.s.maxAnswerBytes) };
    try {
      return { value: await interpret(res) };
    } catch (e) {
      if (e instanceof OneFichierError) return { error: this.scrub(e) };
      throw e;
    }
  }
}

/**
 * An answer larger than `maxAnswerBytes`: not a 1fichier answer (no listing comes near it), so it is not
 * read further nor retried. The request did reach the service, so a change may have been made.
 */
function answerTooLargeError(endpoint: Endpoint, maxAnswerBytes: number): OneFichierError {
  return new OneFichierError({
    kind: 'protocol',
    endpoint,
    retryable: false,
    message: `The answer to ${endpoint} is larger than ${maxAnswerBytes} bytes (maxAnswerBytes); it was not read further.`,
    hint: 'Check the API base URL and any proxy in between: 1fichier does not send answers this large.',
    details: { transportCode: 'ETOOLARGE', maxAnswerBytes, answerUnread: true },
  });
}

/**
 * Whether a request to `url` may carry the key: over https always (the API host and the upload node; the
 * download host is kept out by RequestSpec.anonymous), over plain http only when the configured base URL is
 * itself http (a loopback sandbox). A 1fichier http link (no_ssl) must not put the key on the wire in clear.
 */
function keyMayGoTo(url: string, baseUrl: string): boolean {
  return /^https:/i.test(url) || /^http:/i.test(baseUrl);
}
