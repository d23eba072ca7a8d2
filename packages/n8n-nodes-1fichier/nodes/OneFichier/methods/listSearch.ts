import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';
import type { OneFichierClient } from '@onefichier/core';
import { ROOT_FOLDER_NAME } from '../helpers/locators';
import { getClient } from '../transport';

/**
 * Search as you type without walking the whole account (folder listings are limited to one per folder per
 * 30 s): the typed text is read as a path. Complete segments are followed one listing each, and the last,
 * partial segment filters the sub-folders of the folder reached. "Docu" lists the root's folders matching
 * "docu"; "Documents/Inv" lists the folders of /Documents matching "inv".
 */
export async function searchFolders(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
  const { client } = await getClient(this);
  const typed = (filter ?? '').replace(/^\/+/, '');
  const segments = typed.split('/');
  const partial = (segments.pop() ?? '').trim().toLowerCase();
  const parents = segments.map((s) => s.trim()).filter((s) => s !== '');

  const reached = await followPath(client, parents);
  if (!reached) return { results: [] };
  const listing = await client.listFolder(reached.id);
  const base = reached.path === '' ? '' : reached.path;
  const results: INodeListSearchItems[] = [];
  if (parents.length === 0 && (partial === '' || ROOT_FOLDER_NAME.toLowerCase().includes(partial))) {
    results.push({ name: ROOT_FOLDER_NAME, value: '0' });
  }
  for (const folder of listing.subFolders) {
    if (partial !== '' && !folder.name.toLowerCase().includes(partial)) continue;
    results.push({ name: `${base}/${folder.name}`, value: String(folder.id) });
  }
  results.sort((a, b) => a.name.localeCompare(b.name));
  return { results };
}

async function followPath(client: OneFichierClient, names: string[]): Promise<{ id: number; path: string } | undefined> {
  let id = 0;
  let path = '';
  for (const name of names) {
    const listing = await client.listFolder(id);
    const next =
      listing.subFolders.find((f) => f.name === name) ?? listing.subFolders.find((f) => f.name.toLowerCase() === name.toLowerCase());
    if (!next) return undefined;
    id = next.id;
    path = `${path}/${next.name}`;
  }
  return { id, path };
}
