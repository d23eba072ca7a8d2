// Loopback port and HTTP helpers. Everything here talks to 127.0.0.1 only.
import { createConnection, createServer } from 'node:net';

export const HOST = '127.0.0.1';

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
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

/** True when this process could bind 127.0.0.1:port right now. */
export function canBind(port) {
  return new Promise((resolveBind) => {
    const server = createServer();
    server.once('error', () => resolveBind(false));
    server.listen({ host: HOST, port, exclusive: true }, () => server.close(() => resolveBind(true)));
  });
}

/** A port the OS considers free at this moment (for tests choosing ports that avoid clashes). */
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

/** Waits until none of the ports accepts connections; returns those still open at the deadline. */
export async function waitForPortsClosed(ports, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let open = ports;
  for (;;) {
    const states = await Promise.all(open.map((p) => isListening(p)));
    open = open.filter((_, i) => states[i]);
    if (open.length === 0 || Date.now() > deadline) return open;
    await sleep(200);
  }
}

/**
 * Polls an HTTP URL until `accept(response)` is true. `isAlive()` lets the caller stop waiting as soon as
 * the server's process has died, instead of waiting for the whole timeout.
 */
export async function waitForHttp(url, { timeoutMs, accept = (res) => res.status < 500, isAlive = () => true, what = url }) {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`${what} stopped before it answered (${lastProblem})`);
    try {
      const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(5000) });
      if (await accept(res)) return res;
      lastProblem = `HTTP ${res.status}`;
    } catch (err) {
      lastProblem = err.cause?.code ?? err.message;
    }
    await sleep(500);
  }
  throw new Error(`${what} did not answer at ${url} within ${Math.round(timeoutMs / 1000)} s (last: ${lastProblem})`);
}
