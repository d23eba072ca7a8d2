// An HTTPS proxy for one run: it answers CONNECT host:443 for the host names it was given, ends TLS with the
// throw-away certificate, and passes the bytes unchanged to the loopback port that host name maps to. Only
// the host name decides where a connection goes; paths, headers (Host included) and bodies are not touched.
// Any other host is refused: the machine has no internet, and nothing may leave it.
import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';

/**
 * @param {{ routes: Record<string, number>, cert: string, key: string }} options host name → loopback port
 * @returns {Promise<{ url: string, connections: Record<string, number>, refused: string[], close(): Promise<void> }>}
 */
export async function startTlsProxy({ routes, cert, key }) {
  const secureContext = tls.createSecureContext({ cert, key });
  const connections = {};
  const refused = [];
  const sockets = new Set();
  const track = (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  };

  const server = http.createServer((_req, res) => {
    res.writeHead(405, { 'Content-Type': 'text/plain' });
    res.end('This proxy only answers CONNECT (HTTPS_PROXY)\n');
  });
  server.on('connect', (req, clientSocket, head) => {
    track(clientSocket);
    clientSocket.on('error', () => clientSocket.destroy());
    const m = /^([^:]+):(\d+)$/.exec(req.url ?? '');
    const host = m?.[1]?.toLowerCase();
    const port = host !== undefined && m?.[2] === '443' ? routes[host] : undefined;
    if (port === undefined) {
      refused.push(req.url ?? '');
      clientSocket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    connections[host] = (connections[host] ?? 0) + 1;
    clientSocket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    // Bytes that came with the CONNECT are the start of the TLS handshake: give them back first.
    if (head.length > 0) clientSocket.unshift(head);
    const secure = new tls.TLSSocket(clientSocket, { isServer: true, secureContext });
    const upstream = net.connect(port, '127.0.0.1');
    track(upstream);
    const closeBoth = () => {
      secure.destroy();
      upstream.destroy();
    };
    secure.on('error', closeBoth);
    upstream.on('error', closeBoth);
    secure.on('close', () => upstream.end());
    upstream.on('close', () => secure.end());
    secure.pipe(upstream);
    upstream.pipe(secure);
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    connections,
    refused,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
