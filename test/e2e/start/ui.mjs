// The playground seen through a browser (Debian's chromium driven by playwright-core, no download):
// n8n's example workflow run with one click, and VS Code opening on the 1fichier view. Each check leaves
// a screenshot, which the README uses.
import { until } from '../../../scripts/lib/wait.mjs';
import { signInToN8n, withPage } from '../browser.mjs';

/**
 * Signs in to n8n, which must land on the example workflow, clicks "Execute workflow" once and waits
 * until every node shows success. Returns the number of successful nodes.
 */
export function runWorkflowInEditor(repoRoot, { workflowUrl, email, password, screenshot }) {
  return withPage(repoRoot, async (page) => {
    await signInToN8n(page, { url: workflowUrl, email, password });
    const nodes = await page.locator('[data-test-id="canvas-node"]').count();
    await page.click('[data-test-id="execute-workflow-button"]');
    // Six working nodes (the sticky note is not a canvas node with a status).
    const success = page.locator('[data-test-id="canvas-node-status-success"]');
    // Stops early when a node fails; the count below says how far it got.
    await until(
      'every node to succeed',
      async () => (await success.count()) >= nodes || (await page.locator('[data-test-id="canvas-node-status-error"]').count()) > 0,
      { timeoutMs: 90_000, intervalMs: 500 },
    ).catch(() => undefined);
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
