/**
 * An API exchange is bounded: an answer trickled a byte at a time ends at requestTotalTimeoutMs, an answer
 * larger than maxAnswerBytes is not read into memory, and a caller that shares another's running listing
 * cancels only its own wait. Through the Node entry's client, against local HTTP servers (real sockets).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OneFichierClient, OneFichierError } from '../src';
import { createNodeClient, realClock } from '../src/node';
import { failureOf, freshKey } from './helpers';

interface Served {
  base: string;
  requests: string[];
  close: () => Promise<void>;
}

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Served> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A client of the Node entry with its own (process) pacer on the real clock: no machine ledger involved. */
const clientOf = (base: string, extra: Parameters<typeof createNodeClient>[0] = {}) =>
  createNodeClient({ apiKey: freshKey(), baseUrl: base, clock: realClock, retry: { maxAttempts: 1 }, ...extra });

const listing = (id: number) => JSON.stringify({ folder_id: id, name: 'Docs', sub_folders: [] });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('an API exchange has a total time bound and a size cap', () => {
  test('an answer trickled one byte at a time ends with a network timeout at requestTotalTimeoutMs', async () => {
    let closedEarly = false;
    const served = await serve((_req, res) => {
      const body = listing(1).padEnd(400, ' ');
      res.writeHead(200, { 'Content-Type': 'application/json' });
      let i = 0;
      // One byte every 25 ms: always inside the 1 s idle timeout, 10 s in all.
      const timer = setInterval(() => {
        if (i < body.length) res.write(body[i++]);
        else {
          clearInterval(timer);
          res.end();
        }
      }, 25);
      res.on('close', () => {
        if (i < body.length) closedEarly = true;
        clearInterval(timer);
      });
    });
    try {
      const client = clientOf(served.base, { requestTimeoutMs: 1_000, requestTotalTimeoutMs: 1_500 });
      const t0 = Date.now();
      const error = await failureOf(client.listFolder(1));
      expect(Date.now() - t0).toBeLessThan(6_000);
      expect(error.kind).toBe('network');
      expect(error.details?.transportCode).toBe('ETIMEDOUT');
      expect(error.message).toMatch(/no answer in time/);
      expect(error.details?.transportMessage).toMatch(/did not arrive in full within 1500 ms/);
      await sleep(100);
      expect(closedEarly).toBe(true);
    } finally {
      await served.close();
    }
  }, 30_000);

  test('an answer larger than maxAnswerBytes (64 MiB by default) is refused without being read to the end', async () => {
    const total = 100 * 1024 * 1024;
    let written = 0;
    const served = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const head = `{"status":"OK","folder_id":2,"name":"Docs","sub_folders":[],"pad":"`;
      const chunk = Buffer.alloc(64 * 1024, 'a');
      res.write(head);
      const more = () => {
        while (written < total && !res.destroyed) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        if (!res.destroyed) res.end('"}');
      };
      more();
    });
    try {
      const error = await failureOf(clientOf(served.base).listFolder(2));
      expect(error.kind).toBe('protocol');
      expect(error.retryable).toBe(false);
      expect(error.details?.transportCode).toBe('ETOOLARGE');
      expect(error.message).toMatch(/larger than 67108864 bytes/);
      expect(error.hint).toMatch(/API base URL/);
      // The client stopped reading: the server could not send it all.
      expect(written).toBeLessThan(total);
    } finally {
      await served.close();
    }
  }, 60_000);

  test('a transport that reads any size still never hands an oversized answer to the parser', async () => {
    const huge = listing(3).padEnd(2_000, ' ');
    const client = new OneFichierClient({
      apiKey: freshKey(),
      clock: realClock,
      maxAnswerBytes: 1_000,
      transport: async () => ({ status: 200, headers: { 'content-type': 'application/json' }, text: huge }),
    });
    const error = await failureOf(client.listFolder(3));
    expect(error.kind).toBe('protocol');
    expect(error.details?.transportCode).toBe('ETOOLARGE');
  });

  test('a bound that is not a number > 0 is refused where it is given', () => {
    expect(() => clientOf('http://127.0.0.1:9/v1', { requestTotalTimeoutMs: 0 })).toThrow(/requestTotalTimeoutMs must be a number > 0/);
    expect(() => clientOf('http://127.0.0.1:9/v1', { maxAnswerBytes: Number.NaN })).toThrow(OneFichierError);
  });
});

describe('callers sharing one running listing', () => {
  test('each can cancel its own wait; the call goes on for the others, and is sent once', async () => {
    const held: ServerResponse[] = [];
    const served = await serve((_req, res) => held.push(res));
    try {
      const client = clientOf(served.base);
      const first = client.listFolder(4);
      const leaving = new AbortController();
      const second = client.listFolder(4, { signal: leaving.signal });
      const third = client.listFolder(4);
      // Each is awaited below; this only keeps a failing run from ending in an unhandled rejection.
      for (const p of [first, second, third]) p.catch(() => undefined);
      while (held.length === 0) await sleep(10);
      leaving.abort();
      // The second caller's wait ends at once, while the answer is still held by the server.
      const settled = await Promise.race([
        second.then(
          () => 'answered',
          (e: unknown) => e,
        ),
        sleep(1_000).then(() => 'still waiting'),
      ]);
      expect(settled).toBeInstanceOf(OneFichierError);
      expect((settled as OneFichierError).kind).toBe('cancelled');
      held[0]!.writeHead(200, { 'Content-Type': 'application/json' }).end(listing(4));
      await expect(first).resolves.toMatchObject({ folderId: 4, name: 'Docs' });
      await expect(third).resolves.toMatchObject({ folderId: 4, name: 'Docs' });
      expect(served.requests.filter((u) => u.endsWith('/folder/ls.cgi'))).toHaveLength(1);
    } finally {
      await served.close();
    }
  }, 30_000);
});
