/**
 * Read-only file system for `onefichier:` URIs, so a stored file opens in the editor without being saved
 * first. Files larger than `onefichier.openMaxSizeMB` are refused with a pointer to Download (VS Code keeps
 * opened files in memory and extensions do not get large files synced anyway).
 */
import * as vscode from 'vscode';
import { size as sizeText } from '../locale';
import type { ApiService } from '../api';
import { describeError } from '../errors';
import type { StorageModel } from '../tree/model';
import { fileUrlOf } from './uri';

export class OneFichierFileSystem implements vscode.FileSystemProvider {
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;

  constructor(
    private readonly api: ApiService,
    private readonly storage: StorageModel,
    private readonly maxBytes: () => number,
  ) {}

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const url = fileUrlOf(uri);
    if (!url) {
      // A folder path (breadcrumbs ask for parents): present it as a directory.
      return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0, permissions: vscode.FilePermission.Readonly };
    }
    const known = this.storage.findFile(url)?.file;
    const file = known ?? (await this.call(uri, async (c) => c.getFileInfo(url)));
    const mtime = file.dateUtc ? Date.parse(file.dateUtc) || 0 : 0;
    return { type: vscode.FileType.File, ctime: mtime, mtime, size: file.size, permissions: vscode.FilePermission.Readonly };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const url = fileUrlOf(uri);
    if (!url) throw vscode.FileSystemError.FileNotFound(uri);
    const size = (await this.stat(uri)).size;
    const max = this.maxBytes();
    if (size > max) {
      throw vscode.FileSystemError.NoPermissions(
        vscode.l10n.t(
          '{0} is {1}, over the {2} limit for opening in the editor (setting onefichier.openMaxSizeMB). Use "Download..." instead.',
          uri.path.split('/').pop() ?? '',
          sizeText(size),
          sizeText(max),
        ),
      );
    }
    return this.call(uri, async (client) => {
      const download = await client.download(url, { cdn: this.api.useCdnCredits() });
      const chunks: Uint8Array[] = [];
      let total = 0;
      for await (const chunk of download.stream) {
        total += chunk.byteLength;
        if (total > max)
          throw vscode.FileSystemError.NoPermissions(
            vscode.l10n.t('The file is larger than the {0} limit for opening in the editor; use "Download..." instead.', sizeText(max)),
          );
        chunks.push(chunk);
      }
      const out = new Uint8Array(total);
      let offset = 0;
      for (const c of chunks) {
        out.set(c, offset);
        offset += c.byteLength;
      }
      return out;
    });
  }

  private async call<T>(uri: vscode.Uri, fn: (client: Awaited<ReturnType<ApiService['client']>>) => Promise<T>): Promise<T> {
    try {
      return await fn(await this.api.client());
    } catch (e) {
      if (e instanceof vscode.FileSystemError) throw e;
      const { message, hint } = describeError(e);
      const kind = (e as { kind?: string }).kind;
      if (kind === 'not_found') throw vscode.FileSystemError.FileNotFound(uri);
      throw vscode.FileSystemError.Unavailable(hint ? vscode.l10n.t('{0} {1}', message, hint) : message);
    }
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  private readOnly(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(
      vscode.l10n.t(
        '{0} is read-only: 1fichier files are opened for viewing. Download the file to edit it, then upload it again.',
        uri.path,
      ),
    );
  }

  createDirectory(uri: vscode.Uri): void {
    this.readOnly(uri);
  }
  writeFile(uri: vscode.Uri): void {
    this.readOnly(uri);
  }
  delete(uri: vscode.Uri): void {
    this.readOnly(uri);
  }
  rename(uri: vscode.Uri): void {
    this.readOnly(uri);
  }
}
