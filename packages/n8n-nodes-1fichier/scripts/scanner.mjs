// The community-package scanner, installed in the tool cache (not the workspace): as published,
// @n8n/scan-community-package@0.32.0 depends on typescript@7.0.2 (the native port, whose JS entry is a
// stub), which crashes its ESLint parser. The install here overrides typescript to 5.9.3 (n8n-notes §3.5).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { run, step, toolsDir } from '../../../scripts/lib/tools.mjs';

export const SCANNER_VERSION = '0.32.0';

export function scannerDir() {
  return join(toolsDir(), `n8n-scan-community-package-${SCANNER_VERSION}`);
}

export async function ensureScanner() {
  const dir = scannerDir();
  const entry = join(dir, 'node_modules', '@n8n', 'scan-community-package', 'scanner', 'scanner.mjs');
  if (existsSync(join(dir, '.installed')) && existsSync(entry)) return entry;
  await step(`@n8n/scan-community-package@${SCANNER_VERSION} with typescript 5.9.3 (tool cache)`, () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'package.json'),
      `${JSON.stringify(
        {
          name: 'onefichier-scanner-holder',
          private: true,
          dependencies: { '@n8n/scan-community-package': SCANNER_VERSION, typescript: '5.9.3' },
          overrides: { typescript: '5.9.3' },
        },
        null,
        2,
      )}\n`,
    );
    // --ignore-scripts: eslint-plugin-n8n-nodes-base has a preinstall "npx only-allow pnpm" that fails under npm.
    run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: dir,
      log: join(dir, 'install.log'),
      isolated: true,
    });
    if (!existsSync(entry)) throw new Error(`the scanner installed but ${entry} is missing`);
    writeFileSync(join(dir, '.installed'), `${new Date().toISOString()}\n`);
  });
  return entry;
}

export async function loadScanner() {
  const entry = await ensureScanner();
  return await import(pathToFileURL(entry).href);
}
