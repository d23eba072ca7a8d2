import type {
  IDataObject,
  INodeExecutionData,
  INodeParameterResourceLocator,
  INodeType,
  INodeTypeDescription,
  IPollFunctions,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { isOneFichierError, type FileItem, type OneFichierClient } from '@onefichier/core';
import { APP_DESCRIPTION } from './helpers/appDescription';
import { toNodeError } from './helpers/errors';
import { folderLocator } from './helpers/locators';
import { fileJson } from './helpers/output';
import { searchFolders } from './methods/listSearch';
import { getClient } from './transport';
import { walkFolders } from './helpers/walk';

/** What the trigger remembers between polls (the workflow's static data). */
interface TriggerState extends IDataObject {
  /** Which folder setup the state belongs to; a change of folder starts afresh. */
  watching?: string;
  /** URLs of the files present at the last poll. */
  seen?: string[];
}

/** Longest a poll may take: n8n polls every minute at most, and a poll still running then overlaps the next. */
const MAX_POLL_MS = 50_000;

interface WatchedFile extends FileItem {
  folderId: number;
  folderPath: string;
}

export class OneFichierTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: '1fichier Trigger',
    name: 'oneFichierTrigger',
    icon: { light: 'file:onefichier.svg', dark: 'file:onefichier.dark.svg' },
    group: ['trigger'],
    version: 1,
    subtitle: 'New file in a folder',
    // n8n's node panel shows this node and the action node as one "1fichier" entry, and gives that entry the
    // trigger's description (n8n-editor-ui's generateMergedNodesAndActions): so it says what both do.
    description: APP_DESCRIPTION,
    defaults: { name: '1fichier Trigger' },
    polling: true,
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'oneFichierApi', required: true }],
    properties: [
      {
        displayName:
          'Each poll lists the watched folders, and 1fichier allows one listing per folder every 30 seconds: poll every minute or less often',
        name: 'budgetNotice',
        type: 'notice',
        default: '',
      },
      {
        displayName: 'Event',
        name: 'event',
        type: 'options',
        options: [{ name: 'File Added', value: 'fileAdded', description: 'A new file appears in the folder' }],
        default: 'fileAdded',
      },
      folderLocator('folder', 'Folder', 'The folder to watch'),
      {
        displayName: 'Include Sub-Folders',
        name: 'includeSubfolders',
        type: 'boolean',
        default: false,
        description: 'Whether files added to sub-folders (at any depth) start the workflow too',
      },
      {
        displayName: 'Max Folders',
        name: 'maxFolders',
        type: 'number',
        typeOptions: { minValue: 1, maxValue: 200 },
        default: 20,
        displayOptions: { show: { includeSubfolders: [true] } },
        description: 'Most folders watched per poll, nearest first: each costs one listing, paced at about 2 per second',
      },
    ],
  };

  methods = {
    listSearch: { searchFolders },
  };

  async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
    const locator = this.getNodeParameter('folder') as INodeParameterResourceLocator;
    const includeSubfolders = this.getNodeParameter('includeSubfolders', false) as boolean;
    const maxFolders = includeSubfolders ? (this.getNodeParameter('maxFolders', 20) as number) : 1;
    const budgetMs = typeof this.getPollBudgetMs === 'function' ? Math.min(this.getPollBudgetMs(), MAX_POLL_MS) : MAX_POLL_MS;
    const signal = AbortSignal.timeout(budgetMs);
    let files: WatchedFile[];
    try {
      const { client } = await getClient(this);
      const root = await resolveWatchedFolder(this, client, locator, signal);
      files = await listWatchedFiles(client, root, maxFolders, signal);
    } catch (error) {
      // A flood lock or a listing window that would outlast this poll: skip it. Nothing is lost, since
      // the state is the set of files already seen, and the next poll reports what arrived meanwhile.
      if (isOneFichierError(error) && (error.kind === 'rate_limited' || (error.kind === 'cancelled' && signal.aborted))) {
        return null;
      }
      throw toNodeError(this.getNode(), error, 0) as NodeApiError | NodeOperationError;
    }

    const state = this.getWorkflowStaticData('node') as TriggerState;
    const watching = `${locator.mode}:${String(locator.value)}:${includeSubfolders ? maxFolders : 0}`;
    const byNewest = [...files].sort((a, b) => (b.dateUtc || b.date).localeCompare(a.dateUtc || a.date));

    if (this.getMode() === 'manual') {
      // A manual test shows the newest file so the user sees the output's shape; it changes nothing.
      return byNewest.length > 0 ? [[{ json: fileJson(byNewest[0]!) as IDataObject }]] : null;
    }
    const firstPoll = state.watching !== watching || !Array.isArray(state.seen);
    const seen = new Set(firstPoll ? [] : state.seen);
    state.watching = watching;
    // Only the files present now are remembered, so the state never grows beyond the folder itself.
    state.seen = files.map((f) => f.url);
    if (firstPoll) return null;
    const added = byNewest.filter((f) => !seen.has(f.url)).reverse();
    if (added.length === 0) return null;
    return [added.map((file) => ({ json: fileJson(file) as IDataObject }))];
  }
}

async function resolveWatchedFolder(
  ctx: IPollFunctions,
  client: OneFichierClient,
  locator: INodeParameterResourceLocator,
  signal: AbortSignal,
): Promise<{ id: number; path: string }> {
  const raw = String(locator.value ?? '').trim();
  if (locator.mode === 'path') {
    const path = raw === '' ? '/' : raw;
    return { id: await client.resolveFolderPath(path, { signal }), path: path.replace(/\/+$/, '') };
  }
  if (!/^\d+$/.test(raw)) {
    throw new NodeOperationError(ctx.getNode(), `"${raw}" is not a folder ID`, {
      description: 'A folder ID is a whole number (0 is the root folder). Pick the folder from the list or give its path.',
    });
  }
  const id = Number(raw);
  return { id, path: id === 0 ? '' : String(locator.cachedResultName ?? '').replace(/\/+$/, '') };
}

/** The files of at most maxFolders folders, nearest first: one folder/ls call (with files) each. */
async function listWatchedFiles(
  client: OneFichierClient,
  root: { id: number; path: string },
  maxFolders: number,
  signal: AbortSignal,
): Promise<WatchedFile[]> {
  const files: WatchedFile[] = [];
  for await (const folder of walkFolders(client, root, { maxFolders, includeFiles: true, signal })) {
    for (const file of folder.listing.items ?? []) files.push({ ...file, folderId: folder.id, folderPath: folder.path || '/' });
  }
  return files;
}
