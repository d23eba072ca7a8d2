// n8n_upload_rss_growth_mb: filled in when the n8n node has landed (see docs/benchmarks.md).
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export async function n8nGroup(ctx) {
  if (!existsSync(join(ctx.root, 'packages', 'n8n-nodes-1fichier', 'package.json'))) {
    ctx.skip('n8n_upload_rss_growth_mb', 'packages/n8n-nodes-1fichier does not exist yet');
    return;
  }
  ctx.skip('n8n_upload_rss_growth_mb', 'not measured yet');
}
