import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { startSandbox, type Sandbox } from '@onefichier/sandbox';

export interface SandboxHandle {
  /** The running sandbox (from the file's beforeAll on). */
  readonly sandbox: Sandbox;
  /** The node's credential for it: the Premium key and the sandbox's base URL. */
  credentials(): { oneFichierApi: { apiKey: string; baseUrl: string } };
}

/** A sandbox for one test file: started with an empty data folder before its tests, stopped and removed after. */
export function useSandbox(dataDirPrefix: string): SandboxHandle {
  let sandbox: Sandbox | undefined;
  let dataDir: string | undefined;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), dataDirPrefix));
    sandbox = await startSandbox({ dataDir, reset: true });
  });
  afterAll(async () => {
    await sandbox?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  const handle: SandboxHandle = {
    get sandbox(): Sandbox {
      if (!sandbox) throw new Error('useSandbox: the sandbox starts in beforeAll');
      return sandbox;
    },
    credentials: () => ({ oneFichierApi: { apiKey: handle.sandbox.premiumKey, baseUrl: handle.sandbox.apiBaseUrl } }),
  };
  return handle;
}
