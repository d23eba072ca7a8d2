#!/usr/bin/env node
// Runs the checks of n8n's community package scanner (@n8n/scan-community-package) locally: its ESLint
// rule set over the source (package.json, nodes/, credentials/) and over the unpacked `pnpm pack` tarball
// (every .js file and package.json), exactly the two passes it runs on a published package. The published
// CLI only scans packages already on npm with provenance, so its exported analyzePackage is used.
// Last line: "scan: N passed, N failed"; exit 1 on any violation.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadScanner } from './scanner.mjs';
import { packToTemp, pkgDir } from './pack.mjs';

const scanner = await loadScanner();
const packed = packToTemp({ buildFirst: !process.argv.includes('--no-build') });
const passes = [
  { name: 'source (package.json, nodes/, credentials/)', dir: pkgDir, patterns: scanner.SOURCE_FILE_PATTERNS },
  { name: 'packed tarball (**/*.js, package.json)', dir: packed.dir, patterns: ['**/*.js', 'package.json'] },
];
let passed = 0;
let failed = 0;
for (const pass of passes) {
  const result = await scanner.analyzePackage(pass.dir, pass.patterns);
  if (result.passed) {
    passed++;
    process.stdout.write(`ok   scanner: ${pass.name}${result.message ? ` (${result.message})` : ''}\n`);
  } else {
    failed++;
    process.stdout.write(`FAIL scanner: ${pass.name}: ${result.message}\n${result.details ?? ''}\n`);
  }
}
rmSync(dirname(packed.dir), { recursive: true, force: true });
process.stdout.write(`scan: ${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
