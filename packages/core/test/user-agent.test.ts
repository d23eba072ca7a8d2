/** The Node transport names the toolkit and the core's version (package.json's) in its User-Agent. */
import { readFileSync } from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { createAxiosTransport } from '../src/node/transport';

const { version } = JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };

describe('User-Agent', () => {
  it("is onefichier-toolkit/<the core's package.json version> unless the caller sets one", async () => {
    const seen: Array<string | undefined> = [];
    const server = http.createServer((req, res) => {
      seen.push(req.headers['user-agent']);
      res.setHeader('content-type', 'application/json');
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/user/info.cgi`;
      await createAxiosTransport()({ method: 'POST', url, headers: {}, body: '{}', responseType: 'text' });
      await createAxiosTransport({ userAgent: 'my-app/2' })({ method: 'POST', url, headers: {}, body: '{}', responseType: 'text' });
    } finally {
      server.close();
    }
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    expect(seen).toEqual([`onefichier-toolkit/${version}`, 'my-app/2']);
  });
});
