import type { IExecuteFunctions, INodeParameterResourceLocator, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { FILE_URL_PATTERN, parseFileUrl, type FileItem, type OneFichierClient } from '@onefichier/core';

export const ROOT_FOLDER_NAME = '/ (Root)';

/** A folder picked from the list (search as you type), by path or by id. */
export function folderLocator(name: string, displayName: string, description: string): INodeProperties {
  return {
    displayName,
    name,
    type: 'resourceLocator',
    default: { mode: 'list', value: '0', cachedResultName: ROOT_FOLDER_NAME },
    required: true,
    description,
    modes: [
      {
        displayName: 'From List',
        name: 'list',
        type: 'list',
        placeholder: 'Type a folder name, or a path such as Documents/Invo',
        typeOptions: { searchListMethod: 'searchFolders', searchable: true },
      },
      {
        displayName: 'By Path',
        name: 'path',
        type: 'string',
        placeholder: 'e.g. /Backups/nightly',
        hint: 'Start the path with /, e.g. /Backups/nightly (folder names from the root of the account; / alone is the root)',
        validation: [
          {
            type: 'regex',
            // A path without its leading / is read from the root too, and the root's ID 0 (left here by a
            // switch from the list, n8n keeping the value) is the root: only an empty path is refused.
            properties: { regex: '\\s*\\S.*', errorMessage: 'Start the path with /, e.g. /Backups/nightly' },
          },
        ],
      },
      {
        displayName: 'By ID',
        name: 'id',
        type: 'string',
        placeholder: 'e.g. 3357645 (0 is the root folder)',
        validation: [
          {
            type: 'regex',
            properties: { regex: '^\\s*\\d+\\s*$', errorMessage: 'A folder ID is a whole number (0 is the root folder)' },
          },
        ],
      },
    ],
  };
}

/** A file picked by its URL (its identity on 1fichier) or by its path. */
export function fileLocator(name = 'file'): INodeProperties {
  return {
    displayName: 'File',
    name,
    type: 'resourceLocator',
    default: { mode: 'url', value: '' },
    required: true,
    description: 'The file, by its 1fichier URL or by its path in the account',
    modes: [
      {
        displayName: 'By URL',
        name: 'url',
        type: 'string',
        placeholder: 'e.g. https://1fichier.com/?2zk52quqlm0cbjr93ri5',
        validation: [
          {
            type: 'regex',
            properties: { regex: FILE_URL_PATTERN, errorMessage: 'Not a 1fichier file URL (https://1fichier.com/?xxxxxxxx)' },
          },
        ],
      },
      {
        displayName: 'By Path',
        name: 'path',
        type: 'string',
        placeholder: 'e.g. /Documents/report.pdf',
        hint: 'Fails when several files in the folder share the name: use the URL then',
        validation: [
          {
            type: 'regex',
            properties: { regex: '^/.*[^/]$', errorMessage: 'A file path starts with / and ends with the file name' },
          },
        ],
      },
    ],
  };
}

function readLocator(ctx: IExecuteFunctions, name: string, itemIndex: number): INodeParameterResourceLocator {
  const value = ctx.getNodeParameter(name, itemIndex) as INodeParameterResourceLocator | string;
  if (typeof value === 'string') return { __rl: true, mode: 'id', value };
  return value;
}

/** The folder id a folder locator points at (a path costs one listing per level, cached by the core). */
export async function getFolderId(ctx: IExecuteFunctions, client: OneFichierClient, name: string, itemIndex: number): Promise<number> {
  const locator = readLocator(ctx, name, itemIndex);
  const raw = String(locator.value ?? '').trim();
  if (locator.mode === 'path') return await client.resolveFolderPath(folderPathOf(ctx, raw, itemIndex));
  if (!/^\d+$/.test(raw)) {
    throw new NodeOperationError(ctx.getNode(), `"${raw}" is not a folder ID`, {
      itemIndex,
      description: 'A folder ID is a whole number (0 is the root folder). Pick the folder from the list or give its path instead.',
    });
  }
  return Number(raw);
}

/**
 * A folder locator's path as the core reads it: with its leading / added when it was left out, and the
 * root's ID 0 read as / (n8n keeps the list's value when the mode switches to By Path).
 */
export function folderPathOf(ctx: IExecuteFunctions, raw: string, itemIndex: number): string {
  if (raw === '') {
    throw new NodeOperationError(ctx.getNode(), 'No folder path given', {
      itemIndex,
      description: 'Start the path with /, e.g. /Backups/nightly (or / for the root folder).',
    });
  }
  return folderPathFrom(raw);
}

/** A folder path as typed By Path, with its leading / (added when left out); the root's ID 0 is /. */
export function folderPathFrom(raw: string): string {
  if (raw === '0') return '/';
  return raw.startsWith('/') ? raw : `/${raw}`;
}

function splitFilePath(path: string): { folder: string; name: string } {
  const cut = path.lastIndexOf('/');
  return { folder: cut <= 0 ? '/' : path.slice(0, cut), name: path.slice(cut + 1) };
}

/** The URL of the file a file locator points at, in the canonical form the API and listings use. */
export async function getFileUrl(ctx: IExecuteFunctions, client: OneFichierClient, itemIndex: number, name = 'file'): Promise<string> {
  return (await getFile(ctx, client, itemIndex, name)).url;
}

/** The file a locator points at: its URL, and its listing entry (name, size, checksum) when found by path. */
export async function getFile(
  ctx: IExecuteFunctions,
  client: OneFichierClient,
  itemIndex: number,
  name = 'file',
): Promise<{ url: string; listed?: FileItem; folderId?: number }> {
  const locator = readLocator(ctx, name, itemIndex);
  const raw = String(locator.value ?? '').trim();
  if (locator.mode === 'path') {
    const { folder, name: fileName } = splitFilePath(raw);
    if (!raw.startsWith('/') || fileName === '') {
      throw new NodeOperationError(ctx.getNode(), `The file path "${raw}" is not valid`, {
        itemIndex,
        description: 'Write the path from the root of the account, ending with the file name, for example /Documents/report.pdf.',
      });
    }
    const folderId = await client.resolveFolderPath(folder);
    const file = await client.findFileByName(folderId, fileName);
    return { url: file.url, listed: file, folderId };
  }
  const parsed = parseFileUrl(raw);
  if (!parsed) {
    throw new NodeOperationError(ctx.getNode(), raw === '' ? 'No file URL given' : `"${raw}" is not a 1fichier file URL`, {
      itemIndex,
      description: "Use the file's URL as returned by Upload or List (https://1fichier.com/?xxxxxxxx), or pick the file by path.",
    });
  }
  return { url: parsed.canonicalUrl };
}
