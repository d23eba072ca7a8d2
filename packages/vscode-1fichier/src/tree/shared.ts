/**
 * Folder listings shared by every VS Code window of the profile (globalState). 1fichier allows one listing
 * per folder per 30 s and answers more with a flood lock of the whole IP, and each window has its own
 * client, so a second window opening the same folder reuses the first window's answer (kept current by
 * the tree's patches after uploads, renames and deletes) or waits out the window instead of asking again.
 */
import { createHash } from 'node:crypto';
import { FOLDER_LIST_INTERVAL_MS, type FolderListing } from '@onefichier/core';

/** The service's budget for one folder, plus a second for clocks and transit. */
export const FOLDER_LIST_WINDOW_MS = FOLDER_LIST_INTERVAL_MS + 1_000;
/** Larger listings are not copied into the profile's state (it is not a cache for megabytes). */
const MAX_SHARED_ITEMS = 1000;
const STATE_KEY = 'onefichier.listings';

export interface Memento {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

interface Entry {
  at: number;
  /** Absent when the listing was too large to share: only its time is. */
  listing?: FolderListing;
}

type Store = Record<string, Record<string, Entry>>;

export class SharedListings {
  constructor(
    private readonly state: Memento,
    private readonly accountKey: () => Promise<string | undefined>,
    private readonly now: () => number = Date.now,
  ) {}

  private async account(): Promise<string | undefined> {
    const key = await this.accountKey();
    return key ? createHash('sha256').update(key).digest('hex').slice(0, 16) : undefined;
  }

  /** The latest listing of a folder by any window, if it is still within the budget window. */
  async recent(folderId: number): Promise<Entry | undefined> {
    const account = await this.account();
    if (!account) return undefined;
    const entry = this.state.get<Store>(STATE_KEY)?.[account]?.[String(folderId)];
    return entry && this.now() - entry.at < FOLDER_LIST_WINDOW_MS ? entry : undefined;
  }

  /** Records a listing (fresh from the service, or patched after a change); `at` is when it was listed. */
  async publish(folderId: number, listing: FolderListing, at?: number): Promise<void> {
    const account = await this.account();
    if (!account) return;
    const store = this.state.get<Store>(STATE_KEY) ?? {};
    const forAccount = { ...(store[account] ?? {}) };
    // Entries past the window are of no use to anyone: drop them so the state stays small.
    for (const [id, e] of Object.entries(forAccount)) if (this.now() - e.at >= FOLDER_LIST_WINDOW_MS) delete forAccount[id];
    const previous = forAccount[String(folderId)];
    const small = (listing.items?.length ?? 0) + listing.subFolders.length <= MAX_SHARED_ITEMS;
    forAccount[String(folderId)] = { at: at ?? previous?.at ?? this.now(), ...(small ? { listing } : {}) };
    await this.state.update(STATE_KEY, { [account]: forAccount });
  }
}
