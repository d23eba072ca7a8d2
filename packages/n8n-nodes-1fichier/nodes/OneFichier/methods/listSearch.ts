import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';
import { isOneFichierError, type OneFichierClient } from '@onefichier/core';
import { toNodeError } from '../helpers/errors';
import { ROOT_FOLDER_NAME } from '../helpers/locators';
import { walkFolders } from '../helpers/walk';
import { getClient } from '../transport';

/**
 * How far one search by name looks. Each folder costs one listing, and 1fichier allows one listing per IP
 * every 3 s and one per folder every 30 s (packages/core/src/limits.ts): the walk starts no listing after
 * this many folders or this long, whichever comes first. Listings made in the last 30 s come from the
 * core's cache at no cost, so the next keystroke goes on where this one stopped. The listing asked for
 * before the time limit may still take its turn (about 3.3 s at the IP-wide listing pace) and be answered;
 * past SEARCH_HARD_LIMIT_MS the search answers anyway. Cancelling a listing still waiting for its turn
 * costs nothing (the core gives its folder's window back: packages/core/src/policy/budgets.ts), but one
 * cancelled after it was sent spends its folder's 30 s window, so the hard limit leaves room for one turn.
 */
export const SEARCH_MAX_FOLDERS = 40;
const SEARCH_TIME_LIMIT_MS = 5_000;
const SEARCH_HARD_LIMIT_MS = 10_000;

/**
 * Search as you type. A name ("Inv") is looked for at any depth, breadth-first from the root, within the
 * limits above; a row at the end says how to reach the folders the walk did not get to. A path
 * ("Documents/Inv") follows its complete segments, one listing each, and filters the sub-folders of the
 * folder reached.
 */
export async function searchFolders(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
  const { client } = await getClient(this);
  const typed = (filter ?? '').trim().replace(/^\/+/, '');
  const results = typed.includes('/') ? await searchPath(client, typed) : await searchByName(this, client, typed);
  return { results };
}

const byPath = (a: INodeListSearchItems, b: INodeListSearchItems) => a.name.localeCompare(b.name);
const matches = (name: string, partial: string) => name.toLowerCase().includes(partial.toLowerCase());

async function searchByName(ctx: ILoadOptionsFunctions, client: OneFichierClient, partial: string): Promise<INodeListSearchItems[]> {
  const found: INodeListSearchItems[] = [];
  const rootRow = partial === '' || matches(ROOT_FOLDER_NAME, partial) ? [{ name: ROOT_FOLDER_NAME, value: '0' }] : [];
  if (partial === '') {
    const root = await client.listFolder(0);
    return [...rootRow, ...root.subFolders.map((f) => ({ name: `/${f.name}`, value: String(f.id) })).sort(byPath)];
  }
  const signal = AbortSignal.timeout(SEARCH_HARD_LIMIT_MS);
  const startNoListingAfter = Date.now() + SEARCH_TIME_LIMIT_MS;
  // The walk lists every folder it finds unless it stops first: fewer listed than found means it stopped.
  let discovered = 1;
  let listed = 0;
  let example: string | undefined;
  try {
    for await (const folder of walkFolders(client, { id: 0, path: '' }, { maxFolders: SEARCH_MAX_FOLDERS, signal })) {
      listed++;
      discovered += folder.listing.subFolders.length;
      for (const sub of folder.listing.subFolders) {
        example ??= sub.name;
        if (matches(sub.name, partial)) found.push({ name: `${folder.path}/${sub.name}`, value: String(sub.id) });
      }
      // Leaving the loop here ends the walk before it asks for the next listing.
      if (Date.now() >= startNoListingAfter) break;
    }
  } catch (error) {
    // Out of time, or a listing whose window has not passed: what was found so far is the answer.
    if (!(isOneFichierError(error) && (error.kind === 'cancelled' || error.kind === 'rate_limited')))
      throw toNodeError(ctx.getNode(), error, 0);
  }
  found.sort(byPath);
  const rows = [...rootRow, ...found];
  if (listed < discovered) rows.push(notSearchedRow(example ?? 'Documents', partial));
  else if (rows.length === 0) rows.push(noMatchRow(partial));
  return rows;
}

/** The row shown when every folder was searched and none matches; like notSearchedRow, it cannot be picked. */
function noMatchRow(typed: string): INodeListSearchItems {
  return { name: `No folder matches "${typed}": create it with Folder > Create`, value: false };
}

/**
 * The row that says where the walk stopped. Its value is a boolean: n8n's folder list does nothing when
 * such a row is clicked (n8n-editor-ui's ResourceLocatorDropdown ignores boolean values), so it is read,
 * never picked.
 */
function notSearchedRow(example: string, partial: string): INodeListSearchItems {
  return {
    name: `Some folders were not searched yet: type again to look deeper, or type a path such as ${example}/${partial}`,
    value: false,
  };
}

async function searchPath(client: OneFichierClient, typed: string): Promise<INodeListSearchItems[]> {
  const segments = typed.split('/');
  const partial = (segments.pop() ?? '').trim();
  const parents = segments.map((s) => s.trim()).filter((s) => s !== '');
  const reached = await followPath(client, parents);
  if (!reached) return [];
  const listing = await client.listFolder(reached.id);
  const rows = listing.subFolders
    .filter((f) => partial === '' || matches(f.name, partial))
    .map((f) => ({ name: `${reached.path}/${f.name}`, value: String(f.id) }))
    .sort(byPath);
  return rows.length === 0 && partial !== '' ? [noMatchRow(`${reached.path}/${partial}`)] : rows;
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
