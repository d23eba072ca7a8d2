/**
 * The API key: in VS Code's SecretStorage (never settings.json), with ONEFICHIER_API_KEY as a fallback read
 * after it so tests and the playground can preset one. Keeps the `onefichier.hasApiKey` context key in step
 * so the welcome view shows exactly while no key is available.
 */
import * as vscode from 'vscode';
import { API_KEY_ENV } from '@onefichier/core/lsp-contract';
import { registerSecret } from './log';

const SECRET_NAME = 'onefichier.apiKey';

export type KeySource = 'secret-storage' | 'environment';

export class KeyStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    // VS Code also reports this window's own store()/delete() here, after set()/clear() already announced
    // it: only a key that differs from the last one announced is news. Announcing it twice would make the
    // tree drop every loaded listing and list again, waiting out budgets that recent changes had spent.
    this.subscription = secrets.onDidChange((e) => {
      if (e.key === SECRET_NAME) void this.announceIfChanged();
    });
  }

  /** The key and where it came from, or undefined when none is set. */
  async get(): Promise<{ key: string; source: KeySource } | undefined> {
    const stored = (await this.secrets.get(SECRET_NAME))?.trim();
    if (stored) {
      registerSecret(stored);
      return { key: stored, source: 'secret-storage' };
    }
    const fromEnv = this.env[API_KEY_ENV]?.trim();
    if (fromEnv) {
      registerSecret(fromEnv);
      return { key: fromEnv, source: 'environment' };
    }
    return undefined;
  }

  async set(key: string): Promise<void> {
    const trimmed = key.trim();
    registerSecret(trimmed);
    // Before store(): its echo through onDidChange may arrive before store() resolves.
    this.announced = trimmed;
    await this.secrets.store(SECRET_NAME, trimmed);
    await this.refreshContext();
    this.changed.fire();
  }

  async clear(): Promise<void> {
    this.announced = this.env[API_KEY_ENV]?.trim() || undefined; // what get() falls back to
    await this.secrets.delete(SECRET_NAME);
    await this.refreshContext();
    this.changed.fire();
  }

  /** The key in force when onDidChange last fired ('unknown' before the first change). */
  private announced: string | undefined | 'unknown' = 'unknown';

  private async announceIfChanged(): Promise<void> {
    await this.refreshContext();
    const current = (await this.get())?.key;
    if (this.announced !== 'unknown' && current === this.announced) return;
    this.announced = current;
    this.changed.fire();
  }

  /** Updates the context key the welcome view and the menus depend on. */
  async refreshContext(): Promise<boolean> {
    const has = (await this.get()) !== undefined;
    await vscode.commands.executeCommand('setContext', 'onefichier.hasApiKey', has);
    return has;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** Why a pasted key cannot be right, or undefined. Keys are case-sensitive tokens without spaces. */
export function apiKeyProblem(value: string): string | undefined {
  const v = value.trim();
  if (v.length === 0) return vscode.l10n.t('Paste the API key from 1fichier.com > Parameters > API key.');
  if (/\s/.test(v)) return vscode.l10n.t('An API key has no spaces; paste only the key.');
  if (v.length < 16) return vscode.l10n.t('This is too short to be a 1fichier API key; copy the whole key.');
  if (!/^[A-Za-z0-9._~+/=-]+$/.test(v)) return vscode.l10n.t('An API key is made of letters, digits and - _ . = only; copy it again.');
  return undefined;
}
