// The playground seen through a browser (Debian's chromium driven by playwright-core, no download):
// n8n's example workflow run with one click, and VS Code opening on the 1fichier view. Each check leaves
// a screenshot, which the README uses.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../scripts/lib/vscode.mjs';

/** playwright-core is a devDependency of the VS Code extension's package (its UI tests use it too). */
function loadChromium(repoRoot) {
  const require = createRequire(join(repoRoot, 'packages', 'vscode-1fichier', 'package.json'));
  return require('playwright-core').chromium;
}

async function withPage(repoRoot, fn) {
  const browser = await loadChromium(repoRoot).launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    return await fn(page);
  } finally {
    await browser.close();
  }
}

/**
 * Signs in to n8n, which must land on the example workflow, clicks "Execute workflow" once and waits
 * until every node shows success. Returns the number of successful nodes.
 */
export function runWorkflowInEditor(repoRoot, { workflowUrl, email, password, screenshot }) {
  return withPage(repoRoot, async (page) => {
    await page.goto(workflowUrl);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForSelector('[data-test-id="canvas-node"]', { timeout: 60_000 });
    const nodes = await page.locator('[data-test-id="canvas-node"]').count();
    await page.click('[data-test-id="execute-workflow-button"]');
    // Six working nodes (the sticky note is not a canvas node with a status).
    const success = page.locator('[data-test-id="canvas-node-status-success"]');
    const deadline = Date.now() + 90_000;
    while ((await success.count()) < nodes && Date.now() < deadline) {
      if (await page.locator('[data-test-id="canvas-node-status-error"]').count()) break;
      await page.waitForTimeout(500);
    }
    const succeeded = await success.count();
    // Let the success toast and the button finish their animations for the picture.
    await page.waitForTimeout(1500);
    await page.screenshot({ path: screenshot });
    if (succeeded < nodes) throw new Error(`${succeeded} of ${nodes} nodes succeeded after one click (see ${screenshot})`);
    return succeeded;
  });
}

/**
 * Signs in to code-server and waits for the 1fichier view to show the given folder names without any
 * click: the playground opens it. Returns the view's rows.
 */
export function openVscode(repoRoot, { url, password, expectRows, screenshot }) {
  return withPage(repoRoot, async (page) => {
    await page.goto(url);
    await page.fill('input[type=password]', password);
    await page.keyboard.press('Enter');
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    const sidebar = page.locator('[id="workbench.parts.sidebar"]');
    const view = sidebar.locator('.pane-body');
    try {
      await sidebar.locator('.title-label:has-text("1fichier")').waitFor({ timeout: 60_000 });
      for (const name of expectRows) {
        await view.locator(`.monaco-list-row:has-text("${name}")`).first().waitFor({ timeout: 60_000 });
      }
      // Let the README editor and the status bar settle for the picture.
      await page.waitForTimeout(1500);
    } finally {
      await page.screenshot({ path: screenshot });
    }
    return view.locator('.monaco-list-row').allInnerTexts();
  });
}
