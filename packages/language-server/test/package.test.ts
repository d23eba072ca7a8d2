/**
 * The published package: what `npm i -g @onefichier/language-server` installs and runs. The bundle is built by
 * test/global-setup.js; the file list is npm's own (`npm pack --dry-run --json`), the one pnpm publish sends.
 */
import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  version: string;
  private?: boolean;
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
  engines?: Record<string, string>;
};
const bin = manifest.bin?.['onefichier-language-server'];

function run(args: string[]) {
  if (bin === undefined) throw new Error('package.json has no bin onefichier-language-server');
  return spawnSync(process.execPath, [path.join(root, bin), ...args], { encoding: 'utf8', timeout: 10_000 });
}

describe('the published language server', () => {
  it('has the bin onefichier-language-server, is public and says which Node it needs', () => {
    expect(bin).toBe('dist/server.js');
    expect(manifest.private).toBeUndefined();
    expect(manifest.engines?.node).toMatch(/^>=20/);
  });

  it('prints its version with --version and exits 0', () => {
    const r = run(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(manifest.version);
    expect(r.stderr).toBe('');
  });

  it('prints its usage with --help and exits 0', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: onefichier-language-server --stdio');
    expect(r.stdout).toContain('ONEFICHIER_API_KEY');
    expect(r.stdout).toContain('--version');
  });

  it('packs the bundle, LICENSE and README, no source map and no runtime dependency', () => {
    expect(manifest.dependencies ?? {}).toEqual({});
    const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(pack.status).toBe(0);
    const [result] = JSON.parse(pack.stdout) as Array<{ files: Array<{ path: string }> }>;
    const files = (result?.files ?? []).map((f) => f.path).sort();
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'dist/server.js', 'dist/ThirdPartyNotices.txt', 'package.json']));
    expect(files.filter((f) => f.endsWith('.meta.json'))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/'))).toEqual([]);
  });

  it("lists the licences of what it bundles, and bundles hash-wasm's Whirlpool build only", () => {
    const notices = readFileSync(path.join(root, 'dist', 'ThirdPartyNotices.txt'), 'utf8');
    for (const name of ['vscode-languageserver', 'vscode-jsonrpc', 'axios', 'hash-wasm']) {
      expect(notices).toMatch(new RegExp(`^- ${name} \\d+\\.\\d+\\.\\d+ \\(MIT\\)`, 'm'));
    }
    // The licence texts themselves, not only the names.
    expect(notices).toContain('Permission is hereby granted, free of charge');
    const bundle = readFileSync(path.join(root, 'dist', 'server.js'), 'utf8');
    expect(bundle).toContain('createWhirlpool');
    expect(bundle).not.toMatch(/createBLAKE2b|createSHA3|createArgon2/);
  });
});
