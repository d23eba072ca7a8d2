/**
 * The extension with VS Code in French (issue 27): the scripted UI sees the French bundle's sentences,
 * sizes in "Mo"/"octets", French plurals (0 and 1 singular), and errors in the core's French texts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { env, l10n, ui } from '../fakes/vscode';
import { localFile, type Harness, startConnectedHarness, type SyncPreviewItem } from './harness';

const NNBSP = '\u202f';
const NBSP = '\u00a0';
const french = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'l10n', 'bundle.l10n.fr.json'), 'utf8')) as Record<
  string,
  string
>;

let h: Harness;
beforeEach(() => {
  env.language = 'fr';
  l10n.bundle = french;
});
afterEach(async () => {
  env.language = 'en';
  l10n.bundle = {};
  await h?.stop();
});

test('the sync preview and its result read in French, sizes in octets, 0 counted as singular', async () => {
  h = await startConnectedHarness();
  localFile(h.tmp, 'facture/facture d’août 2026.pdf', 'x'.repeat(1500));
  await h.services.tree.getChildren();
  let preview: SyncPreviewItem[] = [];
  let placeHolder = '';
  ui.quickPicks.push((items: SyncPreviewItem[]) => items.find((i) => i.action === 'choose'));
  ui.quickPicks.push((items: SyncPreviewItem[]) => items.find((i) => i.mirror === false));
  ui.quickPicks.push((items: SyncPreviewItem[], options: { placeHolder?: string } = {}) => {
    preview = items;
    placeHolder = options.placeHolder ?? '';
    return items.find((i) => i.action === 'sync');
  });
  await vscode.commands.executeCommand('onefichier.syncFolder', vscode.Uri.file(path.join(h.tmp, 'facture')));
  expect(preview[0]?.label).toBe('$(check) Synchroniser maintenant');
  expect(preview[0]?.description).toBe(`1 à envoyer, 0 à remplacer${NNBSP}; 0 inchangé (1,5${NBSP}ko à envoyer)`);
  expect(preview.find((i) => i.label === 'À envoyer (1)')).toBeDefined();
  expect(preview.find((i) => i.label.startsWith('$(add)'))?.description).toBe(`1,5${NBSP}ko`);
  if (placeHolder) expect(placeHolder).toContain('Synchroniser maintenant');
  expect(ui.messages.at(-1)?.text).toBe(`Synchronisé vers /facture. Envoyés${NNBSP}: 1, remplacés${NNBSP}: 0, inchangés${NNBSP}: 0.`);
  // The progress notification follows the core's events in French, not their English log messages.
  const steps = ui.progress.map((p) => p.message ?? '');
  expect(steps).toContain('facture d’août 2026.pdf envoyé');
  expect(steps.filter((m) => /Uploading|Uploaded|Listed|Comparing|waiting/.test(m))).toEqual([]);
});

test('an error of the core shows its French text and what to do, the English message stays for the log', async () => {
  h = await startConnectedHarness();
  await vscode.commands.executeCommand('onefichier.copyDirectLink', 'https://1fichier.com/?doesnotexist1');
  const text = ui.messages.at(-1)?.text ?? '';
  expect(text.startsWith(`Échec de la copie du lien de téléchargement direct${NNBSP}: `)).toBe(true);
  expect(text).toMatch(/introuvable|refusé|Vérifiez/);
  expect(text).not.toMatch(/\bfailed\b|Check the/);
});

test('an upload says in French why it skipped a file, and its progress counts in Mo and octets', async () => {
  h = await startConnectedHarness();
  localFile(h.tmp, 'envoi/vide.txt', '');
  localFile(h.tmp, 'envoi/facture d’août.pdf', 'x'.repeat(2500));
  await h.services.tree.getChildren();
  ui.openDialogs.push([vscode.Uri.file(path.join(h.tmp, 'envoi'))]);
  await vscode.commands.executeCommand('onefichier.uploadHere', h.services.storage.root);
  const text = ui.messages.at(-1)?.text ?? '';
  expect(text).toContain(`vide.txt (1fichier ne stocke pas les fichiers vides (0${NBSP}octet))`);
  expect(text).not.toMatch(/does not store/);
  expect(ui.progress.some((p) => p.message === `facture d’août.pdf (1/1) · 2,5${NBSP}ko sur 2,5${NBSP}ko`)).toBe(true);
});
