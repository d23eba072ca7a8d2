// A browser for the end-to-end checks: Debian's chromium driven by playwright-core (no browser download),
// and the n8n sign-in they share.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ensureDebianPackages } from '../../scripts/lib/tools.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/lib/vscode.mjs';

/** playwright-core is a devDependency of the VS Code extension's package (its UI tests use it too). */
function loadChromium(repoRoot) {
  const require = createRequire(join(repoRoot, 'packages', 'vscode-1fichier', 'package.json'));
  return require('playwright-core').chromium;
}

/** Runs `fn` with a fresh page of a new browser, closed afterwards. */
export async function withPage(repoRoot, fn) {
  // The n8n stage runs before the VS Code stage, whose installer brings chromium, on a fresh machine.
  if (!existsSync(CHROMIUM_PATH)) await ensureDebianPackages(['chromium']);
  const browser = await loadChromium(repoRoot).launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    return await fn(page);
  } finally {
    await browser.close();
  }
}

/** Opens an n8n page, signs in on the form n8n shows first, and waits for the workflow canvas. */
export async function signInToN8n(page, { url, email, password }) {
  await page.goto(url);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForSelector('[data-test-id="canvas-node"]', { timeout: 60_000 });
}
