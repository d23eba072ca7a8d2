#!/usr/bin/env node
// The VS Code extension in French, end to end: code-server started with `--locale fr`, the
// packed .vsix, the local sandbox as 1fichier, Debian's chromium driven by playwright-core. The main path
// in French: set the key through the welcome view, browse, upload `facture d'août 2026.pdf` from the
// explorer, copy its link, sync a folder through its preview, meet one error. Each step checks French text
// on screen, and no visible text may be one of the English sentences of the extension's bundles
// (l10n/bundle.l10n.json, package.nls.json) that French translates differently.
//
// code-server's `--locale fr` alone leaves `vscode.env.language` at "en"; lib.mjs's startCodeServer registers
// a stand-in language pack so the extension loads bundle.l10n.fr.json and package.nls.fr.json (VS Code's own
// menus stay English: no real pack can be downloaded here).
//
// Screenshots go to test-artifacts/vscode-fr/. Reports through scripts/lib/checks.mjs.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChecks } from '../../../scripts/lib/checks.mjs';
import { codeServerEntry } from '../../../scripts/lib/vscode.mjs';
import { until } from '../../../scripts/lib/wait.mjs';
import { api, extensionDir, launchBrowser, log, root, seedUpload, startCodeServer, startSandbox } from './lib.mjs';

const artifacts = join(root, 'test-artifacts', 'vscode-fr');
const INVOICE = "facture d'août 2026.pdf";
/** The invoice as 1fichier stores it: the reserved ' becomes its look-alike ＇ (onefichier.reservedNames "encode"). */
const isInvoice = (f) => f.filename === INVOICE.replace("'", '\uff07');
const NNBSP = '\u202f';

let page;
const { check: step, finish } = createChecks({
  stage: 'e2e-vscode-fr',
  timed: true,
  write: log,
  stopAfterFailure: true,
  onFailure: async (_name, index) => {
    await page?.screenshot({ path: join(artifacts, `failure-${index}.png`) }).catch(() => undefined);
  },
});

function run(cmd, args) {
  const res = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${res.status}\n${(res.stderr ?? '').slice(-2000)}`);
}

/**
 * The English sentences of the extension that French words differently, cut at their placeholders into
 * pieces long enough to be telling (a short piece such as "Open" is also a word of VS Code's own UI).
 */
function englishPieces() {
  const pairs = [
    [join(extensionDir, 'l10n', 'bundle.l10n.json'), join(extensionDir, 'l10n', 'bundle.l10n.fr.json')],
    [join(extensionDir, 'package.nls.json'), join(extensionDir, 'package.nls.fr.json')],
  ];
  const pieces = new Set();
  for (const [en, fr] of pairs) {
    const english = JSON.parse(readFileSync(en, 'utf8'));
    const french = JSON.parse(readFileSync(fr, 'utf8'));
    for (const [key, value] of Object.entries(english)) {
      const text = typeof value === 'string' ? value : value.message;
      if (french[key] === text) continue;
      for (const piece of text.split(/\{\w+\}|\n|\[[^\]]*\]\([^)]*\)/)) if (piece.trim().length >= 14) pieces.add(piece.trim());
    }
  }
  return [...pieces];
}

const storageView = () => page.locator('[id="workbench.view.extension.onefichier"]');
const explorerView = () => page.locator('[id="workbench.view.explorer"]');
const rowIn = (view, label) => view.locator(`.monaco-list-row[aria-label^="${label}"]`).first();
const quickRow = (text) => page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
const toast = (text) => page.locator('.notifications-toasts', { hasText: text });

async function showStorage() {
  await page.locator('.activitybar [aria-label^="1fichier"]').first().click();
  await storageView().waitFor({ state: 'visible', timeout: 15_000 });
}

async function showExplorer() {
  await page.keyboard.press('Control+Shift+E');
  await explorerView().waitFor({ state: 'visible', timeout: 15_000 });
}

/** Right-clicks `target` and runs the menu item `label` (retried: a late toast can steal the first click). */
async function runContextMenu(target, label) {
  for (let attempt = 1; attempt <= 3; attempt++) {
    await target.waitFor({ state: 'visible', timeout: 15_000 });
    await target.click({ button: 'right' });
    const item = page.locator('.monaco-menu .action-item:not(.disabled) .action-label', { hasText: label }).first();
    try {
      await item.waitFor({ state: 'visible', timeout: 10_000 });
      await item.hover({ timeout: 2000 }).catch(() => undefined);
      await item.click({ timeout: 2000 });
      await page.locator('.monaco-menu').first().waitFor({ state: 'hidden', timeout: 3000 });
      return;
    } catch {
      await page.keyboard.press('Escape');
    }
  }
  throw new Error(`the context menu item "${label}" could not be run`);
}

/** Picks a quick pick row by its text: typed into the filter, then Enter. */
async function pickQuick(text) {
  await quickRow(text).waitFor({ timeout: 30_000 });
  await quickRow(text).click();
}

/** The visible text of the page must hold none of the English sentences French translates. */
async function noEnglish(pieces, where) {
  const visible = await page.locator('body').innerText();
  const found = pieces.filter((p) => visible.includes(p));
  if (found.length > 0) throw new Error(`English text visible ${where}: ${found.map((f) => `"${f}"`).join(', ')}`);
}

async function main() {
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  if (!codeServerEntry()) run(process.execPath, [join(root, 'scripts', 'install-code-server.mjs')]);
  log('building the sandbox, packing the extension');
  run('pnpm', ['--filter', '@onefichier/sandbox', 'run', 'build']);
  run('pnpm', ['--filter', 'vscode-1fichier', 'run', 'package']);
  const vsix = join(extensionDir, 'dist', 'vscode-1fichier.vsix');
  const pieces = englishPieces();

  const { sandbox } = await startSandbox();
  const factures = await api(sandbox, 'folder/mkdir.cgi', { name: 'Factures', folder_id: 0 });
  await seedUpload(sandbox, factures.folder_id, 'devis.txt', 'Devis n° 12\n');
  const workspace = mkdtempSync(join(tmpdir(), 'e2e-vscode-fr-workspace-'));
  writeFileSync(join(workspace, INVOICE), Buffer.alloc(1_500_000, 1));
  mkdirSync(join(workspace, 'sauvegarde'), { recursive: true });
  writeFileSync(join(workspace, 'sauvegarde', 'notes.md'), '# Notes\n');
  writeFileSync(join(workspace, 'sauvegarde', 'tableau.csv'), 'id,valeur\n1,42\n');

  const codeServer = await startCodeServer({ vsix, workspace, settings: { 'onefichier.apiBaseUrl': sandbox.apiBaseUrl }, locale: 'fr' });
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 860 }, locale: 'fr-FR' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: codeServer.url });
    page = await context.newPage();

    await step('VS Code starts in French with the extension: its view is « Stockage » and the welcome reads French', async () => {
      await page.goto(`${codeServer.url}/?folder=${encodeURIComponent(workspace)}`);
      await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
      await page.locator('.activitybar [aria-label^="1fichier"]').first().waitFor({ timeout: 60_000 });
      await showStorage();
      await page.getByRole('button', { name: 'Définir la clé API' }).waitFor({ timeout: 60_000 });
      // The view's name (package.nls.fr.json); its header is hidden while it is the container's only view.
      await page.locator('.pane-header[aria-label^="Stockage"]').first().waitFor({ state: 'attached', timeout: 10_000 });
      await page.getByText('Connectez votre compte 1fichier').first().waitFor({ timeout: 10_000 });
      await page.screenshot({ path: join(artifacts, '01-accueil.png') });
      await noEnglish(pieces, 'in the welcome view');
    });

    await step('« Définir la clé API » asks in French, confirms the host in French, and the tree fills', async () => {
      await page.getByRole('button', { name: 'Définir la clé API' }).click();
      const input = page.locator('.quick-input-widget input').first();
      await input.waitFor({ timeout: 15_000 });
      await page.locator('.quick-input-widget', { hasText: 'Clé API 1fichier' }).waitFor({ timeout: 10_000 });
      await input.fill(sandbox.premiumKey);
      await input.press('Enter');
      const dialog = page.locator('.monaco-dialog-box', {
        hasText: `Envoyer votre clé API 1fichier à ${new URL(sandbox.apiBaseUrl).origin}${NNBSP}?`,
      });
      await dialog.waitFor({ timeout: 30_000 });
      await page.screenshot({ path: join(artifacts, '02-confirmer-hote.png') });
      await noEnglish(pieces, 'in the host confirmation');
      await dialog.getByRole('button', { name: 'Envoyer la clé' }).click();
      await toast('Clé acceptée').waitFor({ timeout: 30_000 });
      await rowIn(storageView(), 'Factures').waitFor({ timeout: 30_000 });
    });

    await step('browsing: a folder opens and lists its file', async () => {
      await rowIn(storageView(), 'Factures').click();
      await rowIn(storageView(), 'devis.txt').waitFor({ timeout: 30_000 });
      await page.screenshot({ path: join(artifacts, '03-parcourir.png') });
      await noEnglish(pieces, 'in the tree');
    });

    await step(`« Envoyer vers 1fichier... » from the explorer uploads « ${INVOICE} » through a French folder picker`, async () => {
      await showExplorer();
      await runContextMenu(rowIn(explorerView(), INVOICE), 'Envoyer vers 1fichier...');
      await page.locator('.quick-input-widget', { hasText: `Envoyer «\u00a0${INVOICE}\u00a0» vers...` }).waitFor({ timeout: 15_000 });
      await quickRow('Choisir /Factures').waitFor({ timeout: 30_000 });
      await page.screenshot({ path: join(artifacts, '04-choisir-dossier.png') });
      await noEnglish(pieces, 'in the folder picker');
      await pickQuick('Choisir /Factures');
      await until('the invoice to reach the sandbox', async () => sandbox.state().files.some(isInvoice), {
        timeoutMs: 60_000,
      });
      const stored = sandbox.state().files.find(isInvoice);
      if (stored.folderId !== factures.folder_id) throw new Error(`the invoice is in folder ${stored.folderId}, not Factures`);
      await toast(`«\u00a0${INVOICE}\u00a0» envoyé vers /Factures.`).waitFor({ timeout: 30_000 });
      await page.screenshot({ path: join(artifacts, '04b-envoye.png') });
      await noEnglish(pieces, 'after the upload');
      await showStorage();
      await rowIn(storageView(), INVOICE).waitFor({ timeout: 30_000 });
    });

    await step('« Copier le lien » copies the link and says so in French', async () => {
      const url = sandbox.state().files.find(isInvoice).url;
      await runContextMenu(rowIn(storageView(), INVOICE), 'Copier le lien');
      await page.locator('.statusbar', { hasText: `Copié${NNBSP}: ${url}` }).waitFor({ timeout: 15_000 });
      await page.screenshot({ path: join(artifacts, '05-lien-copie.png') });
    });

    await step('« Synchroniser un dossier vers 1fichier... » shows its preview in French, then syncs', async () => {
      await showExplorer();
      await runContextMenu(rowIn(explorerView(), 'sauvegarde'), 'Synchroniser un dossier vers 1fichier...');
      await pickQuick('Choisir /');
      await pickQuick('Envoyer les fichiers nouveaux et modifiés');
      await quickRow('Synchroniser maintenant').waitFor({ timeout: 90_000 });
      await quickRow('À envoyer (2)').waitFor({ timeout: 10_000 });
      await page
        .locator('.quick-input-widget', { hasText: `2 à envoyer, 0 à remplacer${NNBSP}; 0 inchangé` })
        .first()
        .waitFor({ timeout: 10_000 });
      await page.screenshot({ path: join(artifacts, '06-apercu-synchro.png') });
      await noEnglish(pieces, 'in the sync preview');
      await pickQuick('Synchroniser maintenant');
      await toast('Synchronisé vers /sauvegarde').waitFor({ timeout: 90_000 });
      await page.screenshot({ path: join(artifacts, '07-synchro-faite.png') });
      await noEnglish(pieces, 'after the sync');
    });

    await step('an error reads in French: 1fichier refusing a direct link from a data-centre address', async () => {
      // The refusal the live service gives from data-centre and VPN addresses (docs/api-notes.md).
      sandbox.setFaults({ tokenCdnRequired: 1 });
      await showStorage();
      await runContextMenu(rowIn(storageView(), 'devis.txt'), 'Copier le lien de téléchargement direct');
      await toast('Échec de la copie du lien de téléchargement direct').waitFor({ timeout: 30_000 });
      await toast('1fichier refuse les téléchargements Premium').waitFor({ timeout: 5_000 });
      await page.screenshot({ path: join(artifacts, '08-erreur.png') });
      await noEnglish(pieces, 'in the error notification');
    });

    await step('the tree writes sizes as 1fichier does in French (« Mo », « octets »)', async () => {
      await rowIn(storageView(), INVOICE).waitFor({ timeout: 10_000 });
      const invoice = await rowIn(storageView(), INVOICE).textContent();
      if (!/1,5\u00a0Mo/.test(invoice ?? '')) throw new Error(`the invoice's row reads "${invoice}", not 1,5 Mo`);
      const devis = await rowIn(storageView(), 'devis.txt').textContent();
      if (!/\d+\u00a0octets · \d\d\/\d\d\/\d{4}/.test(devis ?? ''))
        throw new Error(`the file's row reads "${devis}", not octets and a French date`);
    });
  } finally {
    await browser.close().catch(() => undefined);
    await codeServer.stop();
    await sandbox.stop();
  }
  finish();
}

main().catch((err) => finish(1, { crash: err }));
