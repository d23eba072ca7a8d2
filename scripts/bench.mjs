#!/usr/bin/env node
// `pnpm bench` (full run, about 5-8 minutes) or `node scripts/bench.mjs --smoke` (small sizes, < 1 minute).
// The runner lives in bench/; see docs/benchmarks.md for what each figure means.
import { main } from '../bench/run.mjs';
import { writeReport } from './lib/checks.mjs';
import { ensureDebianPackages } from './lib/tools.mjs';

// curl is the baseline of the transfer figures; a fresh machine may not have it.
ensureDebianPackages(['curl'])
  .then(() => main(process.argv.slice(2)))
  .then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`[bench] ${err.message}\n`);
      process.exit(writeReport('bench', [{ group: '', name: 'the benchmark run', status: 'failed', detail: err.message }]));
    },
  );
