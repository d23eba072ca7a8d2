// Waiting and free ports, for everything that starts servers and waits for them: the scripted test stages
// (test/e2e, test/rclone), the benchmarks (bench/) and the playground (scripts/start.mjs). Loopback only.
import { createConnection, createServer } from 'node:net';

export const HOST = '127.0.0.1';

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** A port the OS considers free at this moment on 127.0.0.1 (a test's choice that avoids clashes). */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host: HOST, port: 0 }, () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function isListening(port) {
  return new Promise((resolveListening) => {
    const socket = createConnection({ host: HOST, port });
    const done = (value) => {
      socket.destroy();
      resolveListening(value);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Calls `check` until it returns a truthy value, and resolves with that value. A throw counts as "not yet"
 * (its message is kept for the timeout's error). `isAlive()` false stops the wait at once: the process that
 * was to make `check` true has died, so waiting out the whole timeout would only hide why.
 */
export async function until(what, check, { timeoutMs = 20_000, intervalMs = 250, isAlive = () => true } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      last = undefined;
    } catch (err) {
      last = err;
    }
    const why = last ? ` (last: ${last.cause?.code ?? last.message})` : '';
    if (!isAlive()) throw new Error(`stopped before ${what}${why}`);
    if (Date.now() > deadline) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}${why}`);
    await sleep(intervalMs);
  }
}

/** Waits until something accepts connections on 127.0.0.1:port. */
export function waitForPort(port, what, { timeoutMs = 30_000, isAlive } = {}) {
  return until(`${what} to listen on ${HOST}:${port}`, () => isListening(port), { timeoutMs, intervalMs: 200, isAlive });
}

/**
 * Polls an HTTP URL until `accept(response)` is true, and resolves with that response. Redirects are not
 * followed (a login redirect is an answer too).
 */
export async function waitForHttp(url, { timeoutMs, accept = (res) => res.status < 500, isAlive = () => true, what = url }) {
  let lastStatus;
  try {
    return await until(
      `${what} to answer at ${url}`,
      async () => {
        const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(5000) });
        lastStatus = res.status;
        return (await accept(res)) ? res : undefined;
      },
      { timeoutMs, intervalMs: 500, isAlive },
    );
  } catch (err) {
    throw new Error(`${err.message}${lastStatus !== undefined && !err.message.includes('last:') ? ` (last: HTTP ${lastStatus})` : ''}`);
  }
}
