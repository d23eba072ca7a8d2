// Builds the workspace packages the playground runs, skipping those whose build is newer than every source
// file (theirs and their dependencies'), so a second `pnpm start` does not spend a minute in tsc.
import { existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, step } from '../tools.mjs';

/**
 * Workspace packages: folder, the workspace packages they build on, the script that builds what the
 * playground runs, and the file that script must produce.
 */
const PACKAGES = {
  core: { name: '@onefichier/core', dir: 'packages/core', deps: [], script: 'build', output: 'dist/node/index.js' },
  sandbox: { name: '@onefichier/sandbox', dir: 'test/sandbox', deps: [], script: 'build', output: 'dist/cli.js' },
  n8n: {
    name: 'n8n-nodes-1fichier',
    dir: 'packages/n8n-nodes-1fichier',
    deps: ['core'],
    script: 'build',
    output: 'dist/nodes/OneFichier/OneFichier.node.js',
  },
  // The extension bundles the language server's build when there is one.
  languageServer: {
    name: '@onefichier/language-server',
    dir: 'packages/language-server',
    deps: ['core'],
    script: 'build',
    output: 'dist/server.js',
  },
  // `package` bundles in production mode and writes the .vsix.
  vscode: {
    name: 'vscode-1fichier',
    dir: 'packages/vscode-1fichier',
    deps: ['core', 'languageServer'],
    script: 'package',
    output: 'dist/vscode-1fichier.vsix',
  },
};

const SKIP_DIRS = new Set(['node_modules', 'dist', 'out', 'coverage', '.git', 'test-artifacts']);

/** Newest modification time of the package's own files, build outputs excluded. */
function newestSourceMtime(dir) {
  let newest = 0;
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(join(d, entry.name));
        continue;
      }
      if (entry.name.endsWith('.vsix') || entry.name.endsWith('.tsbuildinfo')) continue;
      newest = Math.max(newest, statSync(join(d, entry.name)).mtimeMs);
    }
  };
  walk(dir);
  return newest;
}

function stampFile(stampDir, key) {
  return join(stampDir, `${key}.built`);
}

function stampTime(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Ensures the given packages (keys of PACKAGES) are built, dependencies first; a package whose output is
 * missing is rebuilt whatever the stamps say. Returns the absolute path of each package's output.
 */
export async function ensureBuilt(keys, { repoRoot, stampDir, force }) {
  mkdirSync(stampDir, { recursive: true });
  const order = [];
  const visit = (k) => {
    if (order.includes(k)) return;
    PACKAGES[k].deps.forEach(visit);
    order.push(k);
  };
  keys.forEach(visit);
  const sourceTimes = {};
  const outputs = {};
  for (const key of order) {
    const pkg = PACKAGES[key];
    const dir = join(repoRoot, pkg.dir);
    if (!existsSync(join(dir, 'package.json')))
      throw new Error(`${pkg.dir}/package.json is missing: this checkout does not have the ${pkg.name} package yet.`);
    sourceTimes[key] = Math.max(newestSourceMtime(dir), ...pkg.deps.map((d) => sourceTimes[d]));
    const output = join(dir, pkg.output);
    outputs[key] = output;
    const upToDate = !force && stampTime(stampFile(stampDir, key)) >= sourceTimes[key] && existsSync(output);
    if (upToDate) continue;
    const buildStarted = new Date();
    await step(`${pkg.script === 'build' ? 'build' : `build and ${pkg.script}`} ${pkg.name}`, () => {
      run('pnpm', ['--filter', pkg.name, 'run', pkg.script], { cwd: repoRoot, log: join(stampDir, `${key}.build.log`) });
      if (!existsSync(output)) throw new Error(`the build finished but ${join(pkg.dir, pkg.output)} is missing`);
    });
    // The stamp carries the build's start time: a source edited during the build is rebuilt next time.
    writeFileSync(stampFile(stampDir, key), `${buildStarted.toISOString()}\n`);
    utimesSync(stampFile(stampDir, key), buildStarted, buildStarted);
  }
  return outputs;
}
