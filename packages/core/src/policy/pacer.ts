/**
 * The pacer: when a call may start. The service counts calls per IP and per account, and some endpoints on
 * their own, so a call waits for a turn on every **lane** it counts against (policy/lanes.ts builds them):
 * the IP's pace (FIFO within the process), get_token's own spacing, a listing's budget window, an account
 * or endpoint lock. A lane's state lives in a **pace book** kept by a `PaceStore`: in memory, shared by every
 * client of the process (accounts.ts), or in a file every process of the machine shares (the Node entry's
 * ledger). Nothing is reserved ahead: a call takes its turn only when it is due, so a process that dies
 * leaves nothing that blocks the others.
 *
 * The pace learns (AIMD, like TCP's congestion control and rclone's pacer): a flood lock slows the lanes it
 * covers to at least their cautious spacing (doubling on every further lock), and after a calm period each
 * call brings the rate back up by a small fixed step. See the core README, "Pacing". Pure: time comes from
 * the injected Clock.
 */
import { cancelledError } from '../errors';
import { ACCOUNT_LIST_INTERVAL_MS, FOLDER_LIST_INTERVAL_MS, LISTING_INTERVAL_MS, USER_INFO_INTERVAL_MS } from '../limits';
import type { Clock, LimitOptions } from '../types';

/**
 * The client's default pace and budgets (the reasons are in the core README, "Pacing"): 2 calls/s per IP,
 * under the documented 3/s and slower than rclone's 400 ms pacer that real users run daily; get_token and
 * file/info every 2.5 s (JDownloader's floor for any API call); listings of any folder about one per 3 s;
 * the documented listing and user/info budgets.
 */
export const DEFAULT_LIMITS: LimitOptions = {
  minIntervalMs: 500,
  tokenIntervalMs: 2_500,
  listingIntervalMs: LISTING_INTERVAL_MS,
  fileInfoIntervalMs: 2_500,
  folderListIntervalMs: FOLDER_LIST_INTERVAL_MS,
  accountListIntervalMs: ACCOUNT_LIST_INTERVAL_MS,
  userInfoIntervalMs: USER_INFO_INTERVAL_MS,
  maxBudgetWaitMs: 60_000,
};

/** Checks every limit is a number >= 0 (a mistyped option must fail where it is given). */
export function checkLimits(limits: Partial<LimitOptions>): void {
  for (const [k, v] of Object.entries(limits)) {
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new RangeError(`limits.${k} must be a number >= 0 (got ${String(v)})`);
  }
}

/** What a lane is, for the events and errors that name it. */
export type LaneKind = 'pace' | 'token' | 'account' | 'budget' | 'endpoint';

/** One queue of call starts that the service counts together. */
export interface Lane {
  /** Identity in the pace book, the same in every client and process that call the same service. */
  key: string;
  kind: LaneKind;
  /** Minimum spacing between two starts on this lane (0: only a lock holds it). */
  intervalMs: number;
  /** The lane learns: a flood lock slows it to at least `cautiousMs`, then it comes back after `holdMs`. */
  adaptive?: { cautiousMs: number; holdMs: number; maxMs: number };
  /** A wait longer than this for this lane fails at once (budget windows, endpoint locks). */
  maxWaitMs?: number;
  /** Turns on this lane are taken in FIFO order within the process (the IP's pace); other lanes are gates. */
  fifo?: boolean;
  /** The window counts from the answer rather than from the start (budgets: the request reaches the service in between). */
  fromAnswer?: boolean;
  /** How long a lock of this lane lasts when the service does not say (endpoint locks); default: the call's cool-down. */
  lockMs?: number;
  /** For the wait events of an endpoint's own pace: what the service locks IPs for ("list folders too often"). */
  why?: string;
}

/** What the book keeps for one lane. Plain JSON: the Node entry keeps it in a file. */
export interface LaneState {
  /** Last start on the lane (or answer, for lanes that count from the answer). */
  lastAt: number;
  /** End of a lock of this lane. */
  lockedUntil?: number;
  /** The learned spacing, while slower than the configured one. */
  learnedMs?: number;
  /** When the last lock began, and how many locks came back to back (the cool-down doubles with each). */
  lockedAt?: number;
  streak?: number;
  /** Until when the lane has something to remember; then it is dropped from the book. */
  keepUntil?: number;
}

export interface PaceBook {
  lanes: Record<string, LaneState>;
}

/** Where the pace book lives. `update` is atomic for everyone who shares the store; `read` is a snapshot. */
export interface PaceStore {
  update<T>(change: (book: PaceBook) => T): Promise<T>;
  read(): Promise<PaceBook>;
}

/** A wait the pacer is about to make, for the caller's events. */
export interface PaceWait {
  lane: Lane;
  ms: number;
  /** The lane is locked (a flood answer), rather than spaced. */
  locked: boolean;
}

export interface PacedCall {
  lanes: Lane[];
  /** The longest this call may still wait in all; past it `refuse` makes the error. */
  maxWaitMs: number;
  onWait?: (w: PaceWait) => void;
  /** The error for a wait longer than the lane's or the call's bound (`ms`: how long it would have been). */
  refuse: (w: PaceWait & { callBound: boolean }) => Error;
}

/** What the request pipeline needs from a pacer. */
export interface Pacer {
  /** Waits until the call may start on every lane; resolves with the time waited. */
  acquire(call: PacedCall, signal?: AbortSignal): Promise<number>;
  /** The service answered a flood lock that covers these lanes: lock them for about `ms`; resolves with the lock's end. */
  lock(lanes: Lane[], ms: number): Promise<number>;
  /** A call on these lanes got its answer (budget windows count from here). */
  answered(lanes: Lane[]): Promise<void>;
  /** A turn taken on these lanes at or after `since` was never used: no request went out, so the windows that count from the answer open again. */
  unused(lanes: Lane[], since: number): Promise<void>;
}

/** Back to the full pace in this many calls after the calm period (additive increase). */
const RECOVERY_STEPS = 100;
/** A lock's cool-down doubles while locks come back to back, up to this factor. */
const MAX_COOLDOWN_FACTOR = 8;
/** A learned pace is remembered this long after the lane's last use (then the next caller starts afresh). */
const LEARNED_MEMORY_MS = 30 * 60_000;

// ---------------------------------------------------------------- the book's rules (pure)

/** The spacing a lane needs now: the learned one while slower than the configured one (never past the lane's slowest). */
function spacingOf(lane: Lane, state: LaneState | undefined): number {
  const learned = Math.min(state?.learnedMs ?? 0, lane.adaptive?.maxMs ?? lane.intervalMs);
  return Math.max(lane.intervalMs, learned);
}

/**
 * A lane whose last start or last lock lies ahead of `now` was written before the clock was set back: a
 * start and a lock are recorded at the time they happen, so only a clock step puts them in the future. Every
 * time of the lane moves back by that step, so the lane keeps its spacing and what was left of its lock,
 * counted from now, instead of holding every call until the old time comes back.
 */
function afterClockStep(state: LaneState, now: number): LaneState {
  const step = Math.max(state.lastAt, state.lockedAt ?? 0) - now;
  if (!(step > 0)) return state;
  const back = (t: number) => Math.max(0, t - step);
  const moved: LaneState = { ...state, lastAt: back(state.lastAt) };
  if (state.lockedUntil !== undefined) moved.lockedUntil = back(state.lockedUntil);
  if (state.lockedAt !== undefined) moved.lockedAt = back(state.lockedAt);
  if (state.keepUntil !== undefined) moved.keepUntil = back(state.keepUntil);
  return moved;
}

/** Every lane of the book, after the clock steps its times show (see afterClockStep). */
function settleClockSteps(book: PaceBook, now: number): void {
  for (const [key, s] of Object.entries(book.lanes)) book.lanes[key] = afterClockStep(s, now);
}

/** The times a lane keeps, each a number >= 0 when present. */
const LANE_FIELDS = ['lastAt', 'lockedUntil', 'learnedMs', 'lockedAt', 'streak', 'keepUntil'] as const;

/**
 * A pace book from parsed JSON of any shape (the machine's ledger is a file that another version, a crash or
 * a hand edit may have written): a lane that cannot be read is dropped, so it costs that lane's memory and
 * never a call.
 */
export function readPaceBook(value: unknown): PaceBook {
  const book: PaceBook = { lanes: {} };
  const lanes = isPlainObject(value) ? value.lanes : undefined;
  if (!isPlainObject(lanes)) return book;
  for (const [key, raw] of Object.entries(lanes)) {
    const state = laneStateOf(raw);
    // "__proto__" would set the book's prototype instead of adding a lane.
    if (state && key !== '__proto__') book.lanes[key] = state;
  }
  return book;
}

function laneStateOf(raw: unknown): LaneState | undefined {
  if (!isPlainObject(raw)) return undefined;
  const state: Partial<LaneState> = {};
  for (const field of LANE_FIELDS) {
    const v = raw[field];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return undefined;
    state[field] = v;
  }
  return state.lastAt === undefined ? undefined : (state as LaneState);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** When the lane allows its next start, and whether a lock decides it. */
function readyAt(lane: Lane, recorded: LaneState | undefined, now: number): { at: number; locked: boolean } {
  if (!recorded) return { at: 0, locked: false };
  const state = afterClockStep(recorded, now);
  const spaced = state.lastAt + spacingOf(lane, state);
  const lock = state.lockedUntil ?? 0;
  return lock >= spaced ? { at: lock, locked: lock > 0 } : { at: spaced, locked: false };
}

/** The lane that makes the call wait longest, or none when every lane allows a start at `now`. */
function blockingLane(book: PaceBook, lanes: Lane[], now: number): (PaceWait & { at: number }) | undefined {
  let worst: (PaceWait & { at: number }) | undefined;
  for (const lane of lanes) {
    const r = readyAt(lane, book.lanes[lane.key], now);
    if (r.at > now && (!worst || r.at > worst.at)) worst = { lane, at: r.at, ms: r.at - now, locked: r.locked };
  }
  return worst;
}

/** Takes a start at `now` on every lane, or says which lane is not ready. Adaptive lanes come back up a step. */
export function tryTake(book: PaceBook, lanes: Lane[], now: number): (PaceWait & { at: number }) | undefined {
  settleClockSteps(book, now);
  prune(book, now);
  const blocked = blockingLane(book, lanes, now);
  if (blocked) return blocked;
  for (const lane of lanes) {
    const state = (book.lanes[lane.key] ??= { lastAt: 0 });
    state.lastAt = now;
    if (state.lockedUntil !== undefined && state.lockedUntil <= now) delete state.lockedUntil;
    recover(lane, state, now);
    keep(state, now + (state.learnedMs !== undefined ? LEARNED_MEMORY_MS : spacingOf(lane, state)));
  }
  return undefined;
}

/**
 * Additive increase: once `holdMs` has passed since the last lock, each start raises the lane's rate by a
 * hundredth of its configured rate, until the configured spacing is back.
 */
function recover(lane: Lane, state: LaneState, now: number): void {
  if (!lane.adaptive || state.learnedMs === undefined) return;
  if (now - (state.lockedAt ?? 0) < lane.adaptive.holdMs) return;
  const fullRate = 1000 / Math.max(lane.intervalMs, 50);
  const rate = 1000 / state.learnedMs + fullRate / RECOVERY_STEPS;
  const next = 1000 / rate;
  if (next <= lane.intervalMs || rate >= fullRate) delete state.learnedMs;
  else state.learnedMs = next;
}

/**
 * A flood lock on these lanes. A lock already known (another call or process met it first) is only
 * lengthened, not counted again. A new one: the cool-down doubles when it follows the last lock closely,
 * and every adaptive lane halves its rate, falling at once to its cautious spacing at least (multiplicative
 * decrease). Returns the end of the lock.
 */
export function recordLock(book: PaceBook, lanes: Lane[], ms: number, now: number): number {
  settleClockSteps(book, now);
  let until = now;
  for (const lane of lanes) {
    const state = (book.lanes[lane.key] ??= { lastAt: now });
    const base = lane.lockMs ?? ms;
    if ((state.lockedUntil ?? 0) > now) {
      // Calls refused during a lock may have lengthened it on the service's side (sandbox strict profile).
      state.lockedUntil = Math.max(state.lockedUntil!, now + base);
    } else {
      const hold = lane.adaptive?.holdMs ?? base;
      const backToBack = state.lockedAt !== undefined && now - state.lockedAt < base * (state.streak ?? 1) + hold;
      state.streak = backToBack ? Math.min((state.streak ?? 1) + 1, 1 + Math.log2(MAX_COOLDOWN_FACTOR)) : 1;
      state.lockedUntil = now + base * 2 ** (state.streak - 1);
      state.lockedAt = now;
      if (lane.adaptive) {
        const { cautiousMs, maxMs } = lane.adaptive;
        state.learnedMs = Math.min(maxMs, Math.max(2 * spacingOf(lane, state), cautiousMs));
      }
    }
    keep(state, state.learnedMs !== undefined ? now + LEARNED_MEMORY_MS : state.lockedUntil!);
    until = Math.max(until, state.lockedUntil!);
  }
  return until;
}

/**
 * A turn on the windows that count from the answer, taken at or after `since`, is given back: the window is
 * as open as when the turn was taken (a window is only taken once open, so its start minus its interval is as
 * open as whatever came before, and no one else could take it since).
 */
function recordUnused(book: PaceBook, lanes: Lane[], since: number, now: number): void {
  settleClockSteps(book, now);
  for (const lane of lanes) {
    const state = book.lanes[lane.key];
    if (!lane.fromAnswer || !state || state.lastAt < since) continue;
    state.lastAt = Math.max(0, state.lastAt - spacingOf(lane, state));
  }
}

/** The windows that count from the answer restart at `now`. */
function recordAnswer(book: PaceBook, lanes: Lane[], now: number): void {
  settleClockSteps(book, now);
  for (const lane of lanes) {
    if (!lane.fromAnswer) continue;
    const state = (book.lanes[lane.key] ??= { lastAt: now });
    state.lastAt = Math.max(state.lastAt, now);
    keep(state, now + lane.intervalMs);
  }
}

function keep(state: LaneState, until: number): void {
  state.keepUntil = Math.max(state.keepUntil ?? 0, until);
}

/** Drops lanes with nothing left to remember, so the book (and the machine's ledger file) stays small. */
function prune(book: PaceBook, now: number): void {
  for (const [key, s] of Object.entries(book.lanes)) {
    if (now > (s.keepUntil ?? s.lastAt + LEARNED_MEMORY_MS)) delete book.lanes[key];
  }
}

// ---------------------------------------------------------------- stores and the pacer

/** The book in memory: one per process (accounts.ts), shared by every client on the same clock. */
export class MemoryPaceStore implements PaceStore {
  /** `book`: what the process knew when it began keeping the pace alone (the ledger's last readable state). */
  constructor(private readonly book: PaceBook = { lanes: {} }) {}

  update<T>(change: (book: PaceBook) => T): Promise<T> {
    try {
      return Promise.resolve(change(this.book));
    } catch (e) {
      return Promise.reject(e as Error);
    }
  }

  read(): Promise<PaceBook> {
    return Promise.resolve(this.book);
  }
}

/**
 * The pacer over a store. A call first waits, outside any queue, until its gates (every lane but the IP's
 * pace) look open, so a call waiting for a budget window or a lock never holds back the others; then, at the
 * head of the process's FIFO queue, it takes a start on all its lanes at once, or goes back to waiting if
 * another caller took a gate first.
 */
export class LanePacer implements Pacer {
  /** One FIFO queue per paced lane (one per service this process calls). */
  private readonly chains = new Map<string, Promise<void>>();

  constructor(
    private readonly clock: Clock,
    private readonly store: PaceStore = new MemoryPaceStore(),
  ) {}

  async acquire(call: PacedCall, signal?: AbortSignal): Promise<number> {
    const started = this.clock.now();
    const gates = call.lanes.filter((l) => !l.fifo);
    for (;;) {
      if (gates.length > 0) await this.untilOpen(gates, call, started, signal);
      const queue = call.lanes.find((l) => l.fifo)?.key;
      const take = () => this.takeAtHead(call, started, signal);
      const taken = queue === undefined ? await take() : await this.inTurn(queue, take, signal);
      if (taken) return this.clock.now() - started;
    }
  }

  async lock(lanes: Lane[], ms: number): Promise<number> {
    if (lanes.length === 0) return this.clock.now();
    return this.store.update((book) => recordLock(book, lanes, ms, this.clock.now()));
  }

  async answered(lanes: Lane[]): Promise<void> {
    const counted = lanes.filter((l) => l.fromAnswer);
    if (counted.length > 0) await this.store.update((book) => recordAnswer(book, counted, this.clock.now()));
  }

  async unused(lanes: Lane[], since: number): Promise<void> {
    const counted = lanes.filter((l) => l.fromAnswer);
    if (counted.length > 0) await this.store.update((book) => recordUnused(book, counted, since, this.clock.now()));
  }

  /** Sleeps until no gate blocks the call (a snapshot: another caller may still take a gate first). */
  private async untilOpen(gates: Lane[], call: PacedCall, started: number, signal?: AbortSignal): Promise<void> {
    for (;;) {
      const blocked = blockingLane(await this.store.read(), gates, this.clock.now());
      if (!blocked) return;
      await this.sleepFor(blocked, call, started, signal);
    }
  }

  /** At the head of the queue: take every lane now, sleep while the pace says wait; false when a gate closed again. */
  private async takeAtHead(call: PacedCall, started: number, signal?: AbortSignal): Promise<boolean> {
    for (;;) {
      if (signal?.aborted) throw cancelledError();
      const blocked = await this.store.update((book) => tryTake(book, call.lanes, this.clock.now()));
      if (!blocked) return true;
      if (!blocked.lane.fifo) return false;
      await this.sleepFor(blocked, call, started, signal);
    }
  }

  /** One announced sleep, unless it would pass the lane's or the call's bound: then the call's error. */
  private async sleepFor(w: PaceWait, call: PacedCall, started: number, signal?: AbortSignal): Promise<void> {
    const waited = this.clock.now() - started;
    if (w.lane.maxWaitMs !== undefined && w.ms > w.lane.maxWaitMs) throw call.refuse({ ...w, callBound: false });
    if (waited + w.ms > call.maxWaitMs) throw call.refuse({ ...w, callBound: true });
    call.onWait?.(w);
    await cancellableSleep(this.clock, w.ms, signal);
  }

  /** Runs `fn` when every earlier caller of this process is done with its turn (FIFO; a cancelled waiter leaves at once). */
  private inTurn<T>(queue: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const previous = this.chains.get(queue) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    this.chains.set(queue, mine);
    const run = async (): Promise<T> => {
      try {
        await raceAbort(previous, signal);
        return await fn();
      } finally {
        // Only hand the turn on once the previous holder is done, so a cancelled waiter cannot break FIFO order.
        void previous.then(() => {
          release();
          if (this.chains.get(queue) === mine) this.chains.delete(queue);
        });
      }
    };
    return run();
  }
}

/** Sleeps on the clock; an abort becomes a `cancelled` error. */
export async function cancellableSleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) throw cancelledError();
  try {
    await clock.sleep(ms, signal);
  } catch (e) {
    if (signal?.aborted) throw cancelledError();
    throw e;
  }
  if (signal?.aborted) throw cancelledError();
}

/** Resolves with `p`, or rejects with `cancelled` as soon as the signal aborts (`p` goes on; its outcome is ignored). */
export function raceAbort<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) {
    p.catch(() => undefined);
    return Promise.reject(cancelledError());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelledError());
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
