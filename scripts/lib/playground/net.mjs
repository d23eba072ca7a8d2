// The playground's port checks. Waiting, free ports and isListening are the shared ones (scripts/lib/wait.mjs).
import { createServer } from 'node:net';
import { HOST, isListening, sleep } from '../wait.mjs';

/** True when this process could bind 127.0.0.1:port right now. */
export function canBind(port) {
  return new Promise((resolveBind) => {
    const server = createServer();
    server.once('error', () => resolveBind(false));
    server.listen({ host: HOST, port, exclusive: true }, () => server.close(() => resolveBind(true)));
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
