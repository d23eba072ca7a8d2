/**
 * Two windows of one profile: 1fichier allows one listing per folder per 30 s and locks the IP beyond, so
 * a second window must reuse the first one's listing (including the first window's own changes) instead
 * of listing again; a Refresh waits for the budget rather than flooding.
 */
import type { FileNode } from '../../src/tree/nodes';
import { ui } from '../fakes/vscode';
import { localFile, seedFile, startHarness, type Harness } from './harness';

let h: Harness;
afterEach(async () => h?.stop());

test("a second window reuses the first window's listing, patched after an upload, and the IP is never locked", async () => {
  // The documented profile enforces the listing budget (the sandbox's default profile only counts it).
  h = await startHarness({
    sandbox: { profile: 'documented', limits: { endpointBudgets: true, folderListWindowMs: 30_000, lockMs: 60_000 } },
  });
  await seedFile(h, 'first.txt', 'one');
  await h.services.keys.set(h.sandbox.premiumKey);
  const names = (nodes: unknown[]) => (nodes as FileNode[]).map((n) => n.file?.filename).sort();
  expect(names(await h.services.tree.getChildren())).toEqual(['first.txt']);

  // The first window uploads: its tree is patched, and so is the listing it shares.
  const file = localFile(h.tmp, 'second.txt', 'two');
  const source = await h.services.api.getBackend().localFileSource(file, 'second.txt');
  const outcome = await h.services.uploads.run(
    { target: { id: 0, path: '/' }, items: [{ source, relativeDir: [], localPath: file }], ifExists: 'keepBoth' },
    { report: () => undefined },
    new AbortController().signal,
  );
  expect(outcome.status).toBe('done');

  const other = h.secondWindow();
  expect(names(await other.tree.getChildren())).toEqual(['first.txt', 'second.txt']);
  expect(h.sandbox.state().lockedIps).toEqual({});
  expect(ui.messages.filter((m) => m.level === 'error')).toEqual([]);
});
