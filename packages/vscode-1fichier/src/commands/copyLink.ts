/** Copies the files' permanent links (one per line). */
import * as vscode from 'vscode';
import { plural } from '../locale';
import type { CommandModule } from '../services';
import { fileTargets } from './targets';

export const copyLink: CommandModule = {
  id: 'onefichier.copyLink',
  action: 'Copy link',
  async run(services, arg, all) {
    const targets = fileTargets(services, arg, all);
    const text = targets.map((t) => t.url).join('\n');
    await vscode.env.clipboard.writeText(text);
    const n = targets.length;
    void vscode.window.setStatusBarMessage(
      n === 1
        ? vscode.l10n.t('Copied {0}', text)
        : plural(n, { one: vscode.l10n.t('Copied {0} link', n), other: vscode.l10n.t('Copied {0} links', n) }),
      5000,
    );
    return text;
  },
};
