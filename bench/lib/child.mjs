// Runs one benchmark worker in a child process of its own, so its memory figures are clean and a crash
// or a hang cannot take the runner down. The protocol is one IPC message: {ok:true, result} or
// {ok:false, error}. The child's peak RSS is read from its own process.resourceUsage() at the end.
import { fork } from 'node:child_process';

class WorkerError extends Error {}

/**
 * The worker's argument travels in its environment, not on its command line: it holds the (sandbox) API
 * key, and command lines are readable by every user of the machine.
 */
function workerEnv(args) {
  return { ...process.env, ONEFICHIER_BENCH_ARGS: JSON.stringify(args) };
}

/**
 * Forks `script` with a JSON argument and resolves with the result it sends.
 * Rejects with a WorkerError carrying the worker's own message when it fails, times out or exits silently.
 */
export function runWorker(script, args, { timeoutMs = 120_000, execArgv = [], label = script } = {}) {
  return new Promise((resolve, reject) => {
    const child = fork(script, [], {
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
      execArgv,
      env: workerEnv(args),
    });
    let stderr = '';
    let settled = false;
    const finish = (fn, value) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn(value);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(reject, new WorkerError(`${label}: no answer within ${timeoutMs / 1000} s (killed)`));
    }, timeoutMs);
    child.stderr.on('data', (c) => {
      stderr = (stderr + c.toString()).slice(-4000);
    });
    // Settle only once the child has exited too: the next measurement must not overlap its shutdown, and
    // a profiled child writes its profile on exit.
    let answer = null;
    child.on('message', (msg) => {
      answer = msg;
    });
    child.on('exit', (code, signal) => {
      if (answer?.ok) return finish(resolve, answer.result);
      if (answer) return finish(reject, new WorkerError(`${label}: ${answer.error ?? 'malformed answer'}`));
      const tail = stderr.trim().split('\n').slice(-6).join('\n');
      return finish(reject, new WorkerError(`${label}: exited with ${code ?? signal} before answering${tail ? `\n${tail}` : ''}`));
    });
    child.on('error', (err) => finish(reject, new WorkerError(`${label}: ${err.message}`)));
  });
}

/**
 * Starts a long-lived helper (the sandbox host) that answers requests over IPC:
 * request {id, op, args} → reply {id, ok, result | error}. The first message it sends is {ready: info}.
 */
export async function startHelper(script, args, { startTimeoutMs = 60_000, label = script } = {}) {
  const child = fork(script, [], { stdio: ['ignore', 'inherit', 'pipe', 'ipc'], env: workerEnv(args) });
  let stderr = '';
  child.stderr.on('data', (c) => {
    stderr = (stderr + c.toString()).slice(-4000);
  });
  const pending = new Map();
  let nextId = 1;
  let exited = null;
  const info = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new WorkerError(`${label}: not ready within ${startTimeoutMs / 1000} s`));
    }, startTimeoutMs);
    child.once('message', (msg) => {
      clearTimeout(timer);
      if (msg && msg.ready) resolve(msg.ready);
      else reject(new WorkerError(`${label}: ${msg?.error ?? 'failed to start'}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new WorkerError(`${label}: exited with ${code ?? signal} while starting\n${stderr.trim().split('\n').slice(-6).join('\n')}`));
    });
  });
  child.on('message', (msg) => {
    const p = pending.get(msg?.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.result);
    else p.reject(new WorkerError(`${label} ${p.op}: ${msg.error}`));
  });
  child.on('exit', (code, signal) => {
    exited = `${code ?? signal}`;
    for (const p of pending.values())
      p.reject(new WorkerError(`${label} exited (${exited}) during ${p.op}\n${stderr.trim().split('\n').slice(-6).join('\n')}`));
    pending.clear();
  });
  return {
    info,
    pid: child.pid,
    call(op, callArgs = {}, timeoutMs = 120_000) {
      if (exited) return Promise.reject(new WorkerError(`${label} has exited (${exited})`));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new WorkerError(`${label} ${op}: no answer within ${timeoutMs / 1000} s`));
        }, timeoutMs);
        pending.set(id, {
          op,
          resolve: (v) => {
            clearTimeout(timer);
            resolve(v);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        });
        child.send({ id, op, args: callArgs });
      });
    },
    async stop() {
      if (exited) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    },
  };
}
