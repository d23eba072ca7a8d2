/**
 * Builds the core client on first use (never at activation) and rebuilds it when the key or the API base
 * URL changes. Everything that calls 1fichier goes through `client()`, one client per window; its turns come
 * from the machine's pace ledger, so every window and the language server share one pace.
 */
import * as vscode from 'vscode';
import { checkBaseUrl, DEFAULT_BASE_URL, type ClientEvent, type OneFichierClient, type ReservedNamePolicy } from '@onefichier/core';
import type { ApiHostConfirmations } from './apiHosts';
import type { Backend } from './backend';
import { MissingApiKeyError, UserError } from './errors';
import type { KeyStore } from './keyStore';
import type { Logger } from './log';

/** Loads dist/backend.js (or src/backend.ts under test) on demand. */
export type BackendLoader = () => Backend;

export class ApiService implements vscode.Disposable {
  private cached: { key: string; baseUrl: string; reservedNames: ReservedNamePolicy; client: OneFichierClient } | undefined;
  private readonly events = new vscode.EventEmitter<ClientEvent>();
  /** Waits, retries and cache hits of the core, for progress messages. */
  readonly onClientEvent = this.events.event;
  private readonly disposables: vscode.Disposable[] = [];
  private backend?: Backend;

  constructor(
    private readonly keys: KeyStore,
    readonly hosts: ApiHostConfirmations,
    private readonly log: Logger,
    private readonly loadBackend: BackendLoader,
  ) {
    this.disposables.push(
      keys.onDidChange(() => (this.cached = undefined)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('onefichier.apiBaseUrl') || e.affectsConfiguration('onefichier.reservedNames')) this.cached = undefined;
      }),
    );
  }

  /**
   * The API base URL of the user's settings, checked by the core's rule (empty means the real service). A
   * workspace's value is never read: the key goes where this points, and a cloned repository's
   * .vscode/settings.json must not choose that (package.json also makes the setting application-scoped).
   */
  baseUrl(): string {
    const setting = vscode.workspace.getConfiguration('onefichier').inspect<string>('apiBaseUrl');
    const checked = checkBaseUrl(setting?.globalValue ?? setting?.defaultValue);
    // The core's problem and hint are in English (packages/core/src/baseUrl.ts).
    if (!checked.ok) throw new UserError(vscode.l10n.t('The setting onefichier.apiBaseUrl {0}.', checked.problem), checked.hint);
    return checked.url;
  }

  /** What to do with names 1fichier reserves (the setting onefichier.reservedNames): look-alikes (default) or refuse. */
  namePolicy(): ReservedNamePolicy {
    return vscode.workspace.getConfiguration('onefichier').get<string>('reservedNames') === 'refuse' ? 'refuse' : 'encode';
  }

  /**
   * Whether downloads go through the CDN (the setting onefichier.useCdnCredits). Read from the user's settings
   * only, like the base URL: a cloned workspace must not spend the account's credits.
   */
  useCdnCredits(): boolean {
    return vscode.workspace.getConfiguration('onefichier').inspect<boolean>('useCdnCredits')?.globalValue === true;
  }

  /** The backend module (core + Node entry), loaded once. */
  getBackend(): Backend {
    this.backend ??= this.loadBackend();
    return this.backend;
  }

  async client(): Promise<OneFichierClient> {
    const found = await this.keys.get();
    if (!found) throw new MissingApiKeyError();
    const baseUrl = this.baseUrl();
    await this.hosts.ensure(baseUrl);
    const reservedNames = this.namePolicy();
    const cached = this.cached;
    if (cached && cached.key === found.key && cached.baseUrl === baseUrl && cached.reservedNames === reservedNames) return cached.client;
    const started = Date.now();
    const client = this.getBackend().createClient({ apiKey: found.key, baseUrl, reservedNames, onEvent: (e) => this.onEvent(e) });
    this.log.info(`client ready for ${baseUrl} (key from ${found.source}) in ${Date.now() - started} ms`);
    this.cached = { key: found.key, baseUrl, reservedNames, client };
    return client;
  }

  /**
   * What the language server gets: the key and the base URL when the key may go there. Before the user
   * confirmed the host, neither (the server then checks no links and calls nothing) and no dialog: the tree
   * or a command asks.
   */
  async languageServerAccess(): Promise<{ apiKey?: string; apiBaseUrl: string }> {
    let baseUrl = DEFAULT_BASE_URL;
    try {
      baseUrl = this.baseUrl();
    } catch {
      // A bad setting: the tree says what is wrong with it; the server uses the real service meanwhile.
    }
    if (!this.hosts.isConfirmed(baseUrl)) {
      this.log.info(`language server: no key, as the API host of ${baseUrl} is not confirmed (1fichier: Confirm API Host)`);
      return { apiBaseUrl: DEFAULT_BASE_URL };
    }
    const found = await this.keys.get();
    return { ...(found ? { apiKey: found.key } : {}), apiBaseUrl: baseUrl };
  }

  private onEvent(e: ClientEvent): void {
    // Most of the core's event messages already start with their endpoint; name it only where one does not.
    const where = e.message.startsWith(`${e.endpoint}:`) ? '' : ` ${e.endpoint}:`;
    this.log.info(`${e.type}${'reason' in e ? ` (${e.reason})` : ''}${where} ${e.message}`);
    this.events.fire(e);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.events.dispose();
  }
}
