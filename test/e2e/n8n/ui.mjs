// The n8n editor seen through a browser: what the node panel ("What happens next?") shows for a search.
import { signInToN8n, withPage } from '../browser.mjs';

/**
 * Signs in, opens the workflow, clicks the "+" of a node's free output (the panel then reads "What happens
 * next?"), types `search`, and returns the entries the panel lists: [{ name, description }]. Leaves a
 * screenshot of the panel.
 */
export function nodePanelEntries(repoRoot, { workflowUrl, email, password, search, screenshot }) {
  return withPage(repoRoot, async (page) => {
    await signInToN8n(page, { url: workflowUrl, email, password });
    await page.locator('[data-test-id="canvas-handle-plus"]').first().click();
    const searchBar = page.locator('[data-test-id="node-creator-search-bar"]');
    await searchBar.waitFor({ timeout: 30_000 });
    const input = (await searchBar.evaluate((el) => el.tagName)) === 'INPUT' ? searchBar : searchBar.locator('input');
    await input.fill(search);
    const names = page.locator('[data-test-id="node-creator-item-name"]');
    await names.filter({ hasText: search }).first().waitFor({ timeout: 30_000 });
    // Let the list settle (it filters as you type) for the reading and the picture.
    await page.waitForTimeout(1000);
    await page.screenshot({ path: screenshot });
    return names.evaluateAll((els) =>
      els.map((el) => {
        // The name and the description are siblings inside one item.
        const item = el.closest('[class*="creatorNode"]') ?? el.parentElement?.parentElement;
        return {
          name: el.textContent?.trim() ?? '',
          description: item?.querySelector('[data-test-id="node-creator-item-description"]')?.textContent?.trim() ?? '',
        };
      }),
    );
  });
}
