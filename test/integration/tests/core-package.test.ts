/**
 * @onefichier/core as other Node users get it: the files `npm pack` puts in the tarball (the ones pnpm publish
 * sends), the exports map's targets among them, source maps that resolve inside the package, and the
 * README's upload example run as written, from a project that imports the built package, against the sandbox.
 */
import { execFileSync, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { newEnv, stopEnvs } from './helpers';

const coreDir = path.join(__dirname, '..', '..', '..', 'packages', 'core');
const manifest = JSON.parse(fs.readFileSync(path.join(coreDir, 'package.json'), 'utf8')) as {
  private?: boolean;
  engines?: Record<string, string>;
  exports: Record<string, string | Record<string, string>>;
};

/** Every file path an exports entry points at (conditions flattened). */
function exportTargets(): string[] {
  return Object.values(manifest.exports)
    .flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t)))
    .map((t) => path.posix.normalize(t));
}

let packed: string[] = [];

beforeAll(() => {
  // The tarball holds dist/: build it as `pnpm --filter @onefichier/core run build` does.
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(coreDir, 'tsconfig.build.json')], {
    stdio: 'inherit',
  });
  const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: coreDir, encoding: 'utf8' });
  if (pack.status !== 0) throw new Error(`npm pack failed: ${pack.stderr}`);
  const [result] = JSON.parse(pack.stdout) as Array<{ files: Array<{ path: string }> }>;
  packed = (result?.files ?? []).map((f) => f.path);
}, 180_000);

afterAll(stopEnvs);

describe('the published core', () => {
  it('is public, says which Node it needs and packs LICENSE, README and every exports target', () => {
    expect(manifest.private).toBeUndefined();
    expect(manifest.engines?.node).toMatch(/^>=20/);
    expect(packed).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/node/index.js']));
    for (const target of exportTargets()) expect(packed).toContain(target);
    expect(packed.filter((f) => f.startsWith('test/') || f.startsWith('bench/'))).toEqual([]);
  });

  it('ships source maps whose sources are in the tarball', () => {
    const maps = packed.filter((f) => f.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(0);
    const unresolved: string[] = [];
    for (const map of maps) {
      const { sources } = JSON.parse(fs.readFileSync(path.join(coreDir, map), 'utf8')) as { sources: string[] };
      for (const s of sources) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(map), s));
        if (!packed.includes(target)) unresolved.push(`${map} -> ${s}`);
      }
    }
    expect(unresolved).toEqual([]);
  });

  it("runs the README's upload example as written, against the sandbox", async () => {
    const readme = fs.readFileSync(path.join(coreDir, 'README.md'), 'utf8');
    const example = /Save this as `upload\.mjs`[\s\S]*?```js\n([\s\S]*?)```/.exec(readme)?.[1];
    if (example === undefined) throw new Error('packages/core/README.md has no upload.mjs example');
    expect(example.trim().split('\n').length).toBeLessThanOrEqual(10);

    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'core-consumer-'));
    fs.mkdirSync(path.join(project, 'node_modules', '@onefichier'), { recursive: true });
    fs.symlinkSync(coreDir, path.join(project, 'node_modules', '@onefichier', 'core'), 'dir');
    fs.writeFileSync(path.join(project, 'upload.mjs'), example);
    fs.writeFileSync(path.join(project, 'report.txt'), 'quarterly numbers\n');

    const env = await newEnv();
    // Asynchronous: the sandbox answers from this process.
    const child = spawn(process.execPath, ['upload.mjs', 'report.txt'], {
      cwd: project,
      timeout: 50_000,
      env: { ...process.env, ONEFICHIER_API_KEY: env.key, ONEFICHIER_API_BASE_URL: env.sandbox.apiBaseUrl },
    });
    const run = { stdout: '', stderr: '', status: null as number | null };
    child.stdout.on('data', (d: Buffer) => (run.stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (run.stderr += d.toString()));
    run.status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    fs.rmSync(project, { recursive: true, force: true });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const url = /^report\.txt: (\S+)$/m.exec(run.stdout)?.[1];
    expect(url).toBeDefined();
    const listing = await env.client.listFiles();
    expect(listing.items.map((f) => [f.filename, f.url])).toContainEqual(['report.txt', url]);
  });
});
