/**
 * What ships: dist/ must be self-contained (n8n installs no dependency of a community package), and the
 * tarball `pnpm pack` produces must load in Node as n8n loads it.
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';
import * as ts from 'typescript';

const pkgDir = resolve(__dirname, '..', '..', 'packages', 'n8n-nodes-1fichier');
const dist = join(pkgDir, 'dist');

/** Modules the bundles may require at run time. */
const ALLOWED = new Set(['n8n-workflow', 'crypto', 'node:crypto']);

function run(args: string[], cwd = pkgDir): string {
  const res = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`node ${args.join(' ')} failed:\n${res.stdout}\n${res.stderr}`);
  return res.stdout;
}

function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? jsFiles(path) : path.endsWith('.js') ? [path] : [];
  });
}

/** Every module specifier of require(), import() and import/export-from in a file, found by parsing it. */
function moduleSpecifiers(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, false, ts.ScriptKind.JS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const isRequire = ts.isIdentifier(callee) && callee.text === 'require';
      const isImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      if (isRequire || isImport) {
        const arg = node.arguments[0];
        found.push(
          arg && ts.isStringLiteralLike(arg)
            ? arg.text
            : `<computed ${isRequire ? 'require' : 'import'}: ${node.getText(source).slice(0, 60)}>`,
        );
      }
    }
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push(node.moduleSpecifier.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('dist', () => {
  beforeAll(() => {
    run([join('scripts', 'build.mjs')]);
  });

  test('requires nothing but n8n-workflow, crypto and its own files', () => {
    const files = jsFiles(dist);
    expect(files.length).toBeGreaterThanOrEqual(4);
    const offenders: string[] = [];
    for (const file of files) {
      for (const spec of moduleSpecifiers(file)) {
        if (ALLOWED.has(spec)) continue;
        if (spec.startsWith('.')) {
          const target = resolve(dirname(file), spec);
          if (target.startsWith(dist) && existsSync(target)) continue;
        }
        offenders.push(`${relative(pkgDir, file)}: ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  test('bundles the pure core once, without its Node entry (axios, fs)', () => {
    const core = readFileSync(join(dist, 'lib', 'onefichier-core.js'), 'utf8');
    expect(core).toContain('OneFichierClient');
    const nodeBundle = readFileSync(join(dist, 'nodes', 'OneFichier', 'OneFichier.node.js'), 'utf8');
    expect(nodeBundle).not.toContain('class OneFichierClient');
    for (const file of jsFiles(dist)) {
      const text = readFileSync(file, 'utf8');
      // The Node entry's marks: its transport, its file sources and its environment lookup of the key. (The
      // variable's name itself is in the pure LSP contract, core/src/lsp-contract.ts, and may be bundled.)
      expect(text).not.toMatch(/axios|createReadStream|apiKeyFromEnv|process\.env/);
    }
  });

  test('ships the icons and codex files next to the files that name them', () => {
    for (const path of [
      'nodes/OneFichier/onefichier.svg',
      'nodes/OneFichier/onefichier.dark.svg',
      'nodes/OneFichier/OneFichier.node.json',
      'nodes/OneFichier/OneFichierTrigger.node.json',
      'icons/onefichier.svg',
      'icons/onefichier.dark.svg',
    ]) {
      expect(existsSync(join(dist, path))).toBe(true);
    }
  });
});

describe('packed tarball', () => {
  let unpacked = '';

  beforeAll(() => {
    const out = run([
      '--input-type=module',
      '-e',
      "const m = await import('./scripts/pack.mjs'); console.log(JSON.stringify(m.packToTemp()));",
    ]);
    unpacked = (JSON.parse(out.trim().split('\n').pop() as string) as { dir: string }).dir;
    // n8n provides n8n-workflow to community packages; nothing else is installed for them.
    mkdirSync(join(unpacked, 'node_modules'), { recursive: true });
    symlinkSync(dirname(require.resolve('n8n-workflow/package.json')), join(unpacked, 'node_modules', 'n8n-workflow'));
  });

  afterAll(() => {
    if (unpacked) rmSync(dirname(unpacked), { recursive: true, force: true });
  });

  test('has a manifest n8n accepts for verified nodes', () => {
    const manifest = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8'));
    expect(manifest.name).toBe('n8n-nodes-1fichier');
    expect(manifest.license).toBe('MIT');
    expect(manifest.keywords).toContain('n8n-community-node-package');
    expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
    expect(manifest.dependencies).toBeUndefined();
    for (const script of ['preinstall', 'install', 'postinstall', 'prepare', 'prepublish'])
      expect(manifest.scripts?.[script]).toBeUndefined();
    // pnpm pack rewrites the workspace protocol.
    expect(JSON.stringify(manifest)).not.toContain('workspace:');
    const files = [...manifest.n8n.nodes, ...manifest.n8n.credentials] as string[];
    for (const file of files) expect(existsSync(join(unpacked, file))).toBe(true);
    expect(existsSync(join(unpacked, 'README.md'))).toBe(true);
    expect(existsSync(join(unpacked, 'LICENSE'))).toBe(true);
    expect(existsSync(join(unpacked, 'nodes'))).toBe(false);
  });

  test('loads the node and credential classes in a plain Node process', () => {
    const script = `
			const path = require('path');
			const manifest = require(path.resolve('package.json'));
			const out = {};
			for (const file of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) {
				const mod = require(path.resolve(file));
				for (const [name, Cls] of Object.entries(mod)) {
					const instance = new Cls();
					const d = instance.description;
					out[name] = d
						? { name: d.name, version: d.version, polling: !!d.polling, usableAsTool: !!d.usableAsTool, properties: d.properties.length,
						    credentials: (d.credentials || []).map((c) => c.name), listSearch: Object.keys((instance.methods || {}).listSearch || {}),
						    icon: d.icon, hasExecute: typeof instance.execute === 'function', hasPoll: typeof instance.poll === 'function' }
						: { name: instance.name, properties: instance.properties.map((p) => p.name), auth: instance.authenticate.type, test: instance.test.request.url };
				}
			}
			console.log(JSON.stringify(out));`;
    const loaded = JSON.parse(run(['-e', script], unpacked).trim());
    expect(loaded.OneFichier).toMatchObject({
      name: 'oneFichier',
      version: [1, 1.1, 1.2],
      usableAsTool: true,
      credentials: ['oneFichierApi'],
      listSearch: ['searchFolders'],
      hasExecute: true,
    });
    expect(loaded.OneFichier.properties).toBeGreaterThan(40);
    expect(loaded.OneFichierTrigger).toMatchObject({ name: 'oneFichierTrigger', polling: true, usableAsTool: false, hasPoll: true });
    expect(loaded.OneFichierApi).toEqual({
      name: 'oneFichierApi',
      properties: ['apiKey', 'baseUrl', 'baseUrlShapeNotice', 'processesSharingKey'],
      auth: 'generic',
      test: '/remote/ls.cgi',
    });
    for (const icon of [loaded.OneFichier.icon.light, loaded.OneFichier.icon.dark]) {
      expect(existsSync(join(unpacked, 'dist', 'nodes', 'OneFichier', String(icon).replace('file:', '')))).toBe(true);
    }
  });
});
