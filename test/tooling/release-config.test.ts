/**
 * scripts/check-release-config.mjs: every published manifest's repository, homepage, bugs, author and (for the
 * extension) publisher and README image base come from release.config.json, checked on the repository and
 * on a copy where one of them drifts.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const repoRoot = path.join(__dirname, '..', '..');
const script = path.join(repoRoot, 'scripts', 'check-release-config.mjs');
const config = JSON.parse(fs.readFileSync(path.join(repoRoot, 'release.config.json'), 'utf8')) as {
  repository: string;
  vscodePublisher: string;
  packages: string[];
};

function check(root: string, ...args: string[]) {
  return spawnSync(process.execPath, [script, '--root', root, ...args], { encoding: 'utf8' });
}

/** release.config.json and the published manifests, in a temporary folder. */
function copy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'release-config-'));
  fs.copyFileSync(path.join(repoRoot, 'release.config.json'), path.join(dir, 'release.config.json'));
  for (const p of config.packages) {
    fs.mkdirSync(path.join(dir, p), { recursive: true });
    fs.copyFileSync(path.join(repoRoot, p, 'package.json'), path.join(dir, p, 'package.json'));
  }
  return dir;
}

const manifestAt = (root: string, p: string) => JSON.parse(fs.readFileSync(path.join(root, p, 'package.json'), 'utf8'));

describe('release.config.json', () => {
  it('names the four published packages, and every manifest of the repository matches it', () => {
    expect(config.packages.sort()).toEqual(
      ['packages/core', 'packages/language-server', 'packages/n8n-nodes-1fichier', 'packages/vscode-1fichier'].sort(),
    );
    const run = check(repoRoot);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('reports a manifest that drifts, says how to fix it, and --write sets it back', () => {
    const dir = copy();
    const vscode = manifestAt(dir, 'packages/vscode-1fichier');
    vscode.publisher = 'someone-else';
    vscode.scripts.package = vscode.scripts.package.replace(/--baseImagesUrl \S+/, '--baseImagesUrl https://example.com/');
    fs.writeFileSync(path.join(dir, 'packages/vscode-1fichier/package.json'), JSON.stringify(vscode));
    const core = manifestAt(dir, 'packages/core');
    core.repository.url = 'https://github.com/fork/onefichier-toolkit.git';
    fs.writeFileSync(path.join(dir, 'packages/core/package.json'), JSON.stringify(core));

    const drift = check(dir);
    expect(drift.status).toBe(1);
    expect(drift.stderr).toContain('packages/vscode-1fichier/package.json: "publisher" is "someone-else"');
    expect(drift.stderr).toContain('packages/vscode-1fichier/package.json: scripts.package must pass --baseImagesUrl');
    expect(drift.stderr).toContain('packages/core/package.json: "repository"');
    expect(drift.stderr).toContain('--write');

    expect(check(dir, '--write').status).toBe(0);
    expect(check(dir).status).toBe(0);
    expect(manifestAt(dir, 'packages/vscode-1fichier').publisher).toBe(config.vscodePublisher);
    expect(manifestAt(dir, 'packages/core').repository.url).toBe(`${config.repository}.git`);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("wants the extension README's images as absolute URLs of files in the repository (the Marketplace shows it elsewhere)", () => {
    const dir = copy();
    const readme = path.join(dir, 'packages/vscode-1fichier/README.md');
    fs.mkdirSync(path.join(dir, 'docs/screenshots'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'docs/screenshots/tree.png'), '');
    fs.writeFileSync(readme, `![tree](${config.repository}/raw/HEAD/docs/screenshots/tree.png)\n`);
    expect(check(dir).status).toBe(0);
    fs.writeFileSync(readme, '![tree](../../docs/screenshots/tree.png)\n<img src="media/missing.png">\n');
    const relative = check(dir);
    expect(relative.status).toBe(1);
    expect(relative.stderr).toContain('the image ../../docs/screenshots/tree.png must be an absolute URL');
    expect(relative.stderr).toContain('the image media/missing.png must be an absolute URL');
    fs.writeFileSync(readme, `![tree](${config.repository}/raw/HEAD/docs/screenshots/gone.png)\n`);
    expect(check(dir).stderr).toContain('names no file of the repository');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('moves every manifest when the repository moves', () => {
    const dir = copy();
    const moved = { ...config, repository: 'https://github.com/new-home/onefichier' };
    fs.writeFileSync(path.join(dir, 'release.config.json'), JSON.stringify(moved));
    const run = check(dir);
    expect(run.status).toBe(1);
    for (const p of config.packages) expect(run.stderr).toContain(`${p}/package.json: "repository"`);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
