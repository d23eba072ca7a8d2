/** The account status: user/info.cgi within its budget, shared by every window of the profile. */
import * as vscode from 'vscode';
import { OneFichierClient } from '@onefichier/core';
import { AccountStatus, accountSnapshot, describeAccount, timeOfDay } from '../../src/statusBar';
import { ui } from '../fakes/vscode';
import { eventually, localFile, seedFile, startHarness, type Harness } from './harness';

let h: Harness;
afterEach(async () => {
  jest.restoreAllMocks();
  await h?.stop();
});

test('describeAccount names the offer and the storage used', () => {
  const base = {
    email: 'a@b.c',
    subscriptionEnd: '',
    cdn: 0,
    useCdn: 0,
    uploadForbidden: false,
    coldStorage: 0,
    availableColdStorage: 0,
    allowedColdStorage: 0,
    hotStorage: 0,
    availableStorage: 0,
    overquota: 0,
    defaultDomain: 0,
    raw: {},
  };
  // Decimal units, as the core's formatSize shows sizes everywhere (a 300 GB limit is 300e9 bytes).
  expect(describeAccount({ ...base, offer: 1, coldStorage: 1536, availableColdStorage: 1e9 })).toEqual({
    offer: 'Premium',
    storage: '1.5 kB of 1.0 GB used',
  });
  expect(describeAccount({ ...base, offer: '2', cdn: '12' })).toEqual({ offer: 'Access', storage: '0 bytes used', cdn: '12' });
});

test('account info is asked once and reused by a second window and by Show Account', async () => {
  h = await startHarness();
  await h.services.keys.set(h.sandbox.premiumKey);
  const calls = jest.spyOn(OneFichierClient.prototype, 'getAccountInfo');
  const first = await accountSnapshot(h.services, 10 * 60_000);
  expect(first.info.offer).toBeDefined();
  // Another window of the same profile: same globalState, its own client.
  const again = await accountSnapshot({ ...h.services }, 10 * 60_000);
  expect(again).toEqual(first);
  await vscode.commands.executeCommand('onefichier.showAccount');
  expect(calls).toHaveBeenCalledTimes(1);
  expect(ui.messages.at(-1)?.text).toMatch(/^1fichier Premium account .*: .* used as of \d\d:\d\d/);
  // Stored per account: a hash of the key, never the key.
  expect(
    JSON.stringify((h.services.context.globalState as unknown as { get(k: string): unknown }).get('onefichier.accountInfo')),
  ).not.toContain(h.sandbox.premiumKey);
  // Another key does not see the first account's answer.
  await h.services.keys.set(h.sandbox.freeKey);
  await accountSnapshot(h.services, 10 * 60_000).catch(() => undefined);
  expect(calls).toHaveBeenCalledTimes(2);
});

test('the status bar shows offer and storage, and gives up at once on a flood lock instead of waiting it out', async () => {
  // The documented profile enforces user/info's budget (the sandbox's default profile only counts it).
  h = await startHarness({
    sandbox: { profile: 'documented', limits: { endpointBudgets: true, userInfoUserWindowMs: 300_000, lockMs: 60_000 } },
  });
  await h.services.keys.set(h.sandbox.premiumKey);
  await h.services.tree.getChildren(); // the first load starts the status item
  await eventually(() => /Premium/.test(ui.statusItems[0]?.text ?? ''), 'the status item shows the account');
  const item = ui.statusItems[0];
  expect(item?.visible).toBe(true);
  expect(item?.text).toMatch(/^\$\(cloud\) 1fichier Premium · /);

  // Another profile on the same account (its own cache) asks again within user/info's 5-minute budget.
  await (h.services.context.globalState as unknown as { update(k: string, v: unknown): Promise<void> }).update(
    'onefichier.accountInfo',
    undefined,
  );
  const status = new AccountStatus(h.services);
  status.start();
  await eventually(
    () => ui.logLines.some((l) => /account info: skipped: 1fichier reported a flood lock/.test(l)),
    'the flood lock is logged',
  );
  const second = ui.statusItems.at(-1);
  expect(second?.text).toBe('$(warning) 1fichier');
  status.dispose();
});

test('after a key change the status bar shows the new account, not the old one', async () => {
  h = await startHarness();
  await h.services.keys.set(h.sandbox.premiumKey);
  await h.services.tree.getChildren();
  await eventually(() => /Premium/.test(ui.statusItems[0]?.text ?? ''), 'the status item shows the premium account');
  const item = ui.statusItems[0]!;
  await h.services.keys.set(h.sandbox.freeKey);
  await h.services.tree.getChildren();
  await eventually(() => /^\$\(cloud\) 1fichier /.test(item.text) && !/Premium/.test(item.text), 'the status item shows the free account');
});

test('the status says how old its numbers are, and counts the uploads and deletes made here without asking 1fichier again', async () => {
  h = await startHarness();
  await h.services.keys.set(h.sandbox.premiumKey);
  const kept = await seedFile(h, 'kept.txt', 'x'.repeat(1000));
  await seedFile(h, 'gone.txt', 'y'.repeat(400));
  await h.services.tree.getChildren(); // the first load starts the status item
  await eventually(() => (ui.statusItems[0]?.tooltip ?? '').includes('kB of'), 'the status item shows the storage');
  const item = ui.statusItems[0]!;
  const at = (h.services.context.globalState as unknown as { get(k: string): { at: number } }).get('onefichier.accountInfo').at;
  expect(item.tooltip).toContain(`1.4 kB of`);
  expect(item.tooltip).toContain(`as of ${timeOfDay(at)}`);
  const calls = jest.spyOn(OneFichierClient.prototype, 'getAccountInfo');

  ui.openDialogs.push([vscode.Uri.file(localFile(h.tmp, 'new.bin', Buffer.alloc(2000)))]);
  await vscode.commands.executeCommand('onefichier.uploadHere', h.services.storage.root);
  // The upload queue reports each batch through a callback; its count lands a moment later.
  await eventually(() => /· 3\.4 kB of /.test(item.text), 'the upload is counted');
  const gone = (await h.services.tree.getChildren()).find((n) => n.type === 'file' && n.file.filename === 'gone.txt');
  ui.messageButtons.push('Delete');
  await vscode.commands.executeCommand('onefichier.delete', gone);
  expect(item.text).toMatch(/· 3\.0 kB of /);
  expect(item.tooltip).toContain(`3.0 kB of`);
  expect(item.tooltip).toContain(`as of ${timeOfDay(at)}, with the uploads and deletes made here since`);
  await vscode.commands.executeCommand('onefichier.showAccount');
  expect(ui.messages.at(-1)?.text).toMatch(/3\.0 kB of .* used as of \d\d:\d\d, with the uploads and deletes made here since/);
  expect(calls).not.toHaveBeenCalled();
  expect(h.sandbox.state().files.map((f) => f.url)).toContain(kept);
});

test('deleting a folder never opened here is not guessed: the status says a change is not counted yet', async () => {
  h = await startHarness();
  await h.services.keys.set(h.sandbox.premiumKey);
  const { folderId } = await h.seed.createFolder('Unopened', 0);
  await seedFile(h, 'inside.txt', 'z'.repeat(500), folderId);
  await h.services.tree.getChildren();
  await eventually(() => /Premium/.test(ui.statusItems[0]?.text ?? ''), 'the status item shows the account');
  const item = ui.statusItems[0]!;
  const before = item.text;
  const folder = (await h.services.tree.getChildren()).find((n) => n.type === 'folder' && n.name === 'Unopened');
  ui.messageButtons.push('Delete');
  await vscode.commands.executeCommand('onefichier.delete', folder);
  expect(item.text).toBe(before);
  expect(item.tooltip).toContain('one change of unknown size not counted yet');
});
