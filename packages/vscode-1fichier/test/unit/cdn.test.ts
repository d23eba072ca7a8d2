/**
 * get_token's data-centre refusal ("must have CDN", docs/api-notes.md#download-tokens-and-range) and the
 * setting that answers it, onefichier.useCdnCredits: the notification names the setting; only the user's own
 * value turns the CDN on (a workspace must not spend the account's credits); on, the link is given.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { settings, ui, workspaceSettings } from '../fakes/vscode';
import { seedFile, startHarness, type Harness } from './harness';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

test('a data-centre refusal names onefichier.useCdnCredits; a workspace cannot turn it on; the user can, and gets the link', async () => {
  h = await startHarness({ sandbox: { faults: { tokenCdnRequired: 10 } } });
  await h.services.keys.set(h.sandbox.premiumKey);
  const url = await seedFile(h, 'film.bin', 'frames');
  const tokens = () => h!.sandbox.state().counters.requests['download/get_token.cgi'] ?? 0;

  await vscode.commands.executeCommand('onefichier.copyDirectLink', url);
  expect(ui.messages.at(-1)?.text).toMatch(/must have CDN.*turn on the setting onefichier\.useCdnCredits/);
  expect(ui.messages.at(-1)?.buttons).toEqual(['Open Settings', 'Show Log']);
  expect(tokens()).toBe(1);

  // A cloned repository's .vscode/settings.json.
  workspaceSettings.set('onefichier.useCdnCredits', true);
  await vscode.commands.executeCommand('onefichier.copyDirectLink', url);
  expect(ui.messages.at(-1)?.text).toMatch(/onefichier\.useCdnCredits/);
  expect(tokens()).toBe(2);

  settings.set('onefichier.useCdnCredits', true);
  await vscode.commands.executeCommand('onefichier.copyDirectLink', url);
  expect(ui.clipboard.startsWith(h.sandbox.downloadBaseUrl)).toBe(true);
  expect(await (await fetch(ui.clipboard)).text()).toBe('frames');
});

test('package.json declares onefichier.useCdnCredits off by default, from the user settings only', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
  const declared: unknown = manifest.contributes.configuration.properties['onefichier.useCdnCredits'];
  expect(declared).toMatchObject({ type: 'boolean', default: false, scope: 'application' });
});
