/** Input checks shown live in input boxes, so a bad value is caught while typing, before any request. */
import * as vscode from 'vscode';
import { splitUrlList } from '@onefichier/core';
import type { Services } from '../services';

/**
 * The core's own name rule under the reserved-names setting, shown while the user types: by default only
 * what stays refused (empty, over 250 characters); with "refuse", reserved characters and edge spaces too.
 */
export function nameValidator(services: Services): (value: string) => string | undefined {
  return (value) => {
    const policy = services.api.namePolicy();
    const problem = services.api.getBackend().nameProblem(value, policy, vscode.env.language);
    if (!problem) return undefined;
    const lookAlikes = policy === 'refuse' && services.api.getBackend().nameProblem(value, 'encode') === undefined;
    return lookAlikes
      ? vscode.l10n.t(
          'This name cannot be used: {0}. (The setting 1fichier: Reserved Names set to "encode" would replace such characters with look-alikes.)',
          problem,
        )
      : vscode.l10n.t('This name cannot be used: {0}.', problem);
  };
}

/** File and folder passwords: at least 6 characters; empty removes the password. */
export function passwordValidator(value: string): string | undefined {
  if (value.length > 0 && value.length < 6)
    return vscode.l10n.t('1fichier needs at least 6 characters (leave empty to remove the password).');
  return undefined;
}

/** One or more http(s) URLs, separated as the core's splitUrlList reads them (spaces, commas or new lines). */
export function parseUrls(value: string): { urls: string[]; problem?: string } {
  const parts = splitUrlList(value);
  if (parts.length === 0) return { urls: [], problem: vscode.l10n.t('Paste at least one http:// or https:// URL.') };
  for (const p of parts) {
    let u: URL;
    try {
      u = new URL(p);
    } catch {
      return { urls: [], problem: vscode.l10n.t('"{0}" is not a URL.', p.slice(0, 60)) };
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:')
      return { urls: [], problem: vscode.l10n.t('"{0}" is not an http(s) URL.', p.slice(0, 60)) };
  }
  if (parts.length > 100) return { urls: [], problem: vscode.l10n.t('At most 100 URLs at a time.') };
  return { urls: parts };
}
