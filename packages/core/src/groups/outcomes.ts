/**
 * Per-item outcomes of a list endpoint that answers for the whole list. file/rm.cgi refuses the whole list
 * when one file is gone and removes nothing (endpoints/files.ts, removeFiles); the sandbox's file/mv, file/cp
 * and file/chattr do the same (test/sandbox/src/api.ts: every file is looked up before any change). So a
 * refused list is halved and each half sent again: the halves never share an item, so no file is removed,
 * moved or copied twice. One missing file among n costs about 2·log2(n) extra calls, where file/info of each
 * would cost n. That the service's file/cp also changes nothing when it refuses a list is unproven; were it to
 * copy part of a list, a half sent again would copy those files again (moves and attributes would only be
 * set again, with no effect).
 */
import { OneFichierError, isOneFichierError } from '../errors';

/** One item's outcome: its value, or the error that is its own (or its group's). */
export type ItemOutcome<T> = { ok: true; value: T } | { ok: false; error: OneFichierError };

/**
 * Whether the service refused the whole list because of one of its files: a file that does not exist or is
 * not the account's (#707, #469). A missing destination folder (#706) is the whole group's error, not an item's.
 */
export function refusedForOneFile(e: unknown): boolean {
  return isOneFichierError(e) && e.kind === 'not_found' && e.code !== 706;
}

/** Anything thrown, as the error each item of a group gets. */
export function asOneFichierError(e: unknown): OneFichierError {
  if (isOneFichierError(e)) return e;
  return new OneFichierError({ kind: 'protocol', message: e instanceof Error ? e.message : String(e) });
}

/**
 * Runs `send` on the whole list, then on halves of a part the service refused for one file's sake, down to
 * single items (whose refusal is their own error). `send` answers one value per item, in order. Any other
 * error ends the work: the part that met it and every part not sent yet get it (a flood lock, a cancelled
 * run or a lost answer the core could not reconcile is not an item's fault, and sending more would not help).
 */
export async function outcomesByHalves<I, T>(
  items: readonly I[],
  send: (part: I[]) => Promise<T[]>,
  isItemRefusal: (e: unknown) => boolean = refusedForOneFile,
): Promise<ItemOutcome<T>[]> {
  const out: ItemOutcome<T>[] = new Array<ItemOutcome<T>>(items.length);
  let stopped: OneFichierError | undefined;
  const run = async (from: number, to: number): Promise<void> => {
    if (stopped) {
      for (let i = from; i < to; i++) out[i] = { ok: false, error: stopped };
      return;
    }
    try {
      const values = await send(items.slice(from, to));
      for (let i = from; i < to; i++) out[i] = { ok: true, value: values[i - from] as T };
      return;
    } catch (e) {
      const error = asOneFichierError(e);
      if (to - from === 1 && isItemRefusal(e)) {
        out[from] = { ok: false, error };
        return;
      }
      if (!isItemRefusal(e)) {
        stopped = error;
        for (let i = from; i < to; i++) out[i] = { ok: false, error };
        return;
      }
    }
    const middle = from + Math.ceil((to - from) / 2);
    await run(from, middle);
    await run(middle, to);
  };
  if (items.length > 0) await run(0, items.length);
  return out;
}
