/**
 * URIs of the `onefichier:` scheme (a scheme must start with a letter, so not `1fichier:`). The path is the
 * file's place in the storage, for tab titles and language detection; the query carries the file URL,
 * its identity (1fichier allows two files with the same name in one folder).
 */
import * as vscode from 'vscode';

export const SCHEME = 'onefichier';

export function fileUri(folderPath: string, filename: string, fileUrl: string): vscode.Uri {
  const dir = folderPath === '/' ? '' : folderPath;
  return vscode.Uri.from({ scheme: SCHEME, path: `${dir}/${filename}`, query: `url=${encodeURIComponent(fileUrl)}` });
}

/** The file URL a `onefichier:` URI stands for, or undefined. */
export function fileUrlOf(uri: vscode.Uri): string | undefined {
  if (uri.scheme !== SCHEME) return undefined;
  for (const part of uri.query.split('&')) {
    const [name, value] = part.split('=');
    if (name === 'url' && value) return decodeURIComponent(value);
  }
  return undefined;
}
