/**
 * Lent chunks (src/lending.ts): a file source cycles through a few buffers only while the transport says
 * it is done with their bytes, and the bytes on the wire stay exactly the file's, also when the receiver
 * is slow, drops the connection, or the file is shorter than declared.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type RequestOptions, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axios from 'axios';
import { OneFichierError, TransportError, type HttpTransport, type UploadSource } from '../src';
import { SettledBytes, encodeMultipart, makeBoundary } from '../src/internal';
import { createAxiosTransport, fileSource } from '../src/node';

const MiB = 1 << 20;

function fileOf(bytes: Uint8Array): string {
  const path = join(mkdtempSync(join(tmpdir(), 'core-lending-')), 'data.bin');
  writeFileSync(path, bytes);
  return path;
}

/** Resolves with whether `p` settled within `ms` (a file read takes a trip to the thread pool). */
async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let done = false;
  void p.then(
    () => (done = true),
    () => (done = true),
  );
  for (const end = Date.now() + ms; !done && Date.now() < end; ) await new Promise((r) => setTimeout(r, 2));
  return done;
}
/** Settles (a file read may be behind it: allow a slow machine's seconds). */
const settles = (p: Promise<unknown>) => settlesWithin(p, 5_000);
/** Stays pending while the test watches for a tenth of a second. */
const staysPending = async (p: Promise<unknown>) => !(await settlesWithin(p, 100));

describe('SettledBytes', () => {
  test('a wait ends once its bytes are settled, not before; abandon ends every wait', async () => {
    const s = new SettledBytes();
    await expect(settles(s.reached(0))).resolves.toBe(true);
    const at10 = s.reached(10);
    const at20 = s.reached(20);
    s.settle(9);
    expect(await staysPending(at10)).toBe(true);
    s.settle(10);
    expect(await settles(at10)).toBe(true);
    expect(await staysPending(at20)).toBe(true);
    s.abandon();
    expect(await settles(at20)).toBe(true);
    expect(await settles(s.reached(1e9))).toBe(true);
  });
});

describe('file source with buffer reuse', () => {
  test('refills a buffer only after its bytes are settled, and yields the file exactly', async () => {
    const data = randomBytes(6 * MiB + 123);
    const source = await fileSource(fileOf(data));
    const settled = new SettledBytes();
    const it = source.open({ settled: (n) => settled.reached(n) })[Symbol.asyncIterator]();
    const copies: Buffer[] = [];
    const seen = new Set<ArrayBufferLike>();
    // Four buffers: four chunks come without any settling, the fifth waits for the first's bytes.
    for (let i = 0; i < 4; i++) {
      const step = await it.next();
      copies.push(Buffer.from(step.value as Uint8Array));
      seen.add((step.value as Uint8Array).buffer);
    }
    const fifth = it.next();
    expect(await staysPending(fifth)).toBe(true);
    settled.settle(MiB);
    expect(await settles(fifth)).toBe(true);
    const step = await fifth;
    seen.add((step.value as Uint8Array).buffer);
    copies.push(Buffer.from(step.value as Uint8Array));
    settled.abandon();
    for (let s = await it.next(); !s.done; s = await it.next()) {
      seen.add(s.value.buffer);
      copies.push(Buffer.from(s.value));
    }
    expect(Buffer.concat(copies).equals(data)).toBe(true);
    expect(seen.size).toBe(4);
  });

  test('without reuse every chunk has a buffer of its own', async () => {
    const source = await fileSource(fileOf(randomBytes(5 * MiB)));
    const chunks: Uint8Array[] = [];
    for await (const c of source.open()) chunks.push(c);
    expect(chunks.length).toBeGreaterThanOrEqual(5);
    expect(new Set(chunks.map((c) => c.buffer)).size).toBe(chunks.length);
  });

  test('the multipart body asks for the settled offsets of the file within the body', async () => {
    const asked: number[] = [];
    const source: UploadSource = {
      name: 'a.bin',
      size: 3,
      async *open(reuse) {
        // Nothing of the file is out yet: offset 0 never waits, even while the field part is unsettled.
        await reuse?.settled(0);
        yield new Uint8Array([1, 2, 3]);
        asked.push(3);
        await reuse?.settled(3);
      },
    };
    const mp = encodeMultipart(
      [{ name: 'did', value: '0' }],
      [{ filename: 'a.bin', source }],
      makeBoundary(() => 0),
    );
    const settled = mp.body.lend!();
    const text: Uint8Array[] = [];
    const it = mp.body.chunks[Symbol.asyncIterator]();
    for (let i = 0; i < 3; i++) text.push((await it.next()).value as Uint8Array);
    // Field part, file head, then the file's 3 bytes: the source's offset 3 is the body's offset of their end.
    const fileEnd = text.reduce((n, c) => n + c.length, 0);
    const next = it.next();
    settled.settle(fileEnd - 1);
    expect(await staysPending(next)).toBe(true);
    settled.settle(fileEnd);
    expect(await settles(next)).toBe(true);
    expect(asked).toEqual([3]);
  });
});

describe('axios transport lends buffers on the wire', () => {
  let server: Server;
  let handle: (req: IncomingMessage, body: () => Promise<Buffer>) => Promise<void> | void;
  let url = '';

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      let slow = true;
      const body = () =>
        new Promise<Buffer>((resolve, reject) => {
          req.on('data', (c: Buffer) => {
            chunks.push(c);
            // A slow reader at first, so the sender meets backpressure and must wait for its buffers.
            if (slow && chunks.length % 8 === 0) {
              req.pause();
              setTimeout(() => req.resume(), 5);
            }
          });
          req.on('end', () => resolve(Buffer.concat(chunks)));
          req.on('error', reject);
          setTimeout(() => (slow = false), 300);
        });
      void Promise.resolve(handle(req, body)).then(() => {
        if (!res.headersSent && !res.destroyed) {
          res.writeHead(302, { Location: '/end.pl?xid=1' });
          res.end();
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/upload.cgi?id=1`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  function multipartOf(source: UploadSource) {
    const mp = encodeMultipart(
      [{ name: 'did', value: '0' }],
      [{ filename: 'data.bin', source }],
      makeBoundary(() => 0),
    );
    let lent = 0;
    const lend = mp.body.lend!;
    mp.body.lend = () => {
      lent++;
      return lend();
    };
    /** POSTs the body to the server through `transport` (the shipped axios one by default). */
    const post = (transport: HttpTransport = createAxiosTransport()) =>
      transport({ method: 'POST', url, headers: { 'Content-Type': mp.contentType }, body: mp.body, responseType: 'text' });
    return { mp, lent: () => lent, post };
  }

  async function expectedBody(source: UploadSource): Promise<Buffer> {
    const { mp } = multipartOf(source);
    const parts: Buffer[] = [];
    for await (const c of mp.body.chunks) parts.push(Buffer.from(c));
    return Buffer.concat(parts);
  }

  test('a 20 MiB file arrives byte for byte through four lent buffers, under backpressure', async () => {
    const data = randomBytes(20 * MiB + 7);
    const source = await fileSource(fileOf(data));
    let received: Buffer = Buffer.alloc(0);
    handle = async (_req, body) => {
      received = await body();
    };
    const { mp, lent, post } = multipartOf(source);
    const res = await post();
    expect(res.status).toBe(302);
    expect(lent()).toBe(1);
    expect(mp.complete).toBe(true);
    expect(received.length).toBe(mp.body.length);
    expect(received.equals(await expectedBody(source))).toBe(true);
  });

  test('a request that holds chunks before writing them gets none refilled until it calls back', async () => {
    // As an OS that is slow to take the bytes: each chunk is kept a moment and written later, and the write
    // reports back only then. Settling any earlier would let the source refill a buffer still to be sent.
    const holding = axios.create({
      transport: {
        request(options: RequestOptions, onResponse: (res: IncomingMessage) => void) {
          const req = httpRequest(options, onResponse);
          const write = req.write.bind(req) as (chunk: Uint8Array, cb: (err?: Error | null) => void) => boolean;
          let queue = Promise.resolve();
          req.write = ((chunk: Uint8Array, encodingOrCb?: unknown, cb?: unknown) => {
            const done = (typeof encodingOrCb === 'function' ? encodingOrCb : cb) as ((err?: Error | null) => void) | undefined;
            queue = queue
              .then(() => new Promise((r) => setTimeout(r, 1)))
              .then(() => {
                write(chunk, (err) => done?.(err));
              });
            return true;
          }) as typeof req.write;
          const end = req.end.bind(req) as () => void;
          req.end = (() => {
            void queue.then(end);
            return req;
          }) as typeof req.end;
          return req;
        },
      },
    });
    const data = randomBytes(12 * MiB);
    const source = await fileSource(fileOf(data));
    let received: Buffer = Buffer.alloc(0);
    handle = async (_req, body) => {
      received = await body();
    };
    const { lent, post } = multipartOf(source);
    const res = await post(createAxiosTransport({ axiosInstance: holding }));
    expect(res.status).toBe(302);
    expect(lent()).toBe(1);
    expect(received.equals(await expectedBody(source))).toBe(true);
  });

  test('a receiver that drops the connection mid-body: the request fails, marked incomplete, without hanging', async () => {
    const source = await fileSource(fileOf(randomBytes(24 * MiB)));
    handle = (req) =>
      new Promise<void>((resolve) => {
        let n = 0;
        req.on('data', (c: Buffer) => {
          n += c.length;
          if (n > 3 * MiB) {
            req.socket.destroy();
            resolve();
          }
        });
      });
    const { mp, post } = multipartOf(source);
    const failure = await post().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(TransportError);
    expect((failure as TransportError).bodyIncomplete).toBe(true);
    expect(mp.complete).toBe(false);
  });

  test('a file shorter than declared stops the body with the size error', async () => {
    const path = fileOf(randomBytes(3 * MiB));
    const source: UploadSource = { ...(await fileSource(path)), size: 5 * MiB };
    handle = async (_req, body) => {
      await body().catch(() => undefined);
    };
    const { mp, post } = multipartOf(source);
    await expect(post()).rejects.toBeInstanceOf(TransportError);
    expect(mp.failure).toBeInstanceOf(OneFichierError);
    expect((mp.failure as OneFichierError).message).toMatch(/declared as 5242880 bytes but its stream gave 3145728/);
  });
});
