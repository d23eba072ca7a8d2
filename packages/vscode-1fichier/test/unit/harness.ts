/**
 * Runs the real extension (activate) against a real sandbox, with only the `vscode` module faked. The
 * core client is the real one over axios; its limits are relaxed so tests do not wait for the listing
 * budget (the budget itself is the core's business and tested there).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OneFichierClient, type ClientOptions } from '@onefichier/core';
import { resetSharedPacers } from '@onefichier/core/internal';
import { FileReplacedLinks, createAxiosTransport, realClock } from '@onefichier/core/node';
import { startSandbox, type Sandbox, type SandboxOptionsInput } from '@onefichier/sandbox';
import * as backend from '../../src/backend';
import { activate } from '../../src/extension';
import type { Services } from '../../src/services';
import { apiHostOf, CONFIRMED_HOSTS_STATE } from '../../src/apiHosts';
import { FakeMemento, FakeSecretStorage, settings, ui, workspaceSettings } from '../fakes/vscode';

const FAST: Partial<ClientOptions> = {
  limits: {
    minIntervalMs: 0,
    listingIntervalMs: 0,
    fileInfoIntervalMs: 0,
    folderListIntervalMs: 0,
    accountListIntervalMs: 0,
    userInfoIntervalMs: 0,
  },
  retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 50, floodCooldownMs: 50 },
  uploadPolling: { endPollIntervalMs: 50 },
};

export interface Harness {
  sandbox: Sandbox;
  services: Services;
  /** Activates the extension again with the same profile (globalState, secrets): a second window. */
  secondWindow(): Services;
  secrets: FakeSecretStorage;
  /** A client of its own, to seed and inspect the sandbox the way a second device would. */
  seed: OneFichierClient;
  tmp: string;
  stop(): Promise<void>;
}

function fastClient(apiKey: string, baseUrl: string): OneFichierClient {
  return new OneFichierClient({ transport: createAxiosTransport(), clock: realClock, apiKey, baseUrl, ...FAST });
}

/** A harness whose key is set to the sandbox's Premium key: the extension as a user has it after "Set API Key". */
export async function startConnectedHarness(options: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  const harness = await startHarness(options);
  await harness.services.keys.set(harness.sandbox.premiumKey);
  return harness;
}

/** A row of the sync preview's quick pick (src/sync/preview.ts), as the tests read it. */
export type SyncPreviewItem = { label: string; action?: string; kind?: number; description?: string; mirror?: boolean };

/** `confirmHost: false` leaves the sandbox's host unconfirmed (src/apiHosts.ts); by default it is confirmed, as the playground does. */
export async function startHarness(
  options: { sandbox?: SandboxOptionsInput; settings?: Record<string, unknown>; confirmHost?: boolean } = {},
): Promise<Harness> {
  resetSharedPacers();
  ui.reset();
  settings.clear();
  workspaceSettings.clear();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-1fichier-test-'));
  const sandbox = await startSandbox({
    dataDir: path.join(tmp, 'sandbox'),
    ...options.sandbox,
    limits: { ratePerSecond: 10_000, burst: 10_000, endpointBudgets: false, ...options.sandbox?.limits },
  });
  settings.set('onefichier.apiBaseUrl', sandbox.apiBaseUrl);
  for (const [k, v] of Object.entries(options.settings ?? {})) settings.set(k, v);
  const secrets = new FakeSecretStorage();
  const globalState = new FakeMemento();
  if (options.confirmHost !== false) await globalState.update(CONFIRMED_HOSTS_STATE, [apiHostOf(sandbox.apiBaseUrl)]);
  const context = { subscriptions: [] as { dispose(): unknown }[], secrets, globalState, extensionPath: path.join(__dirname, '..', '..') };
  const loader = () => ({
    ...backend,
    createClient: (s: backend.ClientSettings) =>
      new OneFichierClient({
        transport: createAxiosTransport(),
        clock: realClock,
        apiKey: s.apiKey,
        baseUrl: s.baseUrl,
        onEvent: s.onEvent,
        ...FAST,
      }),
    // The record of replaced links of this test alone (replacedLinksPath), not the user's.
    replacedLinks: (onProblem: (message: string) => void) => new FileReplacedLinks(replacedLinksPath(tmp), onProblem),
  });
  const services = activate(context as never, loader);
  const seed = fastClient(sandbox.premiumKey, sandbox.apiBaseUrl);
  return {
    sandbox,
    services,
    secrets,
    seed,
    tmp,
    secondWindow: () => activate(context as never, loader),
    stop: async () => {
      for (const d of context.subscriptions) d.dispose();
      await sandbox.stop();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Where a harness keeps its record of replaced links (what the language server would read). */
export function replacedLinksPath(tmp: string): string {
  return path.join(tmp, 'replaced-links.json');
}

/** Writes a local file for uploads and returns its path. */
export function localFile(dir: string, relative: string, content: string | Buffer): string {
  const full = path.join(dir, relative);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, content);
  return full;
}

/** Uploads a small file with the seed client. */
export async function seedFile(h: Harness, name: string, content: string, folderId = 0): Promise<string> {
  const bytes = Buffer.from(content);
  const [uploaded] = await h.seed.upload(
    [
      {
        name,
        size: bytes.length,
        reopenable: true,
        open: () =>
          (async function* () {
            yield new Uint8Array(bytes);
          })(),
      },
    ],
    { folderId },
  );
  return (uploaded as { url: string }).url;
}

/**
 * Waits until `check` holds: the status item and other views update from calls of their own after the
 * command returns. A fixed sleep would fail on a slow machine; this fails only after `timeoutMs`.
 */
export async function eventually(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Still not true after ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
