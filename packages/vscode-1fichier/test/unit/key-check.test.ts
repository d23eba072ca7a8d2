/** Set API Key checks the key when it is entered, against the sandbox. */
import * as vscode from 'vscode';
import { ui } from '../fakes/vscode';
import { startHarness, type Harness } from './harness';

let h: Harness;
afterEach(async () => h?.stop());

test('a key 1fichier knows: "Key accepted: Premium account <email>", kept in secret storage', async () => {
  h = await startHarness();
  ui.inputBoxes.push(h.sandbox.premiumKey);
  expect(await vscode.commands.executeCommand('onefichier.setApiKey')).toBe(true);
  const shown = ui.messages.find((m) => m.level === 'info');
  expect(shown?.text).toMatch(/^Key accepted: Premium account \S+@\S+\. It is kept in VS Code's secret storage\.$/);
  expect(h.secrets.has('onefichier.apiKey')).toBe(true);
  expect(ui.allText()).not.toContain(h.sandbox.premiumKey);
});

test('a key 1fichier does not know is not saved, the one before stays, and Set API Key is offered', async () => {
  h = await startHarness();
  await h.services.keys.set(h.sandbox.premiumKey);
  const wrong = 'WrongKey0123456789abcdefABCDEF42';
  ui.inputBoxes.push(wrong);
  expect(await vscode.commands.executeCommand('onefichier.setApiKey')).toBe(false);
  const shown = ui.messages.find((m) => m.level === 'error');
  expect(shown?.text).toMatch(/^1fichier does not know this key, so it was not saved\./);
  expect(shown?.buttons).toEqual(['Set API Key']);
  expect((await h.services.keys.get())?.key).toBe(h.sandbox.premiumKey);
  expect(ui.allText()).not.toContain(wrong);
});

test('a refused first key leaves no key at all (the welcome view shows again)', async () => {
  h = await startHarness();
  ui.inputBoxes.push('WrongKey0123456789abcdefABCDEF43');
  expect(await vscode.commands.executeCommand('onefichier.setApiKey')).toBe(false);
  expect(h.secrets.has('onefichier.apiKey')).toBe(false);
  expect(ui.context.get('onefichier.hasApiKey')).toBe(false);
});
