// A non-blocking variant of tools.mjs's run(): the playground prepares n8n and VS Code at the same time,
// and a blocking spawnSync would also stall the pipes of the children already running.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const active = new Set();

/** Stops the one-off commands still running (a stop requested in the middle of the preparation). */
export function killActiveCommands() {
  for (const child of active) {
    try {
      child.kill('SIGTERM');
    } catch {
      /* gone */
    }
  }
}

/** Runs a command to completion, its output saved to `log`; rejects with the output's tail on failure. */
export function runAsync(cmd, args, { cwd, env, log } = {}) {
  return new Promise((resolveRun, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    active.add(child);
    const chunks = [];
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    child.once('error', (err) => reject(new Error(`${cmd} could not be started: ${err.message}`)));
    child.once('close', (code, signal) => {
      active.delete(child);
      const output = Buffer.concat(chunks).toString('utf8');
      if (log) writeFileSync(log, output);
      if (code === 0) {
        resolveRun(output);
        return;
      }
      const tail = output.trim().split('\n').slice(-15).join('\n');
      reject(new Error(`${cmd} ${args.join(' ')} exited with ${signal ?? code}${log ? ` (log: ${log})` : ''}\n${tail}`));
    });
  });
}
