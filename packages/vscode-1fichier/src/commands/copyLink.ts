/** Copies the files' permanent links (one per line). */
import * as vscode from 'vscode';
import { plural } from '../format';
import type { CommandModule } from '../services';
import { fileTargets } from './targets';

export const copyLink: CommandModule = {
  id: 'onefichier.copyLink',
  action: 'Copy link',
  async run(services, arg, all) {
    const targets = fileTargets(services, arg, all);
    const text = targets.map((t) => t.url).join('\n');
    await vscode.env.clipboard.writeText(text);
    void vscode.window.setStatusBarMessage(targets.length === 1 ? `Copied ${text}` : `Copied ${plural(targets.length, 'link')}`, 5000);
    return text;
  },
};
