// The command line of a `pnpm <script>`: node:util parseArgs, strict, options only. pnpm may pass a lone
// `--` before the script's arguments (`pnpm test -- --only jest`), which is dropped rather than read as the
// end of the options.
import { parseArgs } from 'node:util';

/** The values of `options` in `argv`; throws parseArgs' own errors (with `code`) for the caller to word. */
export function parseScriptArgs(argv, options) {
  return parseArgs({ args: argv.filter((arg) => arg !== '--'), strict: true, allowPositionals: false, options }).values;
}
