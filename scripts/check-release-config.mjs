#!/usr/bin/env node
// Every published manifest takes its repository URL, author and publisher from release.config.json, the one
// place they are set: `node scripts/check-release-config.mjs` lists each difference (part of `pnpm lint`),
// `--write` sets the manifests to it, `--root <dir>` checks another copy. test/tooling/release-config.test.ts runs both on a copy.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What each manifest must hold, derived from the config. */
export function expectedFields(config, dir) {
  const repo = config.repository.replace(/\/+$/, '');
  const fields = {
    author: config.author,
    repository: { type: 'git', url: `${repo}.git`, directory: dir },
    homepage: `${repo}/tree/${config.branch}/${dir}#readme`,
    bugs: { url: `${repo}/issues` },
  };
  return fields;
}

/** The images of a Marketplace README must be absolute: vsce's base URL for the package's folder. */
export function imagesBaseUrl(config, dir) {
  return `${config.repository.replace(/\/+$/, '')}/raw/HEAD/${dir}/`;
}

/**
 * The Marketplace and Open VSX show the extension's README away from the repository, so each image is an
 * absolute `<repository>/raw/HEAD/<path>` URL of a file that exists in the repository.
 */
export function marketplaceImageProblems(root, config, dir) {
  const readme = join(root, dir, 'README.md');
  if (!existsSync(readme)) return [];
  const base = `${config.repository.replace(/\/+$/, '')}/raw/HEAD/`;
  const problems = [];
  for (const m of readFileSync(readme, 'utf8').matchAll(/!\[[^\]]*\]\(([^)\s]+)[^)]*\)|<img[^>]*\ssrc="([^"]+)"/g)) {
    const src = m[1] ?? m[2] ?? '';
    if (!src.startsWith(base)) problems.push(`${dir}/README.md: the image ${src} must be an absolute URL starting with ${base}`);
    else if (!existsSync(join(root, src.slice(base.length))))
      problems.push(`${dir}/README.md: the image ${src} names no file of the repository`);
  }
  return problems;
}

/** The differences between the manifests under `root` and release.config.json, as sentences. */
export function checkReleaseConfig(root, { write = false } = {}) {
  const config = JSON.parse(readFileSync(join(root, 'release.config.json'), 'utf8'));
  const problems = [];
  for (const dir of config.packages) {
    const file = join(root, dir, 'package.json');
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    const wanted = expectedFields(config, dir);
    if (manifest.engines?.vscode) {
      wanted.publisher = config.vscodePublisher;
      const script = manifest.scripts?.package ?? '';
      const base = imagesBaseUrl(config, dir);
      if (!script.includes(`--baseImagesUrl ${base}`)) {
        if (write) {
          manifest.scripts.package = script.replace(/--baseImagesUrl \S+/, `--baseImagesUrl ${base}`);
        } else {
          problems.push(`${dir}/package.json: scripts.package must pass --baseImagesUrl ${base}`);
        }
      }
    }
    if (manifest.engines?.vscode) problems.push(...marketplaceImageProblems(root, config, dir));
    for (const [key, value] of Object.entries(wanted)) {
      if (JSON.stringify(manifest[key]) === JSON.stringify(value)) continue;
      if (write) manifest[key] = value;
      else
        problems.push(
          `${dir}/package.json: "${key}" is ${JSON.stringify(manifest[key])}, release.config.json makes it ${JSON.stringify(value)}`,
        );
    }
    if (write) writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--root');
  const root = at > 0 ? resolve(process.argv[at + 1] ?? '.') : resolve(fileURLToPath(import.meta.url), '..', '..');
  const write = process.argv.includes('--write');
  const problems = checkReleaseConfig(root, { write });
  if (problems.length > 0) {
    process.stderr.write(
      `${problems.join('\n')}\nRun \`node scripts/check-release-config.mjs --write\` to set them from release.config.json.\n`,
    );
    process.exit(1);
  }
  if (write) process.stdout.write('manifests set from release.config.json\n');
}
