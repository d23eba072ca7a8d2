/**
 * The machine's pace ledger: the pace book (policy/pacer.ts) in a small JSON file in the user's cache
 * folder, so every process that uses the Node entry (VS Code windows, the language server, scripts, the
 * playground) takes its turns from one pace per IP and one per account. Each change happens under a lock
 * (proper-lockfile: a lock directory whose mtime says it is alive; a lock left by a crashed process is
 * stale after 5 s and taken over) and is written to a temporary file renamed over the ledger, so a crash
 * never leaves half a file. Nothing is reserved ahead, so a dead process holds no turn. When the ledger
 * cannot be read or written, this process keeps its pace in memory and says so once. A ledger of the wrong
 * shape loses only the lanes it cannot read (readPaceBook), and times left ahead by a clock set back are
 * moved back (afterClockStep in policy/pacer.ts; lockAfterClockStep here for the lock folder).
 */
import { mkdirSync, promises as fsp, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import lockfile from 'proper-lockfile';
import { LanePacer, MemoryPaceStore, readPaceBook, type PaceBook, type PaceStore } from '../policy/pacer';
import { realClock } from './clock';

/** Overrides the ledger's folder (tests, benchmarks, or a user who wants it elsewhere). */
export const PACE_DIR_ENV = 'ONEFICHIER_PACE_DIR';

/** A lock older than this belongs to a dead process (proper-lockfile's minimum). */
const STALE_MS = 5_000;
/** A lock folder whose time is further ahead than this was made before the clock was set back. */
const CLOCK_STEP_MS = 1_000;

/** The ledger's file: $ONEFICHIER_PACE_DIR, else the platform's cache folder, under onefichier/. */
export function defaultLedgerPath(env: Record<string, string | undefined> = process.env): string {
  if (env[PACE_DIR_ENV]) return join(env[PACE_DIR_ENV], 'pace-ledger.json');
  const cache =
    process.platform === 'win32'
      ? (env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'))
      : process.platform === 'darwin'
        ? join(homedir(), 'Library', 'Caches')
        : (env.XDG_CACHE_HOME ?? join(homedir(), '.cache'));
  return join(cache, 'onefichier', 'pace-ledger.json');
}

export class FilePaceStore implements PaceStore {
  private fallback: MemoryPaceStore | undefined;

  /** `onProblem` hears once that the ledger cannot be used (the pace is then this process's alone). */
  constructor(
    readonly path: string,
    private readonly onProblem: (message: string) => void = () => undefined,
  ) {}

  async update<T>(change: (book: PaceBook) => T): Promise<T> {
    if (this.fallback) return this.fallback.update(change);
    let release: (() => Promise<void>) | undefined;
    try {
      await fsp.mkdir(dirname(this.path), { recursive: true });
      await this.lockAfterClockStep();
      release = await lockfile.lock(this.path, {
        realpath: false,
        stale: STALE_MS,
        // Short polls: a change holds the lock for about a millisecond; past STALE_MS a dead holder's lock is taken over.
        retries: { retries: 1_000, factor: 1.2, minTimeout: 2, maxTimeout: 25, randomize: true },
        // A lock we held too long (a frozen process) is someone else's now; our change is then one slightly late turn.
        onCompromised: () => undefined,
      });
    } catch (e) {
      return this.degrade(e).update(change);
    }
    try {
      let book: PaceBook;
      try {
        book = await this.load();
      } catch (e) {
        return await this.degrade(e).update(change);
      }
      const known = JSON.stringify(book);
      const result = change(book);
      const after = JSON.stringify(book);
      if (after === known) return result;
      try {
        await this.save(after);
      } catch (e) {
        // The change did not reach the file: it is made again in memory, on what the ledger said before it.
        return await this.degrade(e, known).update(change);
      }
      return result;
    } finally {
      await release().catch(() => undefined);
    }
  }

  async read(): Promise<PaceBook> {
    if (this.fallback) return this.fallback.read();
    try {
      return await this.load();
    } catch (e) {
      return this.degrade(e).read();
    }
  }

  /** The book in the file: a new one when there is none yet, or when it is not JSON; unreadable lanes dropped. */
  private async load(): Promise<PaceBook> {
    let text: string;
    try {
      text = await fsp.readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as { code?: unknown }).code === 'ENOENT') return { lanes: {} };
      throw e;
    }
    try {
      return readPaceBook(JSON.parse(text));
    } catch {
      // A file cut by a crash before the rename existed, or edited by hand: start a new book.
      return { lanes: {} };
    }
  }

  private async save(text: string): Promise<void> {
    const tmp = `${this.path}.${process.pid}.tmp`;
    try {
      await fsp.writeFile(tmp, text);
      await fsp.rename(tmp, this.path);
    } catch (e) {
      await fsp.rm(tmp, { force: true }).catch(() => undefined);
      throw e;
    }
  }

  /**
   * A lock folder whose time is ahead of the clock was made before the clock was set back: proper-lockfile
   * would call it fresh until the old time comes back. Its time is set to now, so a live holder keeps it and
   * a dead one's is taken over once stale, as with any other lock.
   */
  private async lockAfterClockStep(): Promise<void> {
    const lock = `${this.path}.lock`;
    let stat: Stats;
    try {
      stat = await fsp.stat(lock);
    } catch {
      return; // no lock folder: nothing to judge (proper-lockfile reports any real problem)
    }
    const now = Date.now();
    if (stat.mtimeMs > now + CLOCK_STEP_MS) await fsp.utimes(lock, new Date(now), new Date(now)).catch(() => undefined);
  }

  /**
   * The ledger cannot be used (a read-only or missing home, a file owned by another user in a shared folder,
   * a full disk): keep this process's pace in memory from now on, starting from what the ledger said last.
   */
  private degrade(e: unknown, known?: string): MemoryPaceStore {
    if (this.fallback) return this.fallback;
    this.fallback = new MemoryPaceStore(known !== undefined ? readPaceBook(JSON.parse(known)) : { lanes: {} });
    const reason = e instanceof Error ? e.message : String(e);
    this.onProblem(
      `The 1fichier pace ledger ${this.path} cannot be used (${reason}); this process paces itself alone. ` +
        `Set ${PACE_DIR_ENV} to a writable folder so that every process on this machine shares one pace.`,
    );
    return this.fallback;
  }
}

let machine: { path: string; pacer: LanePacer } | undefined;

/**
 * The pacer every process of this machine shares through the ledger file (one per process and ledger path).
 * `onProblem` hears when the ledger cannot be used; by default it is a Node process warning (the pacer is
 * shared by every client of the process, so no one client's events own it).
 */
export function machinePacer(path = defaultLedgerPath(), onProblem: (message: string) => void = processWarning): LanePacer {
  if (machine?.path !== path) {
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch {
      // FilePaceStore falls back to memory and reports it on first use.
    }
    machine = { path, pacer: new LanePacer(realClock, new FilePaceStore(path, onProblem)) };
  }
  return machine.pacer;
}

/** The code of the process warning that says the ledger cannot be used. */
export const LEDGER_WARNING_CODE = 'ONEFICHIER_PACE_LEDGER';

function processWarning(message: string): void {
  process.emitWarning(message, { code: LEDGER_WARNING_CODE });
}
