/**
 * What the Marketplace and Open VSX read from the manifest: preview, where the extension runs, the
 * banner, the build vsce runs before packing, the unofficial note, and the first-run walkthrough whose
 * buttons and completion events name commands, views and context keys the extension really has.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { readManifest } from '../manifest';

const root = path.join(__dirname, '..', '..');
const manifest = readManifest();
const commands = new Set<string>(manifest.contributes.commands.map((c: { command: string }) => c.command));
const views = new Set<string>(
  Object.values(manifest.contributes.views as Record<string, Array<{ id: string }>>)
    .flat()
    .map((v) => v.id),
);
const containers = new Set<string>(manifest.contributes.viewsContainers.activitybar.map((c: { id: string }) => c.id));

test('is marked preview, runs where the workspace is, and has a gallery banner', () => {
  expect(manifest.preview).toBe(true);
  expect(manifest.extensionKind).toEqual(['workspace']);
  expect(manifest.galleryBanner.color).toMatch(/^#[0-9a-f]{6}$/i);
  expect(['dark', 'light']).toContain(manifest.galleryBanner.theme);
});

test('vsce builds the production bundles itself (vscode:prepublish), and the package script only packs', () => {
  expect(manifest.scripts['vscode:prepublish']).toBe('node build.mjs --production');
  expect(manifest.scripts.package).toMatch(/^vsce package /);
});

test('the .vsix carries the licence notices build.mjs writes for its bundles (scripts/lib/bundle.mjs)', () => {
  expect(fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8')).toMatch(/^!dist\/ThirdPartyNotices\.txt$/m);
  expect(fs.readFileSync(path.join(root, 'build.mjs'), 'utf8')).toContain("join(dist, 'ThirdPartyNotices.txt')");
});

test('the README says the extension is unofficial', () => {
  expect(fs.readFileSync(path.join(root, 'README.md'), 'utf8')).toMatch(
    /Unofficial\.\*\* .*not made, endorsed or\s*>?\s*supported by 1fichier\.com/s,
  );
});

describe('the walkthrough', () => {
  const [walkthrough] = manifest.contributes.walkthroughs as Array<{
    steps: Array<{ id: string; description: string; media: { markdown: string }; completionEvents: string[] }>;
  }>;
  const steps = walkthrough?.steps ?? [];

  test('sets the key, browses, uploads and syncs, in that order', () => {
    expect(steps.map((s) => s.id)).toEqual(['setKey', 'browse', 'upload', 'sync']);
  });

  test.each(steps.map((s) => [s.id, s] as const))('%s: its page is packed, its button and completion events are real', (_id, step) => {
    const page = path.join(root, step.media.markdown);
    expect(fs.readFileSync(page, 'utf8')).toMatch(/^# /);
    expect(fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8')).toContain(`!${path.posix.dirname(step.media.markdown)}/*.md`);

    const buttons = [...step.description.matchAll(/\]\(command:([\w.]+)\)/g)].map((m) => m[1] as string);
    expect(buttons.length).toBe(1);
    for (const c of buttons) {
      const container = /^workbench\.view\.extension\.(.+)$/.exec(c)?.[1];
      expect(container ? containers.has(container) : commands.has(c)).toBe(true);
    }
    expect(step.completionEvents.length).toBeGreaterThan(0);
    for (const event of step.completionEvents) {
      const [kind, name] = event.split(/:(.*)/s) as [string, string];
      if (kind === 'onCommand') expect(commands).toContain(name);
      else if (kind === 'onView') expect(views).toContain(name);
      else if (kind === 'onContext') {
        // The context key is set by the extension itself.
        const sources = (fs.readdirSync(path.join(root, 'src'), { recursive: true }) as string[])
          .filter((f) => f.endsWith('.ts'))
          .map((f) => fs.readFileSync(path.join(root, 'src', f), 'utf8'));
        expect(sources.some((s) => s.includes(`'${name}'`) && s.includes('setContext'))).toBe(true);
      } else throw new Error(`unexpected completion event ${event}`);
    }
  });
});
