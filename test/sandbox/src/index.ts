import { uploadAsIs } from './as-is';
import { SandboxCore } from './core';
import { resolveOptions, type Faults, type Limits, type SandboxOptionsInput } from './options';
import type { ProfileName } from './profiles';

export { DEFAULT_PREMIUM_KEY, DEFAULT_FREE_KEY, DEFAULT_LIMITS, NO_FAULTS } from './options';
export type { AdvertisedHosts, Faults, Limits, SandboxOptions, SandboxOptionsInput } from './options';
export { FAULT_CATALOG, MUTATION_ENDPOINTS, type FaultName, type FaultSpec, type MutationEndpoint } from './faults';
export { PROFILES, PROFILE_NAMES, profileSettings, type Profile, type ProfileName } from './profiles';

export type SandboxState = ReturnType<SandboxCore['snapshot']>;

export interface Sandbox {
  /** e.g. `http://127.0.0.1:3737/v1`: give it to the client as its base URL. */
  apiBaseUrl: string;
  /** Bare `host:port` of the upload node, as get_upload_server.cgi returns it. */
  uploadHost: string;
  /** e.g. `http://127.0.0.1:41234`: download tokens are `<downloadBaseUrl>/<token>`. */
  downloadBaseUrl: string;
  /** The second download host, where the `downloadRedirects` fault sends a client. */
  secondDownloadBaseUrl: string;
  /** The loopback ports listened on (a proxy maps host names to these). */
  ports: { api: number; uploadNode: number; download: number; secondDownload: number };
  /** The profile now in force (`setProfile` changes it). */
  readonly profile: ProfileName;
  premiumKey: string;
  freeKey: string;
  dataDir: string;
  /** Folders, files, uploads, remote jobs, locks and counters, as `GET /__sandbox/state` shows them. */
  state(): SandboxState;
  /** Merges fault switches for the rest of the run. */
  setFaults(faults: Partial<Faults>): void;
  /** Back to the profile's faults: what the run switched on is off again. */
  resetFaults(): void;
  /** Switches to another profile: its limits and faults replace the current ones, and every lock is lifted. */
  setProfile(profile: ProfileName): void;
  /** Changes limits at run time (also lifts every lock and forgets every budget). */
  setLimits(limits: Partial<Limits>): void;
  /** Lifts every flood lock and forgets every budget. */
  clearLocks(): void;
  /** Stores a file under `name` exactly as given (no encoding), as another client may have: see as-is.ts. */
  uploadAsIs(key: string, name: string, data: Uint8Array, folderId?: number): Promise<string>;
  stop(): Promise<void>;
}

/** Starts the sandbox on loopback. Ports default to 0 (free ports), which is what tests want. */
export async function startSandbox(input: SandboxOptionsInput = {}): Promise<Sandbox> {
  const options = resolveOptions(input);
  const core = new SandboxCore(options);
  try {
    await core.start();
  } catch (e) {
    await core.stop();
    throw e;
  }
  return {
    apiBaseUrl: core.apiBaseUrl,
    uploadHost: core.uploadHost,
    downloadBaseUrl: core.downloadBaseUrl,
    secondDownloadBaseUrl: core.secondDownloadBaseUrl,
    ports: { ...core.ports },
    get profile() {
      return core.profile;
    },
    premiumKey: options.premiumKeys[0] ?? '',
    freeKey: options.freeKeys[0] ?? '',
    dataDir: options.dataDir,
    state: () => core.snapshot(),
    setFaults: (f) => core.setFaults(f),
    resetFaults: () => core.resetFaults(),
    setProfile: (p) => core.setProfile(p),
    setLimits: (l) => core.setLimits(l),
    clearLocks: () => core.guard.clear(),
    uploadAsIs: (key, name, data, folderId) => uploadAsIs(core, key, name, data, folderId),
    stop: () => core.stop(),
  };
}
