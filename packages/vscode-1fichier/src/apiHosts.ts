/**
 * Which API hosts may receive the API key. The real service's host (the core's DEFAULT_BASE_URL) always may;
 * any other host, a sandbox on 127.0.0.1 included, only once the user confirmed it in a modal dialog. The
 * confirmation is remembered per host (scheme, name and port) in globalState, so every window of the profile
 * knows it. Whoever starts VS Code can confirm hosts up front in ONEFICHIER_CONFIRMED_API_HOSTS, as the
 * playground and the e2e runs do (they also hand over the key in the environment): a workspace can set
 * neither the environment nor globalState.
 */
import * as vscode from 'vscode';
import { DEFAULT_BASE_URL } from '@onefichier/core';
import { ApiHostNotConfirmedError } from './errors';

/** The globalState entry: the confirmed hosts, as apiHostOf() writes them. */
export const CONFIRMED_HOSTS_STATE = 'onefichier.confirmedApiHosts';
/** Hosts (or base URLs) confirmed by whoever started VS Code, separated by commas or spaces. */
export const CONFIRMED_HOSTS_ENV = 'ONEFICHIER_CONFIRMED_API_HOSTS';
/** The modal's button that sends the key. */

/** Where a base URL sends the key: its origin (`http://127.0.0.1:3737`). http and https are different hosts. */
export function apiHostOf(baseUrl: string): string {
  return new URL(baseUrl).origin;
}

const DEFAULT_HOST = apiHostOf(DEFAULT_BASE_URL);

export class ApiHostConfirmations implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** A host was confirmed (the language server restarts with the key). */
  readonly onDidChange = this.changed.event;
  /** Hosts the user refused in this window: automatic calls do not ask again, the command does. */
  private readonly declined = new Set<string>();
  /** The open dialog per host, shared by every caller waiting on it. */
  private readonly asking = new Map<string, Promise<boolean>>();

  constructor(
    private readonly state: vscode.Memento,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  isConfirmed(baseUrl: string): boolean {
    const host = apiHostOf(baseUrl);
    return (
      host === DEFAULT_HOST || this.fromEnvironment().includes(host) || this.state.get<string[]>(CONFIRMED_HOSTS_STATE, []).includes(host)
    );
  }

  /**
   * Resolves when the key may go to `baseUrl`; otherwise asks the user (once per window after a refusal)
   * and throws ApiHostNotConfirmedError unless they confirm.
   */
  async ensure(baseUrl: string): Promise<void> {
    if (this.isConfirmed(baseUrl)) return;
    const host = apiHostOf(baseUrl);
    if (!this.declined.has(host) && (await this.ask(baseUrl))) return;
    throw new ApiHostNotConfirmedError(host);
  }

  /** Shows the modal for `baseUrl`'s host (again, after a refusal); true when the user chose to send the key. */
  ask(baseUrl: string): Promise<boolean> {
    const host = apiHostOf(baseUrl);
    const pending = this.asking.get(host);
    if (pending) return pending;
    const asked = (async () => {
      const sendKey = vscode.l10n.t('Send Key');
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('Send your 1fichier API key to {0}?', host),
        {
          modal: true,
          detail: vscode.l10n.t(
            "The setting onefichier.apiBaseUrl points at {0}, not the real service ({1}). Whoever runs that server gets the key, and with it your whole 1fichier account. Send it only to a server you run, such as the toolkit's sandbox.",
            baseUrl,
            DEFAULT_BASE_URL,
          ),
        },
        sendKey,
      );
      if (choice !== sendKey) {
        this.declined.add(host);
        return false;
      }
      this.declined.delete(host);
      const confirmed = this.state.get<string[]>(CONFIRMED_HOSTS_STATE, []);
      if (!confirmed.includes(host)) await this.state.update(CONFIRMED_HOSTS_STATE, [...confirmed, host]);
      this.changed.fire();
      return true;
    })().finally(() => this.asking.delete(host));
    this.asking.set(host, asked);
    return asked;
  }

  private fromEnvironment(): string[] {
    return (this.env[CONFIRMED_HOSTS_ENV] ?? '')
      .split(/[\s,]+/)
      .filter((entry) => entry !== '')
      .flatMap((entry) => {
        try {
          return [apiHostOf(entry)];
        } catch {
          return []; // not a URL: confirms nothing
        }
      });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
