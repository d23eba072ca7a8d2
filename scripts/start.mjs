#!/usr/bin/env node
// `pnpm start`: one command that shows the whole product working. It builds what is needed, installs the
// pinned n8n and code-server into the tool cache on the first run, starts the sandbox, n8n with the
// 1fichier node and VS Code with the 1fichier extension, prints where they are, and stops them all on
// Ctrl-C. See `pnpm start --help`.
import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { homedir } from 'node:os';
import { parseOptions, portsInUse, USAGE, UsageError } from './lib/playground/options.mjs';
import { Supervisor, logTail } from './lib/playground/supervisor.mjs';
import { canBind } from './lib/playground/net.mjs';
import { ensureBuilt } from './lib/playground/build.mjs';
import { isFreshDataDir, startSandbox } from './lib/playground/sandbox.mjs';
import { seedSandbox } from './lib/playground/seed.mjs';
import { startN8n } from './lib/playground/n8n.mjs';
import { startVscode } from './lib/playground/vscode.mjs';
import { printSummary } from './lib/playground/summary.mjs';
import { killActiveCommands } from './lib/playground/run-async.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function say(line) {
  process.stdout.write(`${line}\n`);
}

/** Where the installers keep the tools (tools.mjs's toolsDir() without creating it: it may be the problem). */
function toolsDirName() {
  return process.env.ONEFICHIER_TOOLS_DIR || join(homedir(), '.cache', 'onefichier-toolkit');
}

/** The installers need a writable tools folder; saying so up front beats a failure minutes later. */
function checkToolsDir() {
  const dir = toolsDirName();
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (err) {
    throw new UsageError(
      `The tools folder ${dir} cannot be created or written (${err.code ?? err.message}). ` +
        'Set ONEFICHIER_TOOLS_DIR to a writable folder with about 4 GB free, then run pnpm start again.',
    );
  }
}

/** Runs one of the project's installers (idempotent: seconds when already installed), its output shown. */
function runInstaller(script, what) {
  const res = spawnSync(process.execPath, [join(repoRoot, 'scripts', script)], { cwd: repoRoot, stdio: 'inherit' });
  if (res.status !== 0) {
    throw new Error(
      `installing ${what} failed: node scripts/${script} exited with ${res.signal ?? `code ${res.status}`} (its messages, if any, are above). ` +
        `Fix the cause and run pnpm start again: finished steps are kept in ${toolsDirName()} (ONEFICHIER_TOOLS_DIR). To install it alone: node scripts/${script}`,
    );
  }
}

async function checkPortsFree(opts) {
  for (const { name, port, flag } of portsInUse(opts)) {
    if (!(await canBind(port))) {
      throw new UsageError(
        `Port ${port} (for the ${name}) is already in use, perhaps by another pnpm start. ` +
          `Stop that program (see: ss -ltnp 'sport = :${port}') or choose another port with ${flag} <port>.`,
      );
    }
  }
}

/** The playground folder ignores itself, so its state never shows up in git status. */
function preparePlaygroundDir(dir) {
  mkdirSync(join(dir, 'logs'), { recursive: true });
  writeFileSync(join(dir, '.gitignore'), '# Local state of `pnpm start` (n8n database, VS Code profile, logs)\n*\n');
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/**
 * One playground per state folder: two n8n on one database, or two code-servers on one profile, corrupt
 * them. The lock holds this process's pid; a lock left by a process that is gone is taken over.
 */
function lockPlaygroundDir(dir) {
  const lock = join(dir, 'pnpm-start.pid');
  try {
    writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
  } catch (err) {
    if (err.code !== 'EEXIST') throw err;
    const owner = Number(readFileSync(lock, 'utf8').trim());
    if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
      throw new UsageError(
        `Another pnpm start (pid ${owner}) is using ${dir}. Stop it first, or give this one its own folder with --playground-dir <dir>.`,
      );
    }
    writeFileSync(lock, `${process.pid}\n`);
  }
  process.on('exit', () => {
    try {
      if (readFileSync(lock, 'utf8').trim() === String(process.pid)) unlinkSync(lock);
    } catch {
      /* already gone */
    }
  });
}

async function main() {
  let opts;
  try {
    opts = parseOptions(process.argv.slice(2), process.env, repoRoot);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`pnpm start: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  if (opts.help) {
    say(USAGE);
    return;
  }

  const realService = Boolean(opts.realApiKey);
  if (realService) {
    say('');
    say('!!! ONEFICHIER_API_KEY is set: n8n and VS Code will use the REAL 1fichier service (api.1fichier.com) !!!');
    say('!!! Uploads, moves and deletions you make in the playground happen in your real account.          !!!');
    say('!!! No sandbox is started. Unset ONEFICHIER_API_KEY to play against the local sandbox instead.     !!!');
    say('');
  } else {
    say('[playground] sandbox mode: n8n and VS Code talk to a local 1fichier-compatible server; nothing leaves this machine.');
  }

  await checkPortsFree(opts);
  preparePlaygroundDir(opts.playgroundDir);
  lockPlaygroundDir(opts.playgroundDir);
  const stampDir = join(opts.playgroundDir, 'build');

  // 1. Build (seconds when nothing changed), then install tools (minutes the first time, then instant).
  const built = await ensureBuilt(['core', ...opts.parts], { repoRoot, stampDir, force: opts.rebuild });
  const vsix = built.vscode;
  if (opts.parts.includes('n8n') || opts.parts.includes('vscode')) checkToolsDir();
  if (opts.parts.includes('n8n')) runInstaller('install-n8n.mjs', 'n8n');
  if (opts.parts.includes('vscode')) runInstaller('install-code-server.mjs', 'code-server');

  // 2. Start the parts, each in its own process group, and stop all of them on Ctrl-C or a failure.
  const supervisor = new Supervisor({ runId: `${process.pid}-${randomUUID()}` });
  let shuttingDown = null;
  const shutdown = (code, why) => {
    if (shuttingDown) return shuttingDown;
    if (why) say(`\n[playground] ${why}`);
    killActiveCommands();
    shuttingDown = supervisor.stopAll(say).then((stillOpen) => {
      say(
        stillOpen.length === 0
          ? '[playground] stopped; nothing it started is left running or listening.'
          : '[playground] stopped, with the warning above.',
      );
      process.exit(code);
    });
    return shuttingDown;
  };
  // One Ctrl-C arrives twice: from the terminal, and from pnpm, which passes it on to its script.
  let firstInterrupt = 0;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (firstInterrupt === 0) firstInterrupt = Date.now();
      else if (signal === 'SIGINT' && Date.now() - firstInterrupt > 1000)
        say('[playground] still stopping; waiting for the children to exit (they are killed after 10 s)');
      shutdown(0, `${signal} received: stopping everything ...`);
    });
  }
  supervisor.onUnexpectedExit = (entry, code, signal) => {
    process.stderr.write(
      `\n[playground] ${entry.name} stopped unexpectedly (${signal ?? `exit code ${code}`}). Its log (${entry.log}) ends with:\n${logTail(entry.log)}\n`,
    );
    shutdown(1, 'stopping the rest ...');
  };

  try {
    const summary = { realService, parts: opts.parts, dataDir: opts.dataDir, playgroundDir: opts.playgroundDir, repoRoot };
    let apiBaseUrl = opts.apiBaseUrl;
    let apiKey = opts.realApiKey;
    if (opts.parts.includes('sandbox')) {
      const fresh = opts.reset || isFreshDataDir(opts.dataDir);
      if (opts.reset)
        say(`[playground] --reset: the sandbox starts with an empty data folder (${relative(process.cwd(), opts.dataDir) || '.'})`);
      const sandbox = await startSandbox({
        supervisor,
        repoRoot,
        playgroundDir: opts.playgroundDir,
        port: opts.ports.sandbox,
        dataDir: opts.dataDir,
        reset: opts.reset,
      });
      ({ apiBaseUrl, apiKey } = sandbox);
      summary.sandbox = sandbox;
      if (fresh) summary.seeded = await seedSandbox({ repoRoot, apiBaseUrl, apiKey });
    }
    const starts = [];
    if (opts.parts.includes('n8n')) {
      starts.push(
        startN8n({
          supervisor,
          playgroundDir: opts.playgroundDir,
          port: opts.ports.n8n,
          nodeDist: join(repoRoot, 'packages', 'n8n-nodes-1fichier', 'dist'),
          apiKey,
          apiBaseUrl,
        }).then((n8n) => {
          summary.n8n = n8n;
        }),
      );
    }
    if (opts.parts.includes('vscode')) {
      starts.push(
        startVscode({
          supervisor,
          playgroundDir: opts.playgroundDir,
          port: opts.ports.vscode,
          vsix,
          apiKey,
          apiBaseUrl,
          realService,
        }).then((vscode) => {
          summary.vscode = vscode;
        }),
      );
    }
    const results = await Promise.allSettled(starts);
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    if (shuttingDown) return;
    printSummary(summary, say);
  } catch (err) {
    if (shuttingDown) return;
    process.stderr.write(`\n[playground] could not start: ${err.message}\n`);
    await shutdown(1);
  }
}

main().catch((err) => {
  if (err instanceof UsageError) {
    process.stderr.write(`pnpm start: ${err.message}\n`);
    process.exit(2);
  }
  // A failed setup step has already printed its details; one line is enough here.
  process.stderr.write(`[playground] could not start: ${String(err.message).split('\n')[0]}\n`);
  process.exit(1);
});
