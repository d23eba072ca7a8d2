/**
 * The core's HttpTransport over n8n's authenticated HTTP helper: request shape, streamed bodies with an
 * exact Content-Length, responses, and network failures stripped of the request (and its headers).
 */
import { Readable } from 'stream';
import { TransportError, type HttpRequest } from '@onefichier/core';
import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { createN8nTransport, StreamMaker } from '../../packages/n8n-nodes-1fichier/nodes/OneFichier/transport';

const KEY = 'transport-key-77aa88bb99';

/** n8n's two HTTP helpers: calls through the credential record its type, plain ones record none. */
function fakeContext(handler: (options: IHttpRequestOptions) => Promise<unknown>) {
  const calls: Array<{ credentialType: string | undefined; options: IHttpRequestOptions }> = [];
  const ctx = {
    helpers: {
      httpRequestWithAuthentication: async function (credentialType: string, options: IHttpRequestOptions) {
        calls.push({ credentialType, options });
        return await handler(options);
      },
      httpRequest: async function (options: IHttpRequestOptions) {
        calls.push({ credentialType: undefined, options });
        return await handler(options);
      },
    },
  } as unknown as IExecuteFunctions;
  return { ctx, calls };
}

async function* chunksOf(...parts: string[]): AsyncIterable<Uint8Array> {
  for (const p of parts) yield new TextEncoder().encode(p);
}

const textRequest: HttpRequest = {
  method: 'POST',
  url: 'https://api.1fichier.com/v1/file/ls.cgi',
  headers: { 'Content-Type': 'application/json' },
  body: '{"folder_id":0}',
  responseType: 'text',
};

test('a JSON call goes through the credential, never follows redirects, never throws on a status', async () => {
  const { ctx, calls } = fakeContext(async () => ({
    statusCode: 403,
    headers: { 'Content-Type': 'application/json' },
    body: '{"status":"KO"}',
  }));
  const res = await createN8nTransport(ctx, new StreamMaker())(textRequest);
  expect(res).toEqual({ status: 403, headers: { 'content-type': 'application/json' }, text: '{"status":"KO"}' });
  expect(calls[0]!.credentialType).toBe('oneFichierApi');
  expect(calls[0]!.options).toMatchObject({
    method: 'POST',
    url: textRequest.url,
    body: '{"folder_id":0}',
    ignoreHttpStatusErrors: true,
    returnFullResponse: true,
    disableFollowRedirect: true,
    encoding: 'text',
    json: false,
  });
});

test('a streamed body becomes a Readable of the learned kind, with the exact Content-Length', async () => {
  let received = '';
  const { ctx, calls } = fakeContext(async (options) => {
    for await (const chunk of options.body as unknown as AsyncIterable<Buffer>) received += chunk.toString();
    return { statusCode: 302, headers: { location: '/end.pl?xid=abc' }, body: '' };
  });
  const streams = new StreamMaker();
  streams.learnFrom(Readable.from([]));
  const res = await createN8nTransport(
    ctx,
    streams,
  )({
    method: 'POST',
    url: 'https://up.example/upload.cgi?id=abc',
    headers: {},
    responseType: 'text',
    body: { length: 11, chunks: chunksOf('hello', ' ', 'world') },
  });
  expect(calls[0]!.options.body).toBeInstanceOf(Readable);
  expect(calls[0]!.options.headers).toMatchObject({ 'Content-Length': '11' });
  expect(received).toBe('hello world');
  expect(res.headers.location).toBe('/end.pl?xid=abc');
});

test('without any stream seen (binary data kept in memory), the body is gathered and its length checked', async () => {
  const { ctx, calls } = fakeContext(async () => ({ statusCode: 200, headers: {}, body: '' }));
  const transport = createN8nTransport(ctx, new StreamMaker());
  await transport({
    method: 'POST',
    url: 'https://up.example/u',
    headers: {},
    responseType: 'text',
    body: { length: 5, chunks: chunksOf('ab', 'cde') },
  });
  expect(Buffer.isBuffer(calls[0]!.options.body)).toBe(true);
  expect(String(calls[0]!.options.body)).toBe('abcde');
  await expect(
    transport({
      method: 'POST',
      url: 'https://up.example/u',
      headers: {},
      responseType: 'text',
      body: { length: 9, chunks: chunksOf('ab') },
    }),
  ).rejects.toMatchObject({ name: 'TransportError', bodyIncomplete: true });
});

test('a request the core marks anonymous (the download host) goes through the plain helper: no credential', async () => {
  const { ctx, calls } = fakeContext(async () => ({ statusCode: 200, headers: {}, body: Readable.from([Buffer.from('x')]) }));
  const transport = createN8nTransport(ctx, new StreamMaker());
  await transport({ method: 'GET', url: 'http://a-4.1fichier.com/tok', headers: {}, responseType: 'stream', anonymous: true });
  await transport(textRequest);
  expect(calls.map((c) => c.credentialType)).toEqual([undefined, 'oneFichierApi']);
  expect(calls[0]!.options.headers).toEqual({});
});

test('a stream response is handed over as is, and teaches the transport how to build streams', async () => {
  const body = Readable.from([Buffer.from('data')]);
  const { ctx, calls } = fakeContext(async () => ({ statusCode: 206, headers: { 'content-range': 'bytes 0-3/4' }, body }));
  const streams = new StreamMaker();
  const res = await createN8nTransport(
    ctx,
    streams,
  )({ method: 'GET', url: 'https://dl.example/t', headers: { Range: 'bytes=0-' }, responseType: 'stream' });
  expect(calls[0]!.options.encoding).toBe('stream');
  expect(res.stream).toBe(body);
  expect(streams.readable(chunksOf('x'))).toBeInstanceOf(Readable);
});

test('a network failure becomes a TransportError without the request, its headers or the key', async () => {
  const { ctx } = fakeContext(async () => {
    const error = Object.assign(new Error(`connect ECONNREFUSED (sent Authorization: Bearer ${KEY})`), {
      code: 'ECONNREFUSED',
      config: { headers: { Authorization: `Bearer ${KEY}` } },
    });
    throw error;
  });
  const failure = await createN8nTransport(ctx, new StreamMaker())(textRequest).catch((e: unknown) => e);
  expect(failure).toBeInstanceOf(TransportError);
  expect((failure as TransportError).code).toBe('ECONNREFUSED');
  expect(JSON.stringify(failure)).not.toContain(KEY);
  expect((failure as TransportError).message).not.toContain(KEY);
  expect(Object.keys(failure as object)).not.toContain('config');
});

test('a cancelled execution is reported as ABORTED', async () => {
  const controller = new AbortController();
  controller.abort();
  const { ctx, calls } = fakeContext(async () => {
    throw Object.assign(new Error('canceled'), { name: 'CanceledError', code: 'ERR_CANCELED' });
  });
  await expect(createN8nTransport(ctx, new StreamMaker())({ ...textRequest, signal: controller.signal })).rejects.toMatchObject({
    code: 'ABORTED',
  });
  expect(calls[0]!.options.abortSignal).toBe(controller.signal);
});
