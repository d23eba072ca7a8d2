/**
 * Remote upload: 1fichier fetches URLs into a folder. The job is polled in the background (the core spaces
 * the polls) and the end is reported with each URL's result.
 */
import * as vscode from 'vscode';
import { URL_LIST_SEPARATORS } from '@onefichier/core';
import { reportError } from '../errors';
import { plural } from '../locale';
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
        title: vscode.l10n.t('Remote upload'),
        prompt: vscode.l10n.t('URLs for 1fichier to fetch into your storage, separated by {0}', URL_LIST_SEPARATORS),
        placeHolder: 'https://example.com/file.zip',
        validateInput: (v) => parseUrls(v).problem,
        ignoreFocusOut: true,
      });
      if (!text) return undefined;
      urls = parseUrls(text).urls;
    }
    const target = isFolder(arg)
      ? arg
      : await pickFolder(
          services,
          plural(urls.length, {
            one: vscode.l10n.t('Fetch {0} URL into...', urls.length),
            other: vscode.l10n.t('Fetch {0} URLs into...', urls.length),
          }),
          uploadPickerStart(services),
        );
    if (!target) return undefined;
    const client = await services.api.client();
    const created = await client.remoteUpload({ urls, folderId: target.id });
    services.log.info(`remote upload #${created.id} requested for ${urls.length} URL(s) into ${target.path}`);
    void vscode.window.showInformationMessage(
      plural(urls.length, {
        one: vscode.l10n.t(
          'Remote upload #{0} queued: 1fichier fetches {1} URL into {2}. You will be told when it ends.',
          created.id,
          urls.length,
          target.path,
        ),
        other: vscode.l10n.t(
          'Remote upload #{0} queued: 1fichier fetches {1} URLs into {2}. You will be told when it ends.',
          created.id,
          urls.length,
          target.path,
        ),
      }),
    );
    // Waiting can take minutes: it runs in the status bar, cancellable, without blocking the command.
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('1fichier remote upload #{0}', created.id), cancellable: true },
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
          const why = failed
            .map((f) => f.message)
            .slice(0, 2)
            .join('; ');
          const n = ok.length;
          const text = failed.length
            ? plural(n, {
                one: vscode.l10n.t(
                  'Remote upload #{0} finished: {1} file fetched into {2}, {3} failed ({4}).',
                  created.id,
                  n,
                  target.path,
                  failed.length,
                  why,
                ),
                other: vscode.l10n.t(
                  'Remote upload #{0} finished: {1} files fetched into {2}, {3} failed ({4}).',
                  created.id,
                  n,
                  target.path,
                  failed.length,
                  why,
                ),
              })
            : plural(n, {
                one: vscode.l10n.t('Remote upload #{0} finished: {1} file fetched into {2}.', created.id, n, target.path),
                other: vscode.l10n.t('Remote upload #{0} finished: {1} files fetched into {2}.', created.id, n, target.path),
              });
          if (failed.length) void vscode.window.showWarningMessage(text, vscode.l10n.t('Show Log')).then((c) => c && services.log.show());
          else void vscode.window.showInformationMessage(text);
        } catch (e) {
          reportError(services.log, 'Remote upload', e, vscode.l10n.t('Remote upload #{0} failed', created.id));
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
