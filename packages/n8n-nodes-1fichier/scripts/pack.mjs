// pnpm pack of this package into a temporary folder, unpacked: what npm users (and n8n) would install.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..');

function sh(cmd, args, cwd) {
  const res = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${res.status}): ${(res.stderr || res.stdout).slice(-2000)}`);
  return res.stdout;
}

/** Returns { tarball, dir } where dir is the unpacked package root. Builds first when asked. */
export function packToTemp({ buildFirst = true } = {}) {
  if (buildFirst) sh(process.execPath, [join(pkgDir, 'scripts', 'build.mjs')], pkgDir);
  const out = mkdtempSync(join(tmpdir(), 'n8n-nodes-1fichier-pack-'));
  sh('pnpm', ['pack', '--pack-destination', out], pkgDir);
  const tarball = readdirSync(out).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error(`pnpm pack wrote no tarball into ${out}`);
  sh('tar', ['-xzf', join(out, tarball), '-C', out], out);
  return { tarball: join(out, tarball), dir: join(out, 'package') };
}
