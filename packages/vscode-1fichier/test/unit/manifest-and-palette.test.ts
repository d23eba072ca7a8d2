/**
 * What a newcomer meets in the settings and the palette: every setting is found by a
 * "1fichier" search, the Reserved Names description renders, and Download Folder... works from the palette.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ui } from '../fakes/vscode';
import { readManifest } from '../manifest';
import { seedFile, startHarness, type Harness } from './harness';

const manifest = readManifest();
const properties: Record<string, { description?: string; markdownDescription?: string }> = manifest.contributes.configuration.properties;

test('the settings are grouped under "1fichier", and a "1fichier" search finds every one (VS Code searches the descriptions)', () => {
  expect(manifest.contributes.configuration.title).toBe('1fichier');
  const missing = Object.entries(properties)
    .filter(([, p]) => !/1fichier/i.test(p.markdownDescription ?? p.description ?? ''))
    .map(([key]) => key);
  expect(missing).toEqual([]);
});

/** The code spans of a Markdown text as CommonMark reads them: a run of n backticks ends at the next run of exactly n. */
function codeSpans(markdown: string): string[] {
  const spans: string[] = [];
  let rest = markdown;
  for (let open = rest.match(/`+/); open; open = rest.match(/`+/)) {
    const after = rest.slice(open.index! + open[0].length);
    const close = after.search(new RegExp(`(?<!\`)${open[0]}(?!\`)`));
    if (close < 0) break;
    const content = after.slice(0, close);
    spans.push(/^ .* $/.test(content) ? content.slice(1, -1) : content);
    rest = after.slice(close + open[0].length);
  }
  return spans;
}

test('the Markdown descriptions keep their prose out of code spans (Reserved Names used to swallow a sentence)', () => {
  for (const [key, p] of Object.entries(properties)) {
    const swallowed = codeSpans(p.markdownDescription ?? '').filter((span) => /\b(and|the|or)\b/.test(span));
    expect({ key, swallowed }).toEqual({ key, swallowed: [] });
  }
  expect(codeSpans(properties['onefichier.reservedNames']!.markdownDescription!)[0]).toBe('\\ < > " \' $ `');
});

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

test('Download Folder... is in the palette; run from there with nothing selected, it asks which folder', async () => {
  const hidden = (manifest.contributes.menus.commandPalette as { command: string; when: string }[]).filter(
    (m) => m.command === 'onefichier.downloadFolder' && m.when === 'false',
  );
  expect(hidden).toEqual([]);
  h = await startHarness();
  await h.services.keys.set(h.sandbox.premiumKey);
  const docs = await h.seed.createFolder('Docs', 0);
  await seedFile(h, 'a.txt', 'alpha', docs.folderId);
  // The folder picker: open Docs, then choose it.
  ui.quickPicks.push((items: { label: string }[]) => items.find((i) => i.label.includes('Docs')));
  ui.quickPicks.push((items: { label: string }[]) => items.find((i) => i.label.startsWith('$(check) Choose /Docs')));
  const dest = path.join(h.tmp, 'here');
  fs.mkdirSync(dest);
  ui.openDialogs.push([vscode.Uri.file(dest)]);
  await vscode.commands.executeCommand('onefichier.downloadFolder');
  expect(fs.readFileSync(path.join(dest, 'Docs', 'a.txt'), 'utf8')).toBe('alpha');
});
