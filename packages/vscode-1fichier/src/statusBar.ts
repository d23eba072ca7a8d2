/**
 * The account in the status bar: offer and storage used. user/info.cgi is allowed once per minute per IP
 * and once per 5 minutes per user, and 1fichier answers excess with a flood lock of the whole IP. So the
 * answer is shared by every VS Code window of the profile (globalState) and asked again only when older
 * than 10 minutes, and only once the user has connected (the first tree load), never at start-up.
 */
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { AccountInfo } from '@onefichier/core';
import { describeError } from './errors';
import { plural, size } from './locale';
import type { Services } from './services';

const STATUS_REFRESH_MS = 10 * 60 * 1000;

/**
 * The account in words. `changedBytes`: what this profile's own uploads (+) and deletes (-) changed since
 * 1fichier's answer, counted so the numbers do not look stale until the next user/info call.
 */
export function describeAccount(info: AccountInfo, changedBytes = 0): { offer: string; storage: string; cdn?: string } {
  const offerNames: Record<string, string> = { '0': vscode.l10n.t('Free'), '1': 'Premium', '2': 'Access' };
  const offer = offerNames[String(info.offer)] ?? (String(info.offer) || vscode.l10n.t('unknown'));
  const { used, total } = storageOf(info, changedBytes);
  const storage = total > 0 ? vscode.l10n.t('{0} of {1} used', size(used), size(total)) : vscode.l10n.t('{0} used', size(used));
  const cdn = info.cdn !== undefined && info.cdn !== '' && Number(info.cdn) > 0 ? String(info.cdn) : undefined;
  return cdn ? { offer, storage, cdn } : { offer, storage };
}

function storageOf(info: AccountInfo, changedBytes: number): { used: number; total: number } {
  return {
    used: Math.max(0, info.coldStorage + info.hotStorage + changedBytes),
    total: info.availableColdStorage || info.allowedColdStorage,
  };
}

/** The status item's short form of the storage: the sizes without "used". */
function storageShort(info: AccountInfo, changedBytes: number): string {
  const { used, total } = storageOf(info, changedBytes);
  return total > 0 ? vscode.l10n.t('{0} of {1}', size(used), size(total)) : size(used);
}

/** 15:00: the local time of day an answer is from. */
export function timeOfDay(at: number): string {
  const d = new Date(at);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** How old the numbers are, and what was counted since: "as of 15:00, with the uploads and deletes made here since". */
export function describeAge(snapshot: AccountSnapshot): string {
  const time = timeOfDay(snapshot.at);
  const base =
    snapshot.changes > 0
      ? vscode.l10n.t('as of {0}, with the uploads and deletes made here since', time)
      : vscode.l10n.t('as of {0}', time);
  const n = snapshot.unknownChanges;
  if (n === 0) return base;
  return plural(n, {
    one: vscode.l10n.t('{0} (one change of unknown size not counted yet)', base),
    other: vscode.l10n.t('{0} ({1} changes of unknown size not counted yet)', base, n),
  });
}

const CACHE_KEY = 'onefichier.accountInfo';

/** 1fichier's answer, when it came, and this profile's own changes counted since. */
export interface AccountSnapshot {
  at: number;
  info: AccountInfo;
  /** Bytes added (uploads, copies) minus bytes removed (deletes) since `at`. */
  changedBytes: number;
  /** How many changes were counted in changedBytes. */
  changes: number;
  /** Changes whose size is not known here (a folder never opened, deleted with everything in it). */
  unknownChanges: number;
}

/** Stored in globalState; entries written before the changes were counted lack those fields. */
interface CachedAccount extends Pick<AccountSnapshot, 'at' | 'info'>, Partial<Omit<AccountSnapshot, 'at' | 'info'>> {
  /** A hash of the API key: the cache belongs to one account, and the key itself is never stored. */
  account: string;
}

function snapshotOf(cached: CachedAccount): AccountSnapshot {
  const { at, info, changedBytes = 0, changes = 0, unknownChanges = 0 } = cached;
  return { at, info, changedBytes, changes, unknownChanges };
}

async function accountHash(services: Services): Promise<string> {
  const found = await services.keys.get();
  return found ? createHash('sha256').update(found.key).digest('hex').slice(0, 16) : '';
}

/**
 * The account no older than `maxAgeMs`: from the profile-wide cache when another window (or this one)
 * asked recently, else one user/info.cgi call whose answer is cached for the others.
 */
export async function accountSnapshot(services: Services, maxAgeMs: number, signal?: AbortSignal): Promise<AccountSnapshot> {
  const account = await accountHash(services);
  const cached = services.context.globalState.get<CachedAccount>(CACHE_KEY);
  if (cached && cached.account === account && Date.now() - cached.at < maxAgeMs) return snapshotOf(cached);
  const info = await (await services.api.client()).getAccountInfo(signal ? { signal } : {});
  const fresh: CachedAccount = { account, at: Date.now(), info, changedBytes: 0, changes: 0, unknownChanges: 0 };
  await services.context.globalState.update(CACHE_KEY, fresh);
  return snapshotOf(fresh);
}

export class AccountStatus implements vscode.Disposable {
  private item?: vscode.StatusBarItem;
  private timer: NodeJS.Timeout | undefined;
  private lastRefresh = 0;

  constructor(private readonly services: Services) {}

  private enabled(): boolean {
    return vscode.workspace.getConfiguration('onefichier').get<boolean>('statusBar.enabled', true);
  }

  /** Called after the tree loaded with a key: shows the item and keeps it fresh. */
  start(): void {
    if (!this.enabled() || this.timer) return;
    this.item ??= vscode.window.createStatusBarItem('onefichier.account', vscode.StatusBarAlignment.Left, 10);
    this.item.name = vscode.l10n.t('1fichier account');
    this.item.command = 'onefichier.showAccount';
    this.item.text = '$(cloud) 1fichier';
    this.item.show();
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), STATUS_REFRESH_MS);
  }

  /** Hides the item; the next start() asks again (a new key may be another account). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.lastRefresh = 0;
    this.item?.hide();
  }

  async refresh(): Promise<void> {
    if (!this.item || Date.now() - this.lastRefresh < STATUS_REFRESH_MS - 1000) return;
    this.lastRefresh = Date.now();
    // A status bar item is not worth waiting out a flood lock for: stop at the first one, try next time.
    const controller = new AbortController();
    const sub = this.services.api.onClientEvent((e) => {
      if (e.type === 'wait' && e.reason === 'flood') controller.abort();
    });
    try {
      this.render(await accountSnapshot(this.services, STATUS_REFRESH_MS, controller.signal));
    } catch (e) {
      const { message, hint } = describeError(e);
      this.item.text = '$(warning) 1fichier';
      this.item.tooltip = `${message}${hint ? `\n${hint}` : ''}`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      this.services.log.warn(
        // The log stays in English: it is what a report quotes.
        `account info: ${controller.signal.aborted ? 'skipped: 1fichier reported a flood lock; the status refreshes later' : message}`,
      );
    } finally {
      sub.dispose();
    }
  }

  /**
   * Our own change to the storage used (bytes added, or removed when negative; undefined when the size is
   * not known here): counted in the cached answer at once, without asking 1fichier again.
   */
  async changed(bytes: number | undefined): Promise<void> {
    const account = await accountHash(this.services);
    const cached = this.services.context.globalState.get<CachedAccount>(CACHE_KEY);
    if (!cached || cached.account !== account) return;
    const before = snapshotOf(cached);
    const next: CachedAccount = {
      ...cached,
      changedBytes: before.changedBytes + (bytes ?? 0),
      changes: before.changes + (bytes === undefined ? 0 : 1),
      unknownChanges: before.unknownChanges + (bytes === undefined ? 1 : 0),
    };
    await this.services.context.globalState.update(CACHE_KEY, next);
    if (this.timer) this.render(snapshotOf(next));
  }

  private render(snapshot: AccountSnapshot): void {
    if (!this.item) return;
    const { info } = snapshot;
    const d = describeAccount(info, snapshot.changedBytes);
    this.item.text = `$(cloud) 1fichier ${d.offer} · ${storageShort(info, snapshot.changedBytes)}`;
    this.item.tooltip = [
      vscode.l10n.t('1fichier {0} account {1}', d.offer, info.email),
      vscode.l10n.t('{0}, {1}', d.storage, describeAge(snapshot)),
      ...(d.cdn ? [vscode.l10n.t('CDN credits: {0}', d.cdn)] : []),
      ...(info.uploadForbidden ? [vscode.l10n.t('Uploads are forbidden on this account.')] : []),
      vscode.l10n.t('Click for details.'),
    ].join('\n');
    this.item.backgroundColor = undefined;
  }

  dispose(): void {
    this.stop();
    this.item?.dispose();
  }
}
