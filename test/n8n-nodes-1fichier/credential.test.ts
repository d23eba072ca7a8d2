/**
 * The credential test's rules against the sandbox's real answers. n8n sends `test.request` and, as every
 * status is let through, compares each rule's key in the answer's JSON with `===`, first rule first
 * (n8n/dist/services/credentials-tester.service.js); the real n8n run is in test/e2e/n8n/run.mjs.
 */
import { createServer } from 'http';
import type { AddressInfo } from 'net';
import type { IAuthenticateRuleResponseSuccessBody } from 'n8n-workflow';
import { OneFichierApi } from '../../packages/n8n-nodes-1fichier/credentials/OneFichierApi.credentials';
import { CREDENTIAL_TEST_MESSAGES } from '../../packages/n8n-nodes-1fichier/nodes/OneFichier/helpers/hints';
import { useSandbox } from './harness/sandbox';

const env = useSandbox('n8n-credential-test-');

/** The verdict n8n gives for a credential: the first matching rule's message, or success. */
async function verdict(apiKey: string, baseUrl: string): Promise<string> {
  const test = new OneFichierApi().test;
  expect(test.request.ignoreHttpStatusErrors).toBe(true);
  const res = await fetch(`${baseUrl.replace(/\/+$/, '')}${test.request.url}`, {
    method: test.request.method ?? 'GET',
    headers: { ...(test.request.headers as Record<string, string>), Authorization: `Bearer ${apiKey}` },
    body: JSON.stringify(test.request.body),
  });
  const text = await res.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // n8n keeps a body that is not JSON as a string.
  }
  for (const rule of (test.rules ?? []) as IAuthenticateRuleResponseSuccessBody[]) {
    const value = json !== null && typeof json === 'object' ? (json as Record<string, unknown>)[rule.properties.key] : undefined;
    if (value === rule.properties.value) return rule.properties.message;
  }
  return 'Connection successful!';
}

test('the right key passes', async () => {
  expect(await verdict(env.sandbox.premiumKey, env.sandbox.apiBaseUrl)).toBe('Connection successful!');
});

test('a wrong key (403 No such user #93) says to copy the key again, not "Forbidden"', async () => {
  const message = await verdict('WrongKey0123456789abcdef', env.sandbox.apiBaseUrl);
  expect(message).toBe(CREDENTIAL_TEST_MESSAGES.unknownKey);
  expect(message).toMatch(/"API Key"/);
});

test('a base URL without /v1 (403 Unknown endpoint #712) says it must end with /v1', async () => {
  const message = await verdict(env.sandbox.premiumKey, env.sandbox.apiBaseUrl.replace(/\/v1$/, ''));
  expect(message).toBe(CREDENTIAL_TEST_MESSAGES.notTheApi);
  expect(message).toMatch(/end with \/v1/);
});

test('an address that is not an API (a web page) is not taken for a success', async () => {
  const site = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><body>Welcome</body></html>'));
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = site.address() as AddressInfo;
    expect(await verdict(env.sandbox.premiumKey, `http://127.0.0.1:${port}/v1`)).toBe(CREDENTIAL_TEST_MESSAGES.notJson);
  } finally {
    await new Promise((resolve) => site.close(resolve));
  }
});
