import type { IBinaryData, IExecuteFunctions, INodeExecutionData, INodeParameterResourceLocator, INodeProperties } from 'n8n-workflow';
import { BINARY_ENCODING, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import {
  OneFichierError,
  setAttributesEach,
  sharedStoredNames,
  uploadEach,
  uploadWithConflictPolicy,
  type BatchUpload,
  type ConflictUploadResult,
  type IfExists,
  type ItemOutcome,
  type ReservedNamePolicy,
  type UploadSource,
} from '@onefichier/core';
import { byKey, prepareEach, record, type GroupResults } from '../../helpers/grouping';
import { folderLocator, folderPathFrom, folderPathOf, getFolderId } from '../../helpers/locators';
import { item } from '../../helpers/output';
import { givenName, namePolicyOf, reservedNamesOption } from '../../helpers/options';
import type { ClientHandle } from '../../transport';
import { cancelSignal } from '../types';

/** Read size of the binary-data stream: large enough for throughput, small enough to keep memory flat. */
const STREAM_CHUNK_SIZE = 1024 * 1024;

const properties: INodeProperties[] = [
  {
    displayName: 'Input Binary Field',
    name: 'binaryPropertyName',
    type: 'string',
    default: 'data',
    required: true,
    hint: 'The name of the input field holding the file to upload',
  },
  folderLocator('folder', 'Parent Folder', 'The folder to upload into'),
  {
    displayName: 'Create Missing Folders',
    name: 'createFolders',
    type: 'boolean',
    default: true,
    // New in version 1.1 (OneFichier.node.ts): a saved version-1 node has no such parameter and keeps failing on a missing folder.
    displayOptions: { show: { '@version': [{ _cnd: { gte: 1.1 } }] } },
    description:
      'Whether to create the folders of a Parent Folder given By Path that do not exist yet, like mkdir -p (folders that exist are reused). A folder picked from the list or by ID must exist.',
  },
  {
    displayName: 'File Name',
    name: 'fileName',
    type: 'string',
    default: '',
    placeholder: 'e.g. report.pdf',
    // A hint shows under the field at all times; a description only in a tooltip.
    hint: "Leave empty to keep the input file's own name",
    description: 'The name to give the file on 1fichier. Leave empty to keep the name the file has in the input binary field.',
  },
  {
    displayName: 'Options',
    name: 'options',
    type: 'collection',
    placeholder: 'Add option',
    default: {},
    options: [
      {
        displayName: 'Description',
        name: 'description',
        type: 'string',
        default: '',
        description: 'A description stored with the file',
      },
      {
        displayName: 'If a File With This Name Exists',
        name: 'ifExists',
        type: 'options',
        default: 'keepBoth',
        description:
          'What to do when the folder already holds a file of this name. Checking lists the folder once per execution, shared by all items.',
        options: [
          {
            name: 'Keep Both',
            value: 'keepBoth',
            description: 'Upload next to it: 1fichier keeps several files with one name (its own behaviour)',
          },
          {
            name: 'Replace',
            value: 'replace',
            description:
              'Upload, then remove the older file(s) of that name once the upload is confirmed. The file gets a new link: links to the old one stop working.',
          },
          {
            name: 'Skip',
            value: 'skip',
            description: 'Do not upload; output the file already there',
          },
          {
            name: 'Skip If Identical',
            value: 'skipIfIdentical',
            description:
              'Do not upload when a file of that name has the same size and Whirlpool checksum; otherwise replace it, which gives it a new link (links to the old one stop working)',
          },
        ],
      },
      {
        displayName: 'Password',
        name: 'password',
        type: 'string',
        typeOptions: { password: true },
        default: '',
        description: 'Protects the download page with this password',
      },
      reservedNamesOption,
    ],
  },
];

export const description = updateDisplayOptions({ show: { resource: ['file'], operation: ['upload'] } }, properties);

interface BinarySource {
  size: number;
  source: UploadSource;
  release(): void;
}

/**
 * The upload reads the binary data as a stream when n8n keeps it on disk (filesystem or S3 mode), so a file
 * of any size costs a few chunks of memory. Data already held in memory is used as it is.
 */
async function binarySource(
  ctx: IExecuteFunctions,
  handle: ClientHandle,
  binary: IBinaryData,
  name: string,
  itemIndex: number,
  openNow = true,
): Promise<BinarySource> {
  if (binary.id) {
    const id = binary.id;
    const metadata = await ctx.helpers.getBinaryMetadata(id);
    const size = Number(metadata.fileSize ?? binary.bytes);
    if (!Number.isFinite(size)) {
      throw new NodeOperationError(ctx.getNode(), 'The size of the binary data is unknown', { itemIndex });
    }
    // The first stream is opened now so the transport can build its request body from the same kind
    // of Readable; a retry opens a fresh one. The other files of a grouped request open theirs when their
    // turn in the body comes, so a hundred items hold one open stream at a time.
    let pending: Awaited<ReturnType<typeof ctx.helpers.getBinaryStream>> | undefined = openNow
      ? await ctx.helpers.getBinaryStream(id, STREAM_CHUNK_SIZE)
      : undefined;
    handle.streams.learnFrom(pending);
    return {
      size,
      source: {
        name,
        size,
        reopenable: true,
        open: async function* () {
          const stream = pending ?? (await ctx.helpers.getBinaryStream(id, STREAM_CHUNK_SIZE));
          pending = undefined;
          for await (const chunk of stream) yield chunk as Uint8Array;
        },
      },
      release: () => {
        pending?.destroy();
        pending = undefined;
      },
    };
  }
  // Decoded when its turn in the body comes: a grouped request does not hold every item's bytes twice.
  const data = binary.data;
  const size = Buffer.byteLength(data, BINARY_ENCODING);
  return {
    size,
    source: {
      name,
      size,
      reopenable: true,
      open: async function* () {
        yield Buffer.from(data, BINARY_ENCODING);
      },
    },
    release: () => undefined,
  };
}

type UploadOptions = { description?: string; password?: string; ifExists?: IfExists };

/** What each item would do to the one before it under a policy that looks at the files already there. */
const UNDOING: Record<Exclude<IfExists, 'keepBoth'>, string> = {
  replace: 'each would replace the one before, and only the last file would be kept',
  skipIfIdentical: 'each would replace the one before (unless identical), and only the last file would be kept',
  skip: 'all but the first would be skipped, and their files would not be stored',
};
const IF_EXISTS_LABEL: Record<Exclude<IfExists, 'keepBoth'>, string> = {
  replace: 'Replace',
  skipIfIdentical: 'Skip If Identical',
  skip: 'Skip',
};

/**
 * Items of one execution that would store one name in one folder under Replace, Skip or Skip If Identical
 * would undo each other (the core's sharedStoredNames): they all fail, before anything is uploaded, saying
 * how to give each file its own name. The folder is compared as given (its path or id), without a listing.
 */
export function refuseItems(this: IExecuteFunctions, itemIndexes: number[]): Map<number, Error> {
  const uploads: (BatchUpload & {
    itemIndex: number;
    ifExists: Exclude<IfExists, 'keepBoth'>;
    fixedName: boolean;
    field: string;
    where: string;
  })[] = [];
  for (const itemIndex of itemIndexes) {
    try {
      const ifExists = (this.getNodeParameter('options', itemIndex, {}) as UploadOptions).ifExists ?? 'keepBoth';
      if (ifExists === 'keepBoth') continue;
      const field = (this.getNodeParameter('binaryPropertyName', itemIndex) as string).trim();
      const fixed = givenName(this.getNodeParameter('fileName', itemIndex, ''));
      const name = fixed || givenName(this.helpers.assertBinaryData(itemIndex, field).fileName);
      const folder = folderAsGiven(this.getNodeParameter('folder', itemIndex) as INodeParameterResourceLocator | string);
      if (name === '' || !folder) continue;
      uploads.push({ ...folder, name, ...namePolicyOf(this, itemIndex), itemIndex, ifExists, fixedName: fixed !== '', field });
    } catch {
      // An item whose parameters cannot be read fails when it runs, with its own message.
    }
  }
  const refused = new Map<number, Error>();
  for (const group of sharedStoredNames(uploads)) {
    const members = group.indexes.map((i) => uploads[i]!);
    const first = members[0]!;
    const items = members.map((m) => m.itemIndex);
    const fileName = /^[A-Za-z_$][\w$]*$/.test(first.field) ? `$binary.${first.field}.fileName` : `$binary["${first.field}"].fileName`;
    const suggestion = members.some((m) => m.fixedName)
      ? `Give each file its own name: set "File Name" to an expression such as {{ ${fileName} }} (each file's own name)`
      : `The input files have the same name: set "File Name" to an expression that tells them apart, such as {{ $itemIndex }}-{{ ${fileName} }}`;
    const error = new OneFichierError({
      kind: 'invalid_input',
      message: `${items.length} items (${items.join(', ')}) would all be stored as "${group.stored}" in ${first.where}.`,
      hint: `With "${IF_EXISTS_LABEL[first.ifExists]}" ${UNDOING[first.ifExists]}, so none of them was uploaded. ${suggestion}, or choose "Keep Both" in "If a File With This Name Exists".`,
    });
    for (const itemIndex of items) refused.set(itemIndex, error);
  }
  return refused;
}

/** A folder locator as typed, comparable without a listing: the root and ids as numbers, paths normalised. */
function folderAsGiven(locator: INodeParameterResourceLocator | string): { folder: string | number; where: string } | undefined {
  const { mode, value, cachedResultName } =
    typeof locator === 'string' ? { mode: 'id', value: locator, cachedResultName: undefined } : locator;
  const raw = String(value ?? '').trim();
  if (mode === 'path') {
    const path = `/${folderPathFrom(raw).replace(/^\/+|\/+$/g, '')}`;
    return path === '/' ? { folder: 0, where: '/' } : { folder: path, where: path };
  }
  if (!/^\d+$/.test(raw)) return undefined;
  const id = Number(raw);
  return {
    folder: id,
    where: id === 0 ? '/' : typeof cachedResultName === 'string' && cachedResultName ? cachedResultName : `folder ${id}`,
  };
}

/**
 * The Parent Folder's id. From version 1.1, a path whose folders do not exist yet is created with the core's
 * create-or-reuse (ensureFolderPath) when "Create Missing Folders" is on; version 1 only resolves it.
 */
async function parentFolderId(ctx: IExecuteFunctions, handle: ClientHandle, itemIndex: number): Promise<number> {
  const locator = ctx.getNodeParameter('folder', itemIndex) as INodeParameterResourceLocator | string;
  const create =
    ctx.getNode().typeVersion >= 1.1 &&
    typeof locator === 'object' &&
    locator.mode === 'path' &&
    (ctx.getNodeParameter('createFolders', itemIndex, true) as boolean);
  if (!create) return getFolderId(ctx, handle.client, 'folder', itemIndex);
  const path = folderPathOf(ctx, String(locator.value ?? '').trim(), itemIndex);
  const signal = cancelSignal(ctx);
  return handle.client.ensureFolderPath(path, { ...namePolicyOf(ctx, itemIndex), ...(signal ? { signal } : {}) });
}

interface PreparedUpload {
  binary: IBinaryData;
  fileName: string;
  options: UploadOptions;
  ifExists: IfExists;
  folderId: number;
  reservedNames: ReservedNamePolicy;
}

/** What an item uploads and where, checked before any upload (a missing name fails the item). */
async function prepareUpload(ctx: IExecuteFunctions, handle: ClientHandle, itemIndex: number): Promise<PreparedUpload> {
  const binaryPropertyName = (ctx.getNodeParameter('binaryPropertyName', itemIndex) as string).trim();
  const binary = ctx.helpers.assertBinaryData(itemIndex, binaryPropertyName);
  const fileName = givenName(ctx.getNodeParameter('fileName', itemIndex, '')) || givenName(binary.fileName);
  if (fileName === '') {
    throw new NodeOperationError(ctx.getNode(), `The binary field "${binaryPropertyName}" has no file name`, {
      itemIndex,
      description: 'Set "File Name" to the name the file should have on 1fichier.',
    });
  }
  const options = ctx.getNodeParameter('options', itemIndex, {}) as UploadOptions;
  const folderId = await parentFolderId(ctx, handle, itemIndex);
  return { binary, fileName, options, ifExists: options.ifExists ?? 'keepBoth', folderId, ...namePolicyOf(ctx, itemIndex) };
}

/** An item's output, the same whether it was uploaded alone or in a group. */
function uploadOutput(result: ConflictUploadResult, prepared: PreparedUpload, itemIndex: number): INodeExecutionData[] {
  const { options, ifExists } = prepared;
  const uploaded = result.file;
  const stored = result.action !== 'skipped';
  return [
    item(
      {
        // What happened comes first: it is the column a re-run is checked by (Table view shows keys in order).
        // Keep Both is the plain upload of earlier versions: its output has no action, as before.
        ...(ifExists === 'keepBoth' ? {} : { action: result.action }),
        url: uploaded.url,
        filename: uploaded.filename,
        size: uploaded.size,
        whirlpool: uploaded.whirlpool,
        folderId: uploaded.folderId,
        ...(options.description && stored ? { description: options.description } : {}),
        ...(stored ? { passwordProtected: Boolean(options.password) } : {}),
        ...(result.removed.length > 0 ? { removedUrls: result.removed } : {}),
        ...(result.warning ? { warning: result.warning } : {}),
      },
      itemIndex,
    ),
  ];
}

export async function execute(this: IExecuteFunctions, itemIndex: number, handle: ClientHandle): Promise<INodeExecutionData[]> {
  const prepared = await prepareUpload(this, handle, itemIndex);
  const { options, ifExists, folderId, reservedNames } = prepared;
  const { source, release } = await binarySource(this, handle, prepared.binary, prepared.fileName, itemIndex);
  try {
    const signal = cancelSignal(this);
    const result = await uploadWithConflictPolicy(handle.client, handle.folderFiles, source, {
      folderId,
      ifExists,
      reservedNames,
      ...(options.password ? { password: options.password } : {}),
      ...(signal ? { signal } : {}),
    });
    if (options.description && result.action !== 'skipped') {
      await handle.client.setFileAttributes([result.file.url], { description: options.description });
    }
    return uploadOutput(result, prepared, itemIndex);
  } finally {
    release();
  }
}

/**
 * The items going to one folder with the same options, in as few upload requests as the core's bounds allow
 * (uploadEach: at most 100 files and 4 GiB per request), their files streamed one after another in one body;
 * a Description is then set on all of them in one file/chattr request.
 */
export async function executeGroup(this: IExecuteFunctions, itemIndexes: number[], handle: ClientHandle): Promise<GroupResults> {
  const results: GroupResults = new Map();
  const prepared = await prepareEach(itemIndexes, results, (itemIndex) => prepareUpload(this, handle, itemIndex));
  const signal = cancelSignal(this);
  const groups = byKey(prepared, (v) =>
    JSON.stringify([v.folderId, v.ifExists, v.options.password ?? '', v.options.description ?? '', v.reservedNames]),
  );
  for (const group of groups) {
    const releases: (() => void)[] = [];
    const members = await prepareEach(
      group.map((g) => g.itemIndex),
      results,
      async (itemIndex) => {
        const p = group.find((g) => g.itemIndex === itemIndex)!.value;
        const opened = await binarySource(this, handle, p.binary, p.fileName, itemIndex, releases.length === 0);
        releases.push(opened.release);
        return { prepared: p, source: opened.source };
      },
    );
    if (members.length === 0) continue;
    const { folderId, ifExists, options, reservedNames } = members[0]!.value.prepared;
    let outcomes: ItemOutcome<ConflictUploadResult>[];
    try {
      outcomes = await uploadEach(
        handle.client,
        handle.folderFiles,
        members.map((m) => m.value.source),
        { folderId, ifExists, reservedNames, ...(options.password ? { password: options.password } : {}), ...(signal ? { signal } : {}) },
      );
    } finally {
      for (const release of releases) release();
    }
    if (options.description) {
      const stored = members.flatMap((_, i) => {
        const o = outcomes[i]!;
        return o.ok && o.value.action !== 'skipped' ? [{ i, url: o.value.file.url }] : [];
      });
      if (stored.length > 0) {
        const described = await setAttributesEach(
          handle.client,
          stored.map((s) => s.url),
          { description: options.description },
          signal ? { signal } : {},
        );
        stored.forEach((s, k) => {
          const d = described[k]!;
          if (!d.ok) outcomes[s.i] = d;
        });
      }
    }
    record(results, members, outcomes, (result, m) => uploadOutput(result, m.value.prepared, m.itemIndex));
  }
  return results;
}
