/** The bundled server as a program: how it starts and how it ends. */
import { spawn, spawnSync } from 'child_process';
import * as path from 'path';

const serverPath = path.join(__dirname, '..', 'dist', 'server.js');

describe('dist/server.js', () => {
  it('explains how to start it when no transport is given', () => {
    const run = spawnSync(process.execPath, [serverPath], { encoding: 'utf8', timeout: 10_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('start it with --stdio');
    expect(run.stdout).toBe('');
  });

  it('exits when the editor closes its stdin (no orphan after an editor crash)', async () => {
    const child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.stdin.end();
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      exited,
      new Promise<'timeout'>((r) => {
        timer = setTimeout(() => r('timeout'), 10_000);
      }),
    ]);
    clearTimeout(timer);
    if (code === 'timeout') child.kill();
    expect(code).not.toBe('timeout');
  });
});
