#!/usr/bin/env node
// The packages as their users install them, through a real npm registry: Verdaccio (scripts/lib/verdaccio.mjs,
// from the tools cache) on a free loopback port with an empty storage; the committed tree cloned into an empty
// folder, installed, and published to it with the release path's own command (the root script
// publish-packages, `pnpm -r publish`, which rewrites workspace:*); then:
//   - n8n-nodes-1fichier installed by name into a real n8n's ~/.n8n/nodes, which runs a workflow with it
//     against the sandbox. n8n 2.41.1's Install button (POST /rest/community-packages) refuses a custom
//     registry without an enterprise licence ("Your license does not allow for
//     feat:communityNodes:customRegistry"), as the first n8n check shows, so the test uses n8n's documented
//     manual install, `npm install <package>` in ~/.n8n/nodes;
//   - `npx -y @onefichier/language-server --version` in an empty folder, then the same package over stdio:
//     LSP initialize and a hover of a sandbox file's link;
//   - @onefichier/core installed into an empty project, where the core README's upload example uploads a
//     file to the sandbox.
// Our packages are never proxied: only other names (the core's own dependencies) go to the npm registry
// this machine uses.
// Checks in named groups (scripts/lib/checks.mjs).
//
//   node test/e2e/registry/run.mjs [--keep]     (--keep: leave the temporary folder for inspection)
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { installerEnv } from '../../../scripts/lib/tools.mjs';
import { ensureVerdaccio, VERDACCIO_VERSION } from '../../../scripts/lib/verdaccio.mjs';
import { assert, createChecks } from '../../../scripts/lib/checks.mjs';
import { freePort, sleep, until, waitForHttp } from '../../../scripts/lib/wait.mjs';
import { lspPeer } from '../lsp-stdio.mjs';
import { ensureN8nInstalled, loadSandbox, n8n, n8nEnv, nodeItems, parseRawOutput, repoRoot, startN8n, stopProcess } from '../n8n/lib.mjs';

const keep = process.argv.includes('--keep');
const { check, group, finish } = createChecks({ stage: 'registry', timed: true });

/** Every package a release publishes to npm, by folder (the .vsix goes to the Marketplace; the VS Code e2e installs it). */
const PUBLIC_PACKAGES = [
  { dir: 'packages/core', name: '@onefichier/core' },
  { dir: 'packages/language-server', name: '@onefichier/language-server' },
  { dir: 'packages/n8n-nodes-1fichier', name: 'n8n-nodes-1fichier' },
];

/** A command run to completion, asynchronously (the sandbox and the registry live in this process's event loop or beside it). */
function runAsync(cmd, args, { cwd, env, timeoutMs = 300_000, input } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.stdin.end(input ?? '');
    const timer = setTimeout(() => {
      stderr += `\n[registry] ${cmd} ${args[0]} killed after ${timeoutMs / 1000} s`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}
const tail = (r) => `${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-12).join('\n');

/** Verdaccio with an empty storage: our names only from what is published here, other names from npm. */
async function startRegistry(work) {
  const bin = await ensureVerdaccio();
  const dir = join(work, 'verdaccio');
  mkdirSync(join(dir, 'storage'), { recursive: true });
  const port = await freePort();
  const ours = { access: '$all', publish: '$authenticated', unpublish: '$nobody' };
  const config = [
    `storage: ${JSON.stringify(join(dir, 'storage'))}`,
    'auth:',
    '  htpasswd:',
    `    file: ${JSON.stringify(join(dir, 'htpasswd'))}`,
    '    max_users: 1',
    'uplinks:',
    '  npmjs:',
    `    url: ${JSON.stringify(upstreamRegistry())}`,
    'packages:',
    // No proxy for our names: an unpublished one is a 404 here, never someone else's package from npm.
    ...['@onefichier/*', 'n8n-nodes-1fichier'].flatMap((name) => [
      `  '${name}':`,
      ...Object.entries(ours).map(([k, v]) => `    ${k}: ${v}`),
    ]),
    "  '**':",
    '    access: $all',
    '    publish: $nobody',
    '    proxy: npmjs',
    'web:',
    '  enable: false',
    'log: { type: stdout, format: pretty, level: warn }',
    '',
  ].join('\n');
  writeFileSync(join(dir, 'config.yaml'), config);
  const url = `http://127.0.0.1:${port}`;
  const { createWriteStream } = await import('node:fs');
  const log = createWriteStream(join(dir, 'verdaccio.log'));
  const child = spawn(process.execPath, [bin, '--config', join(dir, 'config.yaml'), '--listen', `127.0.0.1:${port}`], {
    env: installerEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  try {
    await waitForHttp(`${url}/-/ping`, {
      timeoutMs: 60_000,
      accept: (res) => res.ok,
      isAlive: () => child.exitCode === null,
      what: 'Verdaccio',
    });
  } catch (err) {
    child.kill('SIGTERM');
    throw new Error(`${err.message}; see ${join(dir, 'verdaccio.log')}`);
  }
  return { child, url, dir };
}

/** The npm registry this machine is set up to use (a mirror, if so configured), for the names we do not publish. */
function upstreamRegistry() {
  const r = spawnSync('npm', ['config', 'get', 'registry'], { env: installerEnv(), encoding: 'utf8' });
  const url = r.status === 0 ? r.stdout.trim() : '';
  return /^https?:\/\//.test(url) ? url : 'https://registry.npmjs.org/';
}

/** A throwaway user of this registry (htpasswd, one user) and its token, the way `npm adduser` gets one. */
async function registryToken(url) {
  const name = 'release-test';
  const res = await fetch(`${url}/-/user/org.couchdb.user:${name}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name, password: randomBytes(12).toString('hex'), type: 'user', roles: [] }),
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok || typeof body.token !== 'string') throw new Error(`Verdaccio refused the user: HTTP ${res.status} ${JSON.stringify(body)}`);
  return body.token;
}

/** The environment of every npm/pnpm/npx call against the registry: its own config and cache, nothing from outside. */
function npmEnv(work, registry) {
  return installerEnv({
    npm_config_userconfig: join(work, '.npmrc'),
    npm_config_registry: `${registry}/`,
    npm_config_cache: join(work, 'npm-cache'),
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_provenance: 'false',
  });
}

/**
 * The pnpm this run was started with (under `npx -y pnpm@10 test` it lives in npx's cache, which
 * installerEnv() takes off PATH), by its full path.
 */
function pnpmPath() {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'pnpm');
    if (dir && existsSync(candidate)) return candidate;
  }
  throw new Error('pnpm is not on PATH: run the stage through pnpm (npx -y pnpm@10 test -- --only registry)');
}

/** The packages in a node_modules folder (scoped ones as @scope/name), without npm's own files. */
function installedPackages(nodeModules) {
  if (!existsSync(nodeModules)) return [];
  const names = [];
  for (const entry of readdirSync(nodeModules)) {
    if (entry.startsWith('.')) continue;
    if (entry.startsWith('@')) for (const sub of readdirSync(join(nodeModules, entry))) names.push(`${entry}/${sub}`);
    else names.push(entry);
  }
  return names.sort();
}

/** The first ```ts or ```js block of the core's README (as committed) that uploads with createNodeClient. */
function coreReadmeExample(root) {
  const readme = readFileSync(join(root, 'packages', 'core', 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```(?:ts|typescript|js|javascript)\n([\s\S]*?)```/g)].map((m) => m[1]);
  return blocks.find((b) => b.includes('createNodeClient(') && b.includes('.upload('));
}

/** Verdaccio started empty; the committed tree cloned, installed and published with the release path's command; each public package on the registry as it must be. */
async function publishChecks(t) {
  const { work } = t;
  if (!(await check('n8n is installed (scripts/install-n8n.mjs, once)', () => ensureN8nInstalled('registry')))) finish(1);
  await check(`start Verdaccio ${VERDACCIO_VERSION} on a free port with an empty storage`, async () => {
    t.registry = await startRegistry(work);
    return t.registry.url;
  });
  if (!t.registry) finish(1);
  const { registry } = t;
  await check('build the sandbox', async () => {
    const r = await runAsync('pnpm', ['--filter', '@onefichier/sandbox', 'run', 'build'], { cwd: repoRoot, env: process.env });
    assert(r.code === 0, `building the sandbox failed:\n${tail(r)}`);
  });
  const env = (t.env = npmEnv(work, registry.url));
  // What a release publishes: the committed tree, checked out and installed as the release workflow does
  // (.github/workflows/release.yml: checkout, pnpm install --frozen-lockfile, then the publish script), so
  // whatever a package needs built before it is packed must be built by the release path itself.
  const release = (t.release = join(work, 'release'));
  const cloned = await check(
    'check out HEAD into an empty folder and pnpm install --frozen-lockfile, as the release workflow does',
    async () => {
      const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).stdout.trim();
      const clone = await runAsync('git', ['clone', '--quiet', '--no-hardlinks', repoRoot, release], { env: installerEnv() });
      assert(clone.code === 0, `git clone: exit ${clone.code}:\n${tail(clone)}`);
      const install = await runAsync(pnpmPath(), ['install', '--frozen-lockfile', '--prefer-offline'], {
        cwd: release,
        env: installerEnv({ CI: 'true' }),
        timeoutMs: 600_000,
      });
      assert(install.code === 0, `pnpm install: exit ${install.code}:\n${tail(install)}`);
      return `HEAD ${head} (uncommitted changes are not part of a release)`;
    },
  );
  if (!cloned) finish(1);
  const publishScript = JSON.parse(readFileSync(join(release, 'package.json'), 'utf8')).scripts?.['publish-packages'];
  await check(
    `publish with the release path's command: pnpm run publish-packages (${publishScript ?? 'missing'}), a throwaway token in a temporary .npmrc`,
    async () => {
      assert(
        publishScript,
        "the root package.json has no publish-packages script, the command the release workflow's `release` script runs",
      );
      const token = await registryToken(registry.url);
      writeFileSync(join(work, '.npmrc'), `//${new URL(registry.url).host}/:_authToken=${token}\n`, { mode: 0o600 });
      // `release` adds --provenance, which only GitHub Actions can sign; the rest is the same command.
      const r = await runAsync(pnpmPath(), ['run', 'publish-packages', '--registry', `${registry.url}/`], {
        cwd: release,
        env,
        timeoutMs: 600_000,
      });
      assert(!`${r.stdout}${r.stderr}`.includes(token), 'the token appears in the output of pnpm publish');
      assert(r.code === 0, `exit ${r.code}:\n${tail(r)}`);
    },
  );
  /** What the registry serves for each package that must be public. */
  const published = t.published;
  for (const { dir, name } of PUBLIC_PACKAGES) {
    await check(
      `${name} is on the registry with the files it names, its manifest free of workspace: and of runtime dependencies it must not have`,
      async () => {
        const local = JSON.parse(readFileSync(join(release, dir, 'package.json'), 'utf8'));
        assert(
          local.private !== true,
          `${dir}/package.json says "private": true, so pnpm publish -r skips it and users cannot install ${name}: remove "private" to publish it`,
        );
        const res = await fetch(`${registry.url}/${name.replace('/', '%2f')}`);
        assert(res.ok, `GET ${name} from the registry: HTTP ${res.status}`);
        const doc = await res.json();
        const version = doc['dist-tags']?.latest;
        assert(version === local.version, `latest is ${version}, the package.json says ${local.version}`);
        const shipped = doc.versions[version];
        // On the registry: the install checks below run, whatever else this check finds.
        published.set(name, shipped);
        const text = JSON.stringify(shipped);
        assert(
          !text.includes('workspace:'),
          `the published manifest still says workspace: (${text.match(/"[^"]*":"workspace:[^"]*"/)?.[0]})`,
        );
        if (name !== '@onefichier/core') {
          const deps = Object.keys(shipped.dependencies ?? {});
          assert(deps.length === 0, `${name} must install with no runtime dependencies, it lists ${deps.join(', ')}`);
        }
        // The files its entry points name (main, bin, n8n's nodes and credentials) must be in the tarball.
        const tgz = join(work, `${name.replace('/', '-')}.tgz`);
        const tarball = await fetch(shipped.dist.tarball);
        assert(tarball.ok, `GET ${shipped.dist.tarball}: HTTP ${tarball.status}`);
        writeFileSync(tgz, Buffer.from(await tarball.arrayBuffer()));
        const listing = spawnSync('tar', ['-tzf', tgz], { encoding: 'utf8' });
        assert(listing.status === 0, `tar -tzf ${tgz}: ${listing.stderr}`);
        const files = new Set(listing.stdout.split('\n').map((f) => f.replace(/^package\//, '')));
        const bins = typeof shipped.bin === 'string' ? [shipped.bin] : Object.values(shipped.bin ?? {});
        const entries = [shipped.main, ...bins, ...(shipped.n8n?.nodes ?? []), ...(shipped.n8n?.credentials ?? [])]
          .filter(Boolean)
          .map((f) => f.replace(/^\.\//, ''));
        const missing = entries.filter((f) => !files.has(f));
        assert(
          missing.length === 0,
          `the tarball lacks ${missing.join(', ')}, which its package.json names: the release path (a prepack script) must build them before packing`,
        );
        return `${version}, ${Object.keys(shipped.dependencies ?? {}).length} runtime dependencies`;
      },
    );
  }
}

/** n8n: the Install button's REST call, then n8n's documented manual install, then a workflow. */
async function n8nInstallChecks(t) {
  const { work, registry, env, key, noKey, sandbox } = t;
  const filesDir = join(work, 'files');
  mkdirSync(filesDir);
  const userFolder = join(work, 'n8n');
  const nodesDir = join(userFolder, '.n8n', 'nodes');
  const emptyExtensions = join(work, 'no-custom-nodes');
  mkdirSync(emptyExtensions);
  const n8nVars = {
    ...n8nEnv({ userFolder, extensions: emptyExtensions, filesDir, port: await freePort(), brokerPort: await freePort() }),
    N8N_COMMUNITY_PACKAGES_REGISTRY: registry.url,
  };
  await check("n8n's Install button (POST /rest/community-packages) refuses a custom registry without a licence", async () => {
    const n8nServer = await startN8n(n8nVars, join(work, 'n8n-start.log'));
    try {
      // /healthz answers before the REST API does ("n8n is starting up. Please wait", HTML): wait for JSON.
      const setup = await until(
        "n8n's REST API to answer the owner set-up with JSON",
        async () => {
          const res = await fetch(`${n8nServer.url}/rest/owner/setup`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ email: 'registry@example.com', password: 'Registry-password-1', firstName: 'Reg', lastName: 'Istry' }),
          });
          return res.headers.get('content-type')?.includes('json') && res;
        },
        { timeoutMs: 90_000, intervalMs: 1000 },
      );
      const cookie = (setup.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth=')) ?? '';
      assert(setup.ok && cookie, `owner set-up: HTTP ${setup.status}: ${(await setup.text()).slice(0, 200)}`);
      const res = await fetch(`${n8nServer.url}/rest/community-packages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', cookie },
        body: JSON.stringify({ name: 'n8n-nodes-1fichier' }),
        signal: AbortSignal.timeout(120_000),
      });
      const text = await res.text();
      if (res.ok)
        throw new Error(`n8n installed it from ${registry.url} without a licence; use this path in the test: ${text.slice(0, 300)}`);
      assert(/licen[cs]e|customRegistry|not licensed/i.test(text), `HTTP ${res.status}, not the licence refusal: ${text.slice(0, 300)}`);
      return `HTTP ${res.status}: ${text.slice(0, 200)}`;
    } finally {
      await stopProcess(n8nServer.child);
    }
  });
  const installed = await check(
    "n8n's manual install: npm install n8n-nodes-1fichier in ~/.n8n/nodes, from the registry, brings nothing else",
    async () => {
      mkdirSync(nodesDir, { recursive: true });
      writeFileSync(join(nodesDir, 'package.json'), '{"name":"installed-nodes","private":true,"dependencies":{}}\n');
      // n8n provides n8n-workflow (the node's only peer dependency), so it is not installed with it.
      const r = await runAsync('npm', ['install', 'n8n-nodes-1fichier', '--ignore-scripts', '--legacy-peer-deps', '--omit=dev'], {
        cwd: nodesDir,
        env,
      });
      assert(r.code === 0, `exit ${r.code}:\n${tail(r)}`);
      const names = installedPackages(join(nodesDir, 'node_modules'));
      assert(JSON.stringify(names) === '["n8n-nodes-1fichier"]', `node_modules holds ${names.join(', ')}`);
      const installedDir = join(nodesDir, 'node_modules', 'n8n-nodes-1fichier');
      const { n8n: entries } = JSON.parse(readFileSync(join(installedDir, 'package.json'), 'utf8'));
      const missing = [...(entries?.nodes ?? []), ...(entries?.credentials ?? [])].filter((f) => !existsSync(join(installedDir, f)));
      assert(
        entries?.nodes?.length && missing.length === 0,
        `the published package lacks ${missing.join(', ') || 'its n8n.nodes entries'}: the release path must build the node before packing it (a prepack script, as the core and the language server have)`,
      );
    },
  );
  if (installed) {
    const wf = {
      id: 'registryFlow0001',
      name: '1fichier from the registry',
      nodes: [],
      connections: {},
      active: false,
      settings: { executionOrder: 'v1' },
      pinData: {},
    };
    const fileBytes = randomBytes(4321);
    writeFileSync(join(filesDir, 'from-registry.bin'), fileBytes);
    const cred = { id: 'registryCred0001', name: '1fichier sandbox' };
    const add = (name, type, parameters) => {
      const node = {
        id: `00000000-0000-4000-8000-${String(wf.nodes.length + 1).padStart(12, '0')}`,
        name,
        type,
        typeVersion: 1,
        position: [wf.nodes.length * 220, 0],
        parameters,
        ...(type.startsWith('n8n-nodes-1fichier.') ? { credentials: { oneFichierApi: cred } } : {}),
      };
      const previous = wf.nodes.at(-1);
      if (previous) wf.connections[previous.name] = { main: [[{ node: name, type: 'main', index: 0 }]] };
      wf.nodes.push(node);
    };
    const rl = (mode, value) => ({ __rl: true, mode, value });
    add('Start', 'n8n-nodes-base.manualTrigger', {});
    add('Create Folder', 'n8n-nodes-1fichier.oneFichier', {
      resource: 'folder',
      operation: 'create',
      parent: rl('id', '0'),
      name: 'Registry',
      createParents: false,
    });
    add('Read File', 'n8n-nodes-base.readWriteFile', {
      operation: 'read',
      fileSelector: join(filesDir, 'from-registry.bin'),
      options: {},
    });
    add('Upload', 'n8n-nodes-1fichier.oneFichier', {
      resource: 'file',
      operation: 'upload',
      binaryPropertyName: 'data',
      folder: rl('id', "={{ $('Create Folder').item.json.folderId }}"),
      fileName: '',
      options: {},
    });
    await check('n8n runs a workflow of the installed node (n8n-nodes-1fichier.oneFichier) against the sandbox', async () => {
      writeFileSync(
        join(work, 'credentials.json'),
        JSON.stringify([{ ...cred, type: 'oneFichierApi', data: { apiKey: key, baseUrl: sandbox.apiBaseUrl } }]),
      );
      writeFileSync(join(work, 'workflow.json'), JSON.stringify(wf));
      for (const args of [
        ['import:credentials', `--input=${join(work, 'credentials.json')}`],
        ['import:workflow', `--input=${join(work, 'workflow.json')}`],
      ]) {
        const r = await n8n(args, n8nVars);
        assert(r.code === 0, `n8n ${args[0]}: exit ${r.code}: ${(r.stderr || r.stdout).slice(-400)}`);
      }
      const r = await n8n(['execute', `--id=${wf.id}`, '--rawOutput'], n8nVars);
      noKey(`${r.stdout}${r.stderr}`, "n8n's output");
      assert(r.code === 0, `n8n execute: exit ${r.code}: ${(r.stderr || r.stdout).slice(-600)}`);
      const [uploaded] = nodeItems(parseRawOutput(r.stdout), 'Upload');
      assert(uploaded?.json?.url, `the Upload node returned ${JSON.stringify(uploaded?.json)}`);
      const stored = sandbox.state().files.find((f) => f.url === uploaded.json.url);
      assert(stored, `the sandbox has no file at ${uploaded.json.url}`);
      assert(stored.size === fileBytes.length, `the sandbox stored ${stored.size} bytes, ${fileBytes.length} were sent`);
      return `uploaded ${uploaded.json.url}`;
    });
  }
}

/** The language server from an empty folder, as an editor's config starts it (npx), then over stdio. */
async function languageServerChecks(t) {
  const { work, env, key, noKey, sandbox, published } = t;
  const version = published.get('@onefichier/language-server').version;
  const empty = join(work, 'lsp-empty');
  mkdirSync(empty);
  await check('npx -y @onefichier/language-server --version, in an empty folder, from the registry', async () => {
    const r = await runAsync('npx', ['-y', '@onefichier/language-server', '--version'], { cwd: empty, env });
    assert(r.code === 0, `exit ${r.code}:\n${tail(r)}`);
    assert(r.stdout.trim().endsWith(version), `it printed ${JSON.stringify(r.stdout.trim())}, the published version is ${version}`);
    const npx = join(work, 'npm-cache', '_npx');
    const trees = existsSync(npx) ? readdirSync(npx).map((d) => installedPackages(join(npx, d, 'node_modules'))) : [];
    const tree = trees.find((t) => t.includes('@onefichier/language-server'));
    assert(JSON.stringify(tree) === '["@onefichier/language-server"]', `npx installed ${tree?.join(', ') ?? 'nothing we can find'}`);
    return r.stdout.trim();
  });
  await check('the same package over stdio (npx … --stdio): initialize, then a hover of a sandbox link names the file', async () => {
    const url = await sandbox.uploadAsIs(key, 'registry-hover.txt', Buffer.from('hovered from the registry'), 0);
    assert(typeof url === 'string' && url.startsWith('https://'), `the sandbox upload gave ${JSON.stringify(url)}`);
    const paceDir = mkdtempSync(join(work, 'pace-'));
    const child = spawn('npx', ['-y', '@onefichier/language-server', '--stdio'], {
      cwd: empty,
      env: { ...env, ONEFICHIER_API_KEY: key, ONEFICHIER_PACE_DIR: paceDir },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    try {
      const lsp = lspPeer(child);
      const init = await lsp.request('initialize', {
        processId: process.pid,
        clientInfo: { name: 'registry-test' },
        rootUri: null,
        capabilities: { textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] } } },
        initializationOptions: { apiBaseUrl: sandbox.apiBaseUrl },
      });
      assert(init?.serverInfo?.name === 'onefichier-language-server', `serverInfo: ${JSON.stringify(init?.serverInfo)}`);
      assert(init.capabilities?.hoverProvider, `no hoverProvider in ${JSON.stringify(init.capabilities)}`);
      lsp.notify('initialized', {});
      const uri = pathToFileURL(join(empty, 'links.md')).href;
      lsp.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: `# Links\n\n- ${url}\n` } });
      const hover = await lsp.request('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 6 } });
      const text = hover?.contents?.value ?? JSON.stringify(hover);
      assert(/registry\\?-hover\\?\.txt/.test(text), `the hover says: ${text.slice(0, 300)}`);
      await lsp.request('shutdown', null);
      lsp.notify('exit', null);
      noKey(lsp.traffic.join('') + stderr, "the server's output");
      return `serverInfo ${init.serverInfo.version ?? ''}`;
    } finally {
      if (child.exitCode === null) {
        await Promise.race([new Promise((r) => child.once('exit', r)), sleep(5000)]);
        if (child.exitCode === null) child.kill('SIGTERM');
      }
    }
  });
}

/** The core in an empty project: the README's upload example, run as written against the sandbox. */
async function coreChecks(t) {
  const { work, env, release, key, noKey, sandbox } = t;
  const project = join(work, 'core-user');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), '{"name":"core-user","private":true,"type":"module"}\n');
  const installed = await check('an empty project installs @onefichier/core from the registry', async () => {
    const r = await runAsync('npm', ['install', '@onefichier/core'], { cwd: project, env });
    assert(r.code === 0, `exit ${r.code}:\n${tail(r)}`);
    const version = JSON.parse(readFileSync(join(project, 'node_modules', '@onefichier', 'core', 'package.json'), 'utf8')).version;
    return `${version}, ${installedPackages(join(project, 'node_modules')).length} packages`;
  });
  const example = coreReadmeExample(release);
  const hasExample = await check("the core's README has an upload example to run (a ts block calling createNodeClient and .upload)", () => {
    assert(example, 'packages/core/README.md has no ```ts block calling createNodeClient( and .upload(: add the 10-line upload example');
  });
  if (installed && hasExample) {
    await check("the core README's upload example uploads a file to the sandbox", async () => {
      const { transform } = await import('esbuild');
      // Run as written, pointed at the sandbox: every createNodeClient(options) call gets the sandbox's
      // baseUrl over whatever it names, and /tmp/ (a download target) becomes the project's tmp/.
      const code = (await transform(example, { loader: 'ts', format: 'esm' })).code
        .replace(/\bcreateNodeClient\(/g, 'toSandbox(')
        .replace(/(['"`])\/tmp\//g, `$1${join(project, 'tmp')}/`);
      mkdirSync(join(project, 'tmp'));
      const wrapper = `function toSandbox(options = {}) { return createNodeClient({ ...options, baseUrl: ${JSON.stringify(sandbox.apiBaseUrl)} }); }`;
      writeFileSync(join(project, 'example.mjs'), `${code}\n${wrapper}\n`);
      const before = new Set(sandbox.state().files.map((f) => f.url));
      // Every file the example names by a bare name, made here with known bytes.
      const names = [...example.matchAll(/fileSource\(\s*['"]([^'"/]+)['"]/g)].map((m) => m[1]);
      const bytes = new Map(names.map((n) => [n, randomBytes(3000 + n.length)]));
      for (const [n, b] of bytes) writeFileSync(join(project, n), b);
      const r = await runAsync(process.execPath, ['example.mjs'], {
        cwd: project,
        env: {
          ...installerEnv(),
          ONEFICHIER_API_KEY: key,
          ONEFICHIER_PACE_DIR: mkdtempSync(join(work, 'pace-')),
          // A second guard: axios sends anything not on loopback to a closed port, never to the real service.
          HTTPS_PROXY: 'http://127.0.0.1:9',
          HTTP_PROXY: 'http://127.0.0.1:9',
          NO_PROXY: '127.0.0.1,localhost',
        },
        timeoutMs: 120_000,
      });
      noKey(`${r.stdout}${r.stderr}`, "the example's output");
      assert(r.code === 0, `node example.mjs: exit ${r.code}:\n${tail(r)}`);
      const added = sandbox.state().files.filter((f) => !before.has(f.url));
      for (const [n, b] of bytes) {
        const file = added.find((f) => f.filename === n);
        assert(file, `no new file named ${n} in the sandbox (new: ${added.map((f) => f.filename).join(', ') || 'none'})`);
        assert(file.size === b.length, `${n}: ${file.size} bytes stored, ${b.length} sent`);
      }
      assert(added.length > 0, 'the example uploaded nothing');
      // What the example downloads back (to /tmp/, here tmp/) must be the bytes it sent.
      for (const [n, b] of bytes) {
        const back = join(project, 'tmp', n);
        if (existsSync(back)) assert(readFileSync(back).equals(b), `${n} came back different from what was uploaded`);
      }
      return `${added.length} file(s) uploaded`;
    });
  }
}

async function main() {
  const t = { work: mkdtempSync(join(tmpdir(), 'e2e-registry-1fichier-')), published: new Map() };
  /** A package the publish group could not put on the registry: its install checks do not run (its FAIL says why). */
  const notPublished = (name, what) => process.stdout.write(`SKIP ${what}: ${name} is not on the registry (its FAIL above says why)\n`);
  try {
    await group('publish to an empty registry as a release does', () => publishChecks(t));
    const { startSandbox } = loadSandbox();
    t.sandbox = await startSandbox({ dataDir: join(t.work, 'sandbox'), reset: true });
    t.key = t.sandbox.premiumKey;
    t.noKey = (text, where) => assert(!String(text).includes(t.key), `the API key appears in ${where}`);
    if (t.published.has('n8n-nodes-1fichier')) await group('n8n-nodes-1fichier installed into n8n', () => n8nInstallChecks(t));
    else notPublished('n8n-nodes-1fichier', 'the n8n install and workflow');
    if (t.published.has('@onefichier/language-server'))
      await group('@onefichier/language-server through npx', () => languageServerChecks(t));
    else notPublished('@onefichier/language-server', 'npx and the LSP checks');
    if (t.published.has('@onefichier/core')) await group('@onefichier/core in an empty project', () => coreChecks(t));
    else notPublished('@onefichier/core', 'the core install and the README example');
    await group('no key in the logs', () =>
      check('the registry log holds no API key', () =>
        t.noKey(readFileSync(join(t.registry.dir, 'verdaccio.log'), 'utf8'), "Verdaccio's log"),
      ),
    );
  } finally {
    await t.sandbox?.stop();
    await stopProcess(t.registry?.child);
    if (!keep) rmSync(t.work, { recursive: true, force: true });
    else process.stdout.write(`[registry] kept ${t.work}\n`);
  }
  finish();
}

main().catch((err) => finish(1, { crash: err }));
