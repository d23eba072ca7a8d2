// A bare JSON-RPC peer over a spawned language server's stdio, with LSP's Content-Length framing and no
// library, so what it measures or proves includes nothing of ours: used by the language server's bench
// (packages/language-server/bench.mjs) and the registry stage (test/e2e/registry/run.mjs).

/**
 * Talks to `child` as an editor would: requests resolve with their result (reject on an error or after
 * `timeoutMs`), the server's own requests (workDoneProgress/create, registerCapability) are accepted with
 * a null result, notifications go to the `on` listeners, and `traffic` keeps what the server wrote.
 */
export function lspPeer(child) {
  let buffer = Buffer.alloc(0);
  let nextId = 1;
  const pending = new Map();
  const listeners = [];
  const traffic = [];
  const send = (message) => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }));
    child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
  };
  child.stdout.on('data', (chunk) => {
    traffic.push(chunk.toString());
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const headerEnd = buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString())?.[1]);
      if (buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString());
      buffer = buffer.subarray(headerEnd + 4 + length);
      if (message.id !== undefined && message.method !== undefined) send({ id: message.id, result: null });
      else if (message.id !== undefined) {
        const waiter = pending.get(message.id);
        pending.delete(message.id);
        if (message.error) waiter?.reject(new Error(`${message.error.code}: ${message.error.message}`));
        else waiter?.resolve(message.result);
      } else for (const listener of listeners) listener(message);
    }
  });
  return {
    traffic,
    request: (method, params, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        const timer = setTimeout(() => reject(new Error(`no answer to ${method} within ${timeoutMs / 1000} s`)), timeoutMs);
        pending.set(id, {
          resolve: (v) => (clearTimeout(timer), resolve(v)),
          reject: (e) => (clearTimeout(timer), reject(e)),
        });
        send({ id, method, params });
      }),
    notify: (method, params) => send({ method, params }),
    on: (listener) => listeners.push(listener),
  };
}
