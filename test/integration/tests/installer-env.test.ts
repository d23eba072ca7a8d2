// The installers (scripts/lib/tools.mjs) must run npm and apt-get in an environment of their own, whichever
// way they were started: under `pnpm test`, `pnpm start` or `npx pnpm@10 …`, pnpm's variables once made
// code-server's post-install refuse to run on a fresh machine.
import { spawnSync } from 'child_process';
import * as path from 'path';

const tools = path.join(__dirname, '..', '..', '..', 'scripts', 'lib', 'tools.mjs');

/** Runs `script` as an ES module that has `tools` imported, with `env` as its whole environment. */
function runWithTools(script: string, env: Record<string, string>): string {
  const res = spawnSync(process.execPath, ['--input-type=module', '-e', `import * as tools from ${JSON.stringify(tools)};\n${script}`], {
    env,
    encoding: 'utf8',
  });
  if (res.status !== 0) throw new Error(`child failed (${res.status}): ${res.stderr}`);
  return res.stdout;
}

/** What pnpm (started through npx) puts in the environment of `pnpm test`'s scripts. */
const underPnpm = {
  HOME: '/root',
  LANG: 'C.UTF-8',
  PATH: [
    '/work/repo/node_modules/.bin',
    '/root/.npm/_npx/0123abcd/node_modules/pnpm/dist/node-gyp-bin',
    '/root/.npm/_npx/0123abcd/node_modules/.bin',
    '/usr/local/bin',
    '/usr/bin',
    '/bin',
  ].join(':'),
  npm_config_user_agent: 'pnpm/10.34.9 npm/? node/v20.20.2 linux x64',
  npm_config_frozen_lockfile: '',
  npm_config_link_workspace_packages: 'true',
  npm_lifecycle_event: 'test',
  npm_execpath: '/root/.npm/_npx/0123abcd/node_modules/pnpm/bin/pnpm.cjs',
  npm_package_name: 'onefichier-toolkit',
  PNPM_SCRIPT_SRC_DIR: '/work/repo',
  INIT_CWD: '/work/repo',
  ONEFICHIER_TOOLS_DIR: '/tmp/tools',
};

test('installerEnv drops every package-manager variable and PATH entry, and keeps the rest', () => {
  const env = JSON.parse(runWithTools('process.stdout.write(JSON.stringify(tools.installerEnv({ EXTRA: "1" })));', underPnpm));
  expect(Object.keys(env).filter((k) => /^(npm_|pnpm_)|INIT_CWD/i.test(k))).toEqual([]);
  expect(env.PATH).toBe('/usr/local/bin:/usr/bin:/bin');
  expect(env).toMatchObject({ HOME: '/root', LANG: 'C.UTF-8', ONEFICHIER_TOOLS_DIR: '/tmp/tools', EXTRA: '1' });
});

test('an isolated run() child sees none of pnpm’s variables; a plain run() child still does', () => {
  const probe = `process.stdout.write(JSON.stringify({
    isolated: tools.run(process.execPath, ['-p', 'process.env.npm_config_user_agent ?? "none"'], { isolated: true }).trim(),
    plain: tools.run(process.execPath, ['-p', 'process.env.npm_config_user_agent ?? "none"']).trim(),
    extra: tools.run(process.execPath, ['-p', 'process.env.npm_config_yes'], { isolated: true, env: { npm_config_yes: 'true' } }).trim(),
  }));`;
  const out = JSON.parse(runWithTools(probe, underPnpm));
  expect(out).toEqual({ isolated: 'none', plain: underPnpm.npm_config_user_agent, extra: 'true' });
});
