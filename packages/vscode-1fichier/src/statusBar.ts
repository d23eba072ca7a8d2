/**
 * The account in the status bar: offer and storage used. user/info.cgi is allowed once per minute per IP
 * and once per 5 minutes per user, and 1fichier answers excess with a flood lock of the whole IP. So the
 * answer is shared by every VS Code window of the profile (globalState) and asked again only when older
 * than 10 minutes, and only once the user has connected (the first tree load), never at start-up.
 */
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { formatSize, type AccountInfo } from '@onefichier/core';
import { describeError } from './errors';
import type { Services } from './services';

const STATUS_REFRESH_MS = 10 * 60 * 1000;

export function describeAccount(info: AccountInfo): { offer: string; storage: string; cdn?: string } {
  const offerNames: Record<string, string> = { '0': 'Free', '1': 'Premium', '2': 'Access' };
  const offer = offerNames[String(info.offer)] ?? (String(info.offer) || 'unknown');
  const used = info.coldStorage + info.hotStorage;
  const total = info.availableColdStorage || info.allowedColdStorage;
  const storage = total > 0 ? `${formatSize(used)} of ${formatSize(total)} used` : `${formatSize(used)} used`;
  const cdn = info.cdn !== undefined && info.cdn !== '' && Number(info.cdn) > 0 ? String(info.cdn) : undefined;
  return cdn ? { offer, storage, cdn } : { offer, storage };
}

const CACHE_KEY = 'onefichier.accountInfo';

interface CachedAccount {
  /** A hash of the API key: the cache belongs to one account, and the key itself is never stored. */
  account: string;
  at: number;
  info: AccountInfo;
}

/**
 * Account info no older than `maxAgeMs`: from the profile-wide cache when another window (or this one)
 * asked recently, else one user/info.cgi call whose answer is cached for the others.
 */
export async function accountInfo(services: Services, maxAgeMs: number, signal?: AbortSignal): Promise<AccountInfo> {
  const found = await services.keys.get();
  const account = found ? createHash('sha256').update(found.key).digest('hex').slice(0, 16) : '';
  const cached = services.context.globalState.get<CachedAccount>(CACHE_KEY);
  if (cached && cached.account === account && Date.now() - cached.at < maxAgeMs) return cached.info;
  const info = await (await services.api.client()).getAccountInfo(signal ? { signal } : {});
  await services.context.globalState.update(CACHE_KEY, { account, at: Date.now(), info } satisfies CachedAccount);
  return info;
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
    this.item.name = '1fichier account';
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
      const info = await accountInfo(this.services, STATUS_REFRESH_MS, controller.signal);
      const d = describeAccount(info);
      this.item.text = `$(cloud) 1fichier ${d.offer} · ${d.storage.replace(' used', '')}`;
      this.item.tooltip = `1fichier ${d.offer} account ${info.email}\n${d.storage}${d.cdn ? `\nCDN credits: ${d.cdn}` : ''}${info.uploadForbidden ? '\nUploads are forbidden on this account.' : ''}\nClick for details.`;
      this.item.backgroundColor = undefined;
    } catch (e) {
      const { message, hint } = describeError(e);
      this.item.text = '$(warning) 1fichier';
      this.item.tooltip = `${message}${hint ? `\n${hint}` : ''}`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      this.services.log.warn(
        `account info: ${controller.signal.aborted ? 'skipped: 1fichier reported a flood lock; the status refreshes later' : message}`,
      );
    } finally {
      sub.dispose();
    }
  }

  dispose(): void {
    this.stop();
    this.item?.dispose();
  }
}
