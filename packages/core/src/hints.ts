/**
 * How a front end finds its hint for an error of the core. The words are the front end's own (the n8n
 * node's `helpers/hints.ts`, the extension's `src/hints.ts`): one per kind of error, and one per service
 * code where the code says more. The lookup is here, so both read their tables alike.
 */
import type { ErrorKind } from './errors';

/** The parts of an error a hint depends on (the core's OneFichierError has them all). */
export interface HintSubject {
  kind: ErrorKind;
  /** The core's hint: plain words for the case at hand, used where the kind says nothing more. */
  hint: string;
  code?: number | undefined;
  endpoint?: string | undefined;
}

export type Hint = string | ((e: HintSubject) => string);

/** A front end's hints: one per kind (a new kind in the core is a type error until it gets its line), and per code. */
export interface HintTable {
  byKind: Record<ErrorKind, Hint>;
  byCode: Partial<Record<number, Hint>>;
}

/** The core's own hint: specific to the case (sizes, limits, which check failed) and free of code names. */
export const CORE_HINT: Hint = (e) => e.hint;

/** The hint of `table` for `e`: its code's entry when it has one, else its kind's. */
export function hintFrom(table: HintTable, e: HintSubject): string {
  const rule = (e.code !== undefined ? table.byCode[e.code] : undefined) ?? table.byKind[e.kind];
  return typeof rule === 'function' ? rule(e) : rule;
}

/** The codes a table has an entry for (the tables' tests walk them). */
export function hintCodes(table: HintTable): number[] {
  return Object.keys(table.byCode).map(Number);
}
