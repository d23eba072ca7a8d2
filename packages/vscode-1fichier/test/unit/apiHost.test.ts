/**
 * Where the API key may go: only to the API base URL of the user's own settings (never a workspace's), and
 * to a host other than the real service's only once the user confirmed it.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_BASE_URL } from '@onefichier/core';
import { ApiHostConfirmations, CONFIRMED_HOSTS_ENV } from '../../src/apiHosts';
import { accountSnapshot } from '../../src/statusBar';
import type { StorageNode } from '../../src/tree/nodes';
import { FakeMemento, ui, workspaceSettings } from '../fakes/vscode';
import { seedFile, startHarness, type Harness } from './harness';

/** A server that answers every request and counts those carrying an Authorization header. */
async function startCaptureServer(): Promise<{ baseUrl: string; withKey: string[]; stop(): Promise<void> }> {
  const withKey: string[] = [];
  const server = http.createServer((req, res) => {
    if (req.headers.authorization) withKey.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"OK"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    withKey,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let h: Harness | undefined;
let capture: Awaited<ReturnType<typeof startCaptureServer>> | undefined;
afterEach(async () => {
  await h?.stop();
  await capture?.stop();
  h = undefined;
  capture = undefined;
});

const labels = (nodes: unknown[]) =>
  nodes.map((n) => (n as { name?: string; file?: { filename: string } }).file?.filename ?? (n as { name?: string }).name);

test("a workspace's onefichier.apiBaseUrl is ignored: the tree and the account status call the user's API, never the workspace's host", async () => {
  capture = await startCaptureServer();
  h = await startHarness();
  await seedFile(h, 'mine.txt', 'mine');
  // A cloned repository's .vscode/settings.json.
  workspaceSettings.set('onefichier.apiBaseUrl', capture.baseUrl);
  await h.services.keys.set(h.sandbox.premiumKey);
  expect(labels(await h.services.tree.getChildren())).toEqual(['mine.txt']);
  const account = await accountSnapshot(h.services, 0);
  expect(account.info.offer).toBeDefined();
  // The language server gets the user's base URL too, with the key.
  expect(await h.services.api.languageServerAccess()).toEqual({ apiKey: h.sandbox.premiumKey, apiBaseUrl: h.sandbox.apiBaseUrl });
  expect(capture.withKey).toEqual([]);
});

/** Every API request the sandbox has answered so far. */
function sandboxRequests(harness: Harness): number {
  return Object.values(harness.sandbox.state().counters.requests as Record<string, number>).reduce((sum, n) => sum + n, 0);
}

test('the key goes to a host other than the real service only after the user confirms it, remembered for the profile', async () => {
  h = await startHarness({ confirmHost: false });
  await seedFile(h, 'mine.txt', 'mine');
  const seeded = sandboxRequests(h);
  const host = new URL(h.sandbox.apiBaseUrl).origin;
  const question = `Send your 1fichier API key to ${host}?`;
  await h.services.keys.set(h.sandbox.premiumKey);

  // The user closes the dialog: nothing is sent, and the tree says why and what to do.
  ui.messageButtons.push(undefined);
  const [message] = await h.services.tree.getChildren();
  expect(message).toMatchObject({ type: 'message' });
  expect((message as { text: string }).text).toContain(`Your API key was not sent to ${host}`);
  const item = h.services.tree.getTreeItem(message as StorageNode);
  expect(item.command?.command).toBe('onefichier.confirmApiHost');
  expect(ui.messages.find((m) => m.level === 'error')?.buttons).toContain('Confirm API Host');
  expect(ui.messages.filter((m) => m.text === question)).toMatchObject([{ level: 'warning', buttons: ['Send Key'] }]);
  // Automatic calls do not ask again in this window, and the language server gets no key.
  await accountSnapshot(h.services, 0).catch(() => undefined);
  expect(ui.messages.filter((m) => m.text === question)).toHaveLength(1);
  expect(await h.services.api.languageServerAccess()).toEqual({ apiBaseUrl: DEFAULT_BASE_URL });
  expect(sandboxRequests(h)).toBe(seeded);

  // "Confirm API Host" asks again; sending loads the tree.
  ui.messageButtons.push('Send Key');
  expect(await vscode.commands.executeCommand('onefichier.confirmApiHost')).toBe(true);
  expect(labels(await h.services.tree.getChildren())).toEqual(['mine.txt']);
  expect(await h.services.api.languageServerAccess()).toEqual({ apiKey: h.sandbox.premiumKey, apiBaseUrl: h.sandbox.apiBaseUrl });

  // Another window of the profile knows the host: no dialog (none is scripted: one would fail the listing).
  const second = h.secondWindow();
  expect(labels(await second.tree.getChildren())).toEqual(['mine.txt']);
  expect(ui.messages.filter((m) => m.text === question)).toHaveLength(2);
});

test('the real service needs no confirmation; another host, scheme or port does, unless the environment that started VS Code confirms it', () => {
  const hosts = new ApiHostConfirmations(new FakeMemento() as unknown as vscode.Memento, {
    [CONFIRMED_HOSTS_ENV]: 'http://127.0.0.1:3737/v1, not-a-url',
  });
  expect(hosts.isConfirmed(DEFAULT_BASE_URL)).toBe(true);
  expect(hosts.isConfirmed('https://API.1fichier.com:443/v2')).toBe(true);
  expect(hosts.isConfirmed('https://api.1fichier.com.example.net/v1')).toBe(false);
  expect(hosts.isConfirmed('http://api.1fichier.com/v1')).toBe(false);
  expect(hosts.isConfirmed('http://127.0.0.1:3737/v1')).toBe(true);
  expect(hosts.isConfirmed('http://127.0.0.1:3738/v1')).toBe(false);
  expect(hosts.isConfirmed('https://127.0.0.1:3737/v1')).toBe(false);
});

test('package.json keeps onefichier.apiBaseUrl out of workspace settings, and out of Restricted Mode', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
  expect(manifest.contributes.configuration.properties['onefichier.apiBaseUrl'].scope).toBe('application');
  expect(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations).toContain('onefichier.apiBaseUrl');
});
