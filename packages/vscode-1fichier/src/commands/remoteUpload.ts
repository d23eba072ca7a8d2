/**
 * Remote upload: 1fichier fetches URLs into a folder. The job is polled in the background (the core spaces
 * the polls) and the end is reported with each URL's result.
 */
import * as vscode from 'vscode';
import { URL_LIST_SEPARATORS } from '@onefichier/core';
import { reportError } from '../errors';
import { plural } from '../format';
import type { CommandModule } from '../services';
import { isFolder } from '../tree/nodes';
import { pickFolder } from '../ui/pickFolder';
import { parseUrls } from '../ui/validate';
import { uploadPickerStart } from '../upload/start';

export const remoteUpload: CommandModule = {
  id: 'onefichier.remoteUpload',
  action: 'Remote upload',
  async run(services, arg, urlsArg) {
    await services.api.client();
    let urls: string[];
    if (typeof urlsArg === 'string') {
      const parsed = parseUrls(urlsArg);
      if (parsed.problem) throw new Error(parsed.problem);
      urls = parsed.urls;
    } else {
      const text = await vscode.window.showInputBox({
        title: 'Remote upload',
        prompt: `URLs for 1fichier to fetch into your storage, separated by ${URL_LIST_SEPARATORS}`,
        placeHolder: 'https://example.com/file.zip',
        validateInput: (v) => parseUrls(v).problem,
        ignoreFocusOut: true,
      });
      if (!text) return undefined;
      urls = parseUrls(text).urls;
    }
    const target = isFolder(arg)
      ? arg
      : await pickFolder(services, `Fetch ${plural(urls.length, 'URL')} into...`, uploadPickerStart(services));
    if (!target) return undefined;
    const client = await services.api.client();
    const created = await client.remoteUpload({ urls, folderId: target.id });
    services.log.info(`remote upload #${created.id} requested for ${plural(urls.length, 'URL')} into ${target.path}`);
    void vscode.window.showInformationMessage(
      `Remote upload #${created.id} queued: 1fichier fetches ${plural(urls.length, 'URL')} into ${target.path}. You will be told when it ends.`,
    );
    // Waiting can take minutes: it runs in the status bar, cancellable, without blocking the command.
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `1fichier remote upload #${created.id}`, cancellable: true },
      async (_progress, token) => {
        const controller = new AbortController();
        const sub = token.onCancellationRequested(() => controller.abort());
        // Closing the window (deactivation) stops the polling too.
        const onDeactivate = { dispose: () => controller.abort() };
        services.context.subscriptions.push(onDeactivate);
        try {
          const info = await client.waitForRemoteUpload(created.id, { signal: controller.signal });
          const ok = info.results.filter((r) => r.ok);
          const failed = info.results.filter((r) => !r.ok);
          // 1fichier fetched them: their sizes are known only to it until the next account refresh.
          for (let i = 0; i < ok.length; i++) void services.account?.changed(undefined);
          for (const r of info.results)
            services.log.info(`remote upload #${created.id}: ${r.url} → ${r.ok ? r.downloadLink : `failed: ${r.message}`}`);
          services.tree.refresh(target);
          const text = `Remote upload #${created.id} finished: ${plural(ok.length, 'file')} fetched into ${target.path}${
            failed.length
              ? `, ${failed.length} failed (${failed
                  .map((f) => f.message)
                  .slice(0, 2)
                  .join('; ')})`
              : ''
          }.`;
          if (failed.length) void vscode.window.showWarningMessage(text, 'Show Log').then((c) => c && services.log.show());
          else void vscode.window.showInformationMessage(text);
        } catch (e) {
          reportError(services.log, `Remote upload #${created.id}`, e);
        } finally {
          sub.dispose();
          const i = services.context.subscriptions.indexOf(onDeactivate);
          if (i >= 0) services.context.subscriptions.splice(i, 1);
        }
      },
    );
    return created.id;
  },
};
