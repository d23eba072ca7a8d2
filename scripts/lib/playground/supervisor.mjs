// Starts the playground's long-running children, each in its own process group (so stopping a group also
// stops what it spawned: n8n's task runners, code-server's extension host), and stops them all again.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { sleep } from '../wait.mjs';
import { waitForPortsClosed } from './net.mjs';

const STOP_GRACE_MS = 10_000;

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

function signalGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
  } catch {
    /* already gone */
  }
}

/** The last lines of a log file, to show why a child failed. */
export function logTail(file, lines = 20) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export class Supervisor {
  constructor({ runId }) {
    this.runId = runId;
    /** @type {{name:string, child:import('node:child_process').ChildProcess, log:string, ports:number[], exited:boolean}[]} */
    this.children = [];
    this.stopping = false;
    this.onUnexpectedExit = null;
  }

  /**
   * Spawns a command in a new process group, its output appended to `log`. Every child carries
   * ONEFICHIER_PLAYGROUND_RUN, so a test can find anything left behind by scanning /proc.
   * `onLine` sees each stdout line (used to read the sandbox's address and key).
   */
  start(name, cmd, args, { cwd, env, log, ports = [], onLine } = {}) {
    mkdirSync(dirname(log), { recursive: true });
    const out = createWriteStream(log, { flags: 'a' });
    out.write(`\n=== ${new Date().toISOString()} ${name}: ${cmd} ${args.join(' ')}\n`);
    const child = spawn(cmd, args, {
      cwd,
      env: { ...process.env, ...env, ONEFICHIER_PLAYGROUND_RUN: this.runId },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const entry = { name, child, log, ports, exited: false };
    this.children.push(entry);
    let pending = '';
    child.stdout.on('data', (chunk) => {
      out.write(chunk);
      if (!onLine) return;
      pending += chunk.toString('utf8');
      let nl;
      while ((nl = pending.indexOf('\n')) >= 0) {
        onLine(pending.slice(0, nl).replace(/\r$/, ''));
        pending = pending.slice(nl + 1);
      }
    });
    child.stderr.on('data', (chunk) => out.write(chunk));
    child.on('error', (err) => {
      out.write(`\n[playground] could not start ${cmd}: ${err.message}\n`);
    });
    child.on('exit', (code, signal) => {
      entry.exited = true;
      out.write(`\n=== ${name} exited (${signal ?? code})\n`);
      out.end();
      if (!this.stopping && this.onUnexpectedExit) this.onUnexpectedExit(entry, code, signal);
    });
    return entry;
  }

  /** Resolves when the child exits, or rejects when it is still running at the deadline. */
  static waitExit(entry, timeoutMs) {
    if (entry.exited) return Promise.resolve();
    return new Promise((resolveExit, reject) => {
      const timer = setTimeout(() => reject(new Error(`${entry.name} did not exit within ${timeoutMs / 1000} s`)), timeoutMs);
      entry.child.once('exit', () => {
        clearTimeout(timer);
        resolveExit();
      });
    });
  }

  /**
   * Stops every group (newest first: n8n and VS Code before the sandbox they talk to): SIGTERM, then
   * SIGKILL after a grace period; returns once no group is alive and none of their ports listens.
   */
  async stopAll(report = (line) => process.stdout.write(`${line}\n`)) {
    this.stopping = true;
    const entries = [...this.children].reverse();
    for (const entry of entries) {
      if (!groupAlive(entry.child.pid)) continue;
      report(`[playground] stopping ${entry.name} ...`);
      signalGroup(entry.child.pid, 'SIGTERM');
      const deadline = Date.now() + STOP_GRACE_MS;
      while (groupAlive(entry.child.pid) && Date.now() < deadline) await sleep(100);
      if (groupAlive(entry.child.pid)) {
        report(`[playground] ${entry.name} ignored SIGTERM for ${STOP_GRACE_MS / 1000} s; killing it`);
        signalGroup(entry.child.pid, 'SIGKILL');
        while (groupAlive(entry.child.pid)) await sleep(50);
      }
    }
    const ports = entries.flatMap((e) => e.ports);
    const stillOpen = await waitForPortsClosed(ports, 10_000);
    if (stillOpen.length)
      report(`[playground] WARNING: port(s) ${stillOpen.join(', ')} still answer after stopping; another program may be using them.`);
    return stillOpen;
  }
}
