#!/usr/bin/env node
// End-to-end test of the 1fichier language server in real VS Code (code-server with the packed .vsix, the
// sandbox as 1fichier, chromium through playwright-core). A Markdown document lists two 1fichier links:
// hovering the first shows its file's name, from file/info.cgi through the server the extension starts;
// the second, a removed file, gets a warning squiggle. Checks through scripts/lib/checks.mjs.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { until } from '../../../scripts/lib/wait.mjs';
import { api, artifacts, launchBrowser, log, prepare, seedUpload, startCodeServer, startSandbox, uiChecks } from './lib.mjs';

let page;
const { check: step, group, finish } = uiChecks('e2e-vscode-hover', () => page, 'hover-failure-');

async function main() {
  const vsix = prepare();
  const { sandbox, dataDir } = await startSandbox();
  const workspace = mkdtempSync(join(tmpdir(), 'e2e-vscode-hover-'));
  const fileName = 'quarterly-report-2026.pdf';
  const liveUrl = await seedUpload(sandbox, 0, fileName, '%PDF-1.7 numbers\n');
  const deadUrl = await seedUpload(sandbox, 0, 'old-draft.zip', 'old\n');
  await api(sandbox, 'file/rm.cgi', { files: [{ url: deadUrl }] });
  const liveId = liveUrl.split('?')[1];
  const deadId = deadUrl.split('?')[1];
  writeFileSync(join(workspace, 'links.md'), `# Downloads\n\nThe report: ${liveUrl}\n\nAn old draft: ${deadUrl}\n`);

  const codeServer = await startCodeServer({
    vsix,
    workspace,
    // The key through the extension's environment fallback: this test is about the hover, not the key UI.
    // The sandbox's host is confirmed up front, as the playground does (packages/vscode-1fichier/src/apiHosts.ts).
    env: { ONEFICHIER_API_KEY: sandbox.premiumKey, ONEFICHIER_CONFIRMED_API_HOSTS: sandbox.apiBaseUrl },
    settings: {
      'onefichier.apiBaseUrl': sandbox.apiBaseUrl,
      'editor.hover.delay': 100,
    },
  });
  log(`code-server at ${codeServer.url}, sandbox at ${sandbox.apiBaseUrl}`);
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
    page = await context.newPage();

    await group('hover and diagnostics of 1fichier links in Markdown', async () => {
      await step('VS Code opens the Markdown document with the links', async () => {
        await page.goto(`${codeServer.url}/?folder=${encodeURIComponent(workspace)}`);
        await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
        // Right after the workbench shows, its keybindings may not be registered yet on a loaded machine:
        // press Ctrl+P again until Quick Open is there (only while it is not, as a second press moves its
        // selection).
        const input = page.locator('.quick-input-widget input').first();
        await until(
          'Quick Open to show',
          async () => {
            await page.keyboard.press('Control+P');
            await input.waitFor({ state: 'visible', timeout: 3000 });
            return true;
          },
          { timeoutMs: 30_000, intervalMs: 0 },
        );
        await input.fill('links.md');
        await page.locator('.quick-input-list .monaco-list-row', { hasText: 'links.md' }).first().waitFor({ timeout: 15_000 });
        await input.press('Enter');
        await page.locator('.monaco-editor .view-lines', { hasText: liveId }).waitFor({ timeout: 30_000 });
      });

      await step("hovering the link shows the file's name from 1fichier", async () => {
        const link = page.locator('.monaco-editor .view-line span', { hasText: liveId }).last();
        const hover = page.locator('.monaco-hover:visible', { hasText: fileName });
        // The language server starts when the first Markdown document opens: hover again until it answers.
        await until(
          `a hover with "${fileName}"`,
          async () => {
            await page.mouse.move(5, 5);
            await link.hover();
            await hover.waitFor({ timeout: 4000 });
            return true;
          },
          { timeoutMs: 60_000, intervalMs: 0 },
        );
        const text = await hover.textContent();
        if (!/Size: 17 bytes/.test(text ?? '')) throw new Error(`the hover lacks the size: "${text}"`);
        await page.screenshot({ path: join(artifacts, 'hover-link.png') });
      });

      await step("the removed file's link is flagged as a warning", async () => {
        await page.mouse.move(5, 5);
        // The warning squiggle sits on the dead link's line; its hover says the file no longer exists.
        await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: 30_000 });
        const dead = page.locator('.monaco-editor .view-line span', { hasText: deadId }).last();
        await until(
          'a "no longer exists" hover on the removed file\'s link',
          async () => {
            await page.mouse.move(5, 5);
            await dead.hover();
            await page.locator('.monaco-hover:visible', { hasText: 'no longer exists' }).waitFor({ timeout: 4000 });
            return true;
          },
          { timeoutMs: 30_000, intervalMs: 0 },
        );
        await page.screenshot({ path: join(artifacts, 'hover-dead-link.png') });
      });
    });
    await context.close();
  } finally {
    await browser.close().catch(() => undefined);
    await codeServer.stop();
    await sandbox.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(workspace, { recursive: true, force: true });
  }
  finish();
}

main().catch((err) => finish(1, { crash: err }));
