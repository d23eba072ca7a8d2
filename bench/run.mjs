// `pnpm bench`: runs every benchmark against the sandbox on 127.0.0.1, prints a table, writes the figures
// to bench/results.json and the table into docs/benchmarks.md. `--smoke` runs the same code paths with
// small sizes in well under a minute and writes to a temporary file instead (the test command runs it).
//
//   node scripts/bench.mjs [--smoke] [--only upload,limiter,multiprocess,list,sync,vscode,n8n,shipped,faults,n8n-queue] [--out file] [--profile]
//                          [--big-mib N] [--runs N]
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeReport } from '../scripts/lib/checks.mjs';
import { buildWorkers } from './lib/build.mjs';
import { FIGURES, formatTarget, meetsTarget } from './lib/figures.mjs';
import { MiB } from './lib/stats.mjs';
import { runWorker } from './lib/child.mjs';
import { removeShmFolder } from './lib/sandbox.mjs';
import { formatProfile, summariseProfile } from './lib/profile.mjs';
import { transferGroup } from './groups/transfer.mjs';
import { limiterGroup } from './groups/limiter.mjs';
import { multiprocessGroup } from './groups/multiprocess.mjs';
import { listGroup } from './groups/list.mjs';
import { syncGroup } from './groups/sync.mjs';
import { vscodeGroup } from './groups/vscode.mjs';
import { n8nGroup } from './groups/n8n.mjs';
import { n8nQueueGroup } from './groups/n8n-queue.mjs';
import { n8nGroupingGroup } from './groups/n8n-grouping.mjs';
import { faultsGroup } from './groups/faults.mjs';
import { shippedGroup } from './groups/shipped.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Sizes per mode. The full run must stay under 10 minutes on the 2-core machine. */
const MODES = {
  full: {
    bigBytes: 1024 * MiB,
    // The figures bound by Whirlpool hashing (about 60 MiB/s a core) use a smaller file: their ratios do
    // not depend on the size, and five interleaved runs of 1 GiB would take most of the time budget.
    hashBytes: 256 * MiB,
    smallBytes: 64 * MiB,
    runs: 5,
    limiterCalls: 300,
    limiterRatePerSecond: 3,
    limiterBurst: 3,
    multiprocessCalls: 300,
    listCount: 5000,
    listRuns: 5,
    syncFiles: 1000,
    syncFolders: 20,
    syncFileBytes: 1024,
    parseRuns: 30,
    activateRuns: 20,
  },
  smoke: {
    bigBytes: 8 * MiB,
    hashBytes: 4 * MiB,
    smallBytes: 2 * MiB,
    runs: 1,
    limiterCalls: 30,
    limiterRatePerSecond: 20,
    limiterBurst: 3,
    multiprocessCalls: 24,
    listCount: 200,
    listRuns: 2,
    syncFiles: 100,
    syncFolders: 20,
    syncFileBytes: 256,
    parseRuns: 3,
    activateRuns: 3,
  },
};

/** Each group produces some figures; a group that throws marks those it had not produced as failed. */
const GROUPS = [
  {
    key: 'upload',
    run: transferGroup,
    figures: ['upload_vs_curl', 'upload_vs_curl_hashing', 'upload_hash_overlap', 'upload_rss_growth_mb', 'download_vs_curl'],
  },
  // The limiter run is 100 s of mostly sleeping (3 calls/s, ~1% of a core): it runs alongside the groups
  // after it instead of adding its length to the 10-minute budget.
  { key: 'limiter', run: limiterGroup, background: true, figures: ['limiter_efficiency', 'limiter_flood_locks'] },
  // 4 processes x 2 keys at the client's pace: about 165 s of mostly sleeping, alongside the others too (its
  // sandbox is its own, so its IP's pace is not the limiter's).
  { key: 'multiprocess', run: multiprocessGroup, background: true, figures: ['multiprocess_flood_locks', 'multiprocess_efficiency'] },
  { key: 'list', run: listGroup, figures: ['list_5000_ms', 'list_parse_ms'] },
  { key: 'sync', run: syncGroup, figures: ['sync_unchanged_calls', 'sync_one_change_uploads'] },
  { key: 'vscode', run: vscodeGroup, standalone: true, figures: ['vscode_bundle_kb', 'vscode_activate_ms'] },
  { key: 'n8n', run: n8nGroup, figures: ['n8n_upload_rss_growth_mb'] },
  // The node's grouping in real n8n: calls per item, and 100 uploads at the strict pace one by one vs grouped (about 20 minutes, 13 of them the one-by-one run).
  {
    key: 'n8n-grouping',
    run: n8nGroupingGroup,
    standalone: true,
    figures: ['n8n_upload_calls_per_item', 'n8n_delete_calls_per_item', 'n8n_move_calls_per_item', 'n8n_upload_100_strict_speedup'],
  },
  // What users download: each npm package's tarball and its bundles, built and packed from copies (about 40 s).
  { key: 'shipped', run: shippedGroup, standalone: true, figures: ['core_packed_kb', 'n8n_node_packed_kb', 'language_server_packed_kb'] },
  // Last: the fault matrix keeps both cores busy for a few minutes, which would blur the transfer ratios.
  { key: 'faults', run: faultsGroup, standalone: true, figures: ['fault_matrix_flood_locks', 'fault_matrix_flood_locks_strict'] },
  // Last, alone: it starts its own n8n processes, Redis and PostgreSQL (about 5 minutes).
  { key: 'n8n-queue', run: n8nQueueGroup, figures: ['n8n_queue_flood_locks'] },
];

const USAGE =
  'usage: node scripts/bench.mjs [--smoke] [--only group,...] [--out results.json] [--profile]\n' +
  '--profile: run client workers under node --cpu-prof; profiles and their top functions go to bench/tmp/profiles/\n' +
  '--big-mib N, --runs N: other big-file size / run count, for investigations\n' +
  'bench/results.json and docs/benchmarks.md are written by a complete full run only; other runs write to --out or a temp file\n' +
  `groups: ${GROUPS.map((g) => g.key).join(', ')}\n`;

/** The command line, read by node:util's parseArgs; every refusal names the flag and says what to do. */
export function parseBenchArgs(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        smoke: { type: 'boolean' },
        only: { type: 'string' },
        out: { type: 'string' },
        profile: { type: 'boolean' },
        'big-mib': { type: 'string' },
        runs: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    const flag = /--[\w-]+/.exec(err.message)?.[0];
    if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new Error(`${flag} needs a value; run with --help for the usage`);
    throw new Error(`unknown argument "${/'([^']+)'/.exec(err.message)?.[1] ?? ''}"; run with --help for the usage`);
  }
  const opts = {
    smoke: values.smoke === true,
    only: null,
    out: values.out ?? null,
    profile: values.profile === true,
    help: values.help === true,
  };
  if (values.only !== undefined) opts.only = values.only.split(',').filter(Boolean);
  for (const [flag, key] of [
    ['big-mib', 'bigMiB'],
    ['runs', 'runs'],
  ]) {
    if (values[flag] === undefined) continue;
    const n = Number(values[flag]);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${flag} needs a whole number >= 1`);
    opts[key] = n;
  }
  if (opts.only) {
    const unknown = opts.only.filter((k) => !GROUPS.some((g) => g.key === k));
    if (unknown.length) throw new Error(`unknown group(s) ${unknown.join(', ')}; known: ${GROUPS.map((g) => g.key).join(', ')}`);
  }
  return opts;
}

function log(line) {
  process.stdout.write(`[bench] ${line}\n`);
}

function formatValue(v) {
  if (v === undefined) return '-';
  return Number.isInteger(v) ? String(v) : v.toFixed(Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 3);
}

/** The figures table, as Markdown (the docs embed it verbatim; it also reads well in a terminal). */
function renderTable(values, failures, skipped, details) {
  const rows = ['| figure | value | target | status | detail |', '| --- | ---: | --- | --- | --- |'];
  for (const f of FIGURES) {
    let status;
    if (f.name in values) status = meetsTarget(f.target, values[f.name]) ? (f.target ? 'met' : 'recorded') : 'MISSED';
    else if (f.name in failures) status = 'NOT COMPUTED';
    else if (f.name in skipped) status = 'skipped';
    else continue;
    const detail = details[f.name] ?? failures[f.name] ?? skipped[f.name] ?? '';
    rows.push(
      `| ${f.name} | ${formatValue(values[f.name])} | ${formatTarget(f.target)} | ${status} | ${detail.replace(/\|/g, '/').replace(/\n/g, ' ')} |`,
    );
  }
  return rows.join('\n');
}

const TABLE_START = '<!-- bench:table:start -->';
const TABLE_END = '<!-- bench:table:end -->';

function updateDocs(table, header) {
  const docPath = join(root, 'docs', 'benchmarks.md');
  if (!existsSync(docPath)) return;
  const doc = readFileSync(docPath, 'utf8');
  const start = doc.indexOf(TABLE_START);
  const end = doc.indexOf(TABLE_END);
  if (start < 0 || end < start) {
    log(`docs/benchmarks.md has no ${TABLE_START} … ${TABLE_END} section; table not written there`);
    return;
  }
  writeFileSync(docPath, `${doc.slice(0, start + TABLE_START.length)}\n${header}\n\n${table}\n${doc.slice(end)}`);
}

export async function main(argv) {
  const opts = parseBenchArgs(argv);
  if (opts.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const mode = opts.smoke ? 'smoke' : 'full';
  const cfg = { ...MODES[mode] };
  if (opts.bigMiB) {
    cfg.bigBytes = opts.bigMiB * MiB;
    cfg.hashBytes = Math.min(cfg.hashBytes, cfg.bigBytes);
  }
  if (opts.runs) cfg.runs = opts.runs;
  // Figures from other sizes or from a profiled run must not overwrite the committed results.
  const investigation = Boolean(opts.bigMiB || opts.runs || opts.profile || opts.only || opts.out);
  const started = Date.now();
  const tmp = join(root, 'bench', 'tmp');
  mkdirSync(tmp, { recursive: true });
  const resultsPath =
    opts.out ?? (opts.smoke || investigation ? join(tmpdir(), `onefichier-bench-${mode}.json`) : join(root, 'bench', 'results.json'));

  const values = {};
  const failures = {};
  const skipped = {};
  const details = {};
  const records = {};

  log(
    `${mode} run: files of ${cfg.bigBytes / MiB}, ${cfg.hashBytes / MiB} and ${cfg.smallBytes / MiB} MiB, ${cfg.runs} run(s) each, ` +
      `${cfg.limiterCalls} limiter calls at ${cfg.limiterRatePerSecond}/s, ${cfg.listCount}-file listing`,
  );

  let workers = null;
  let buildError = null;
  const selectedGroups = GROUPS.filter((g) => !opts.only || opts.only.includes(g.key));
  if (selectedGroups.some((g) => !g.standalone)) {
    try {
      workers = await buildWorkers(root, join(tmp, 'build'));
    } catch (err) {
      buildError = `bench workers could not be built: ${err.message}`;
      log(buildError);
    }
  }

  // Ctrl-C: the sandbox hosts stop with their IPC channel; the RAM folder with their files goes here.
  process.once('SIGINT', () => {
    removeShmFolder();
    process.stdout.write('\n[bench] interrupted\n');
    writeReport('bench', [{ group: '', name: 'the benchmark run', status: 'failed', detail: 'interrupted' }]);
    process.exit(130);
  });
  let profileCount = 0;
  if (opts.profile) {
    log('--profile: workers run under the profiler, so the figures of this run are not representative');
    rmSync(join(tmp, 'profiles'), { recursive: true, force: true });
  }
  const ctx = {
    root,
    tmp,
    cfg,
    mode,
    workers,
    log,
    profileDir: opts.profile ? join(tmp, 'profiles') : null,
    /** A group reports a figure as soon as it has it, so a later failure in the group keeps it. */
    report(name, value, detail) {
      if (!FIGURES.some((f) => f.name === name)) throw new Error(`unknown figure ${name}`);
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${name}: not a finite number (${value})`);
      values[name] = value;
      if (detail) details[name] = detail;
      log(`${name} = ${formatValue(value)}${detail ? `  (${detail})` : ''}`);
    },
    /** Supporting numbers (throughputs, raw times): kept in results.json, next to the figures. */
    record(name, value) {
      if (typeof value === 'number' && Number.isFinite(value)) records[name] = value;
    },
    /**
     * Runs the client worker once (a fresh process). Under --profile it runs with --cpu-prof and the top
     * functions of its profile are logged and kept next to it.
     */
    async clientWorker(args, label, timeoutMs = 10 * 60_000, worker = 'client-worker') {
      if (!ctx.profileDir) return runWorker(workers[worker], args, { label, timeoutMs });
      const dir = join(ctx.profileDir, `${String(++profileCount).padStart(2, '0')}-${label.replace(/[^a-z0-9]+/gi, '-')}`);
      mkdirSync(dir, { recursive: true });
      const result = await runWorker(workers[worker], args, {
        label,
        timeoutMs,
        execArgv: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
      });
      const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
      if (file) {
        const text = formatProfile(summariseProfile(join(dir, file), 15));
        writeFileSync(join(dir, 'summary.txt'), `${text}\n`);
        log(`profile of ${label} (${dir}):\n${text.split('\n').slice(0, 10).join('\n')}`);
      }
      return result;
    },
    skip(name, reason) {
      skipped[name] = reason;
      log(`${name}: skipped (${reason})`);
    },
  };

  const runGroup = async (group) => {
    const groupStarted = Date.now();
    try {
      if (!workers && !group.standalone) throw new Error(buildError);
      await group.run(ctx);
    } catch (err) {
      for (const name of group.figures) {
        if (!(name in values) && !(name in skipped)) failures[name] = err.message.split('\n')[0];
      }
      log(`group ${group.key} failed: ${err.stack ?? err.message}`);
    }
    for (const name of group.figures) {
      if (!(name in values) && !(name in skipped) && !(name in failures)) failures[name] = 'the group finished without computing it';
    }
    log(`group ${group.key} took ${((Date.now() - groupStarted) / 1000).toFixed(1)} s`);
  };
  const background = [];
  for (const group of selectedGroups) {
    if (group.background) background.push(runGroup(group));
    else await runGroup(group);
  }
  await Promise.all(background);

  removeShmFolder();
  const seconds = (Date.now() - started) / 1000;
  // Other processes on the machine shift every absolute time; the load average says how busy it was.
  records.machine_load_avg_1min = Math.round(loadavg()[0] * 100) / 100;
  const table = renderTable(values, failures, skipped, details);
  process.stdout.write(`\n${table}\n\n`);

  const ordered = {};
  for (const f of FIGURES) if (f.name in values) ordered[f.name] = values[f.name];
  for (const [k, v] of Object.entries(records)) ordered[k] = v;
  mkdirSync(dirname(resultsPath), { recursive: true });
  writeFileSync(resultsPath, `${JSON.stringify(ordered, null, 2)}\n`);
  log(`figures written to ${resultsPath}; whole run ${seconds.toFixed(0)} s`);
  if (mode === 'full' && seconds > 600)
    log(`the run took more than the 10 minutes it is meant to fit in (machine_free_cores: ${records.machine_free_cores ?? 'n/a'})`);
  if (!opts.smoke && !investigation) {
    const header =
      `Latest full run: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${seconds.toFixed(0)} s, ` +
      `Node ${process.versions.node}, ${cfg.bigBytes / MiB} / ${cfg.hashBytes / MiB} / ${cfg.smallBytes / MiB} MiB files, median of ${cfg.runs} interleaved runs, ` +
      `load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' / ')} (1 / 5 / 15 min) on ${cpus().length} cores at the end` +
      `${records.machine_free_cores !== undefined ? `, ${records.machine_free_cores} cores free for the benchmark (machine_free_cores)` : ''}.`;
    updateDocs(table, header);
  }

  if (records.machine_free_cores !== undefined && records.machine_free_cores < 1.5) {
    log(
      `only ${records.machine_free_cores} of ${cpus().length} cores were free for the benchmark: ratios that need two busy cores ` +
        '(upload_hash_overlap, download_vs_curl) measure the machine more than the client; see docs/benchmarks.md',
    );
  }
  const missed = FIGURES.filter((f) => f.name in values && !meetsTarget(f.target, values[f.name])).map((f) => f.name);
  if (missed.length) log(`targets missed: ${missed.join(', ')} (see docs/benchmarks.md)`);
  // One check a figure, in its group: computed, failed (with why) or skipped (with why).
  const checks = selectedGroups.flatMap((group) =>
    group.figures.map((name) => {
      if (name in values) return { group: group.key, name, status: 'passed', detail: formatValue(values[name]) };
      if (name in skipped) return { group: group.key, name, status: 'skipped', detail: skipped[name] };
      return { group: group.key, name, status: 'failed', detail: failures[name] ?? 'not computed' };
    }),
  );
  return writeReport('bench', checks);
}
