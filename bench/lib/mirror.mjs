// Builds a package's bundle without touching its real dist/: other engineers' runs in this checkout (and
// the packed .vsix) use that folder. The mirror in bench/tmp has every entry of the package as a symlink
// except dist/ and the build script, which is copied: Node resolves a symlinked script to its real folder,
// and the script would then build there. Sibling packages are symlinked for the scripts' ../core paths, and
// the repository's scripts/ for their ../../scripts/lib imports.
import { copyFileSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Returns the mirror's package folder; `script` is the build script's path inside the package. */
export function mirrorPackage(root, tmp, name, script) {
  const base = join(tmp, `mirror-${name}`);
  rmSync(base, { recursive: true, force: true });
  const realPkg = join(root, 'packages', name);
  const pkg = join(base, 'packages', name);
  const link = (rel) => {
    const scriptDir = dirname(script);
    for (const entry of readdirSync(join(realPkg, rel))) {
      const relEntry = rel ? join(rel, entry) : entry;
      if (relEntry === 'dist' || relEntry === 'out') continue;
      if (relEntry === script) copyFileSync(join(realPkg, relEntry), join(pkg, relEntry));
      else if (relEntry === scriptDir) {
        mkdirSync(join(pkg, relEntry), { recursive: true });
        link(relEntry);
      } else symlinkSync(join(realPkg, relEntry), join(pkg, relEntry));
    }
  };
  mkdirSync(pkg, { recursive: true });
  link('');
  for (const sibling of readdirSync(join(root, 'packages'))) {
    if (sibling !== name) symlinkSync(join(root, 'packages', sibling), join(base, 'packages', sibling));
  }
  // The build scripts share the repository's scripts/lib (bundle.mjs: licence notices, hash-wasm's build).
  symlinkSync(join(root, 'scripts'), join(base, 'scripts'));
  return pkg;
}
