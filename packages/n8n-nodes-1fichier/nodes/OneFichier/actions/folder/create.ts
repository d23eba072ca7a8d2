import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { folderLocator, getFolderId } from '../../helpers/locators';
import { item } from '../../helpers/output';
import { givenName, nameOptionsCollection, namePolicyOf } from '../../helpers/options';
import type { ClientHandle } from '../../transport';

const properties: INodeProperties[] = [
  folderLocator('parent', 'Parent Folder', 'The folder to create the new folder in'),
  {
    displayName: 'Name',
    name: 'name',
    type: 'string',
    default: '',
    required: true,
    placeholder: 'e.g. Invoices',
    description: 'Name of the new folder. With "Create Parents", a path such as 2026/Invoices.',
  },
  {
    displayName: 'Create Parents',
    name: 'createParents',
    type: 'boolean',
    default: false,
    description:
      'Whether the name may be a path whose missing folders are created, like mkdir -p. Folders that already exist are reused instead of failing.',
  },
  nameOptionsCollection,
];

export const description = updateDisplayOptions({ show: { resource: ['folder'], operation: ['create'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, handle: ClientHandle): Promise<INodeExecutionData[]> {
  const parentId = await getFolderId(this, handle.client, 'parent', itemIndex);
  const name = givenName(this.getNodeParameter('name', itemIndex, ''));
  const names = namePolicyOf(this, itemIndex);
  const createParents = this.getNodeParameter('createParents', itemIndex, false) as boolean;
  if (name === '') {
    throw new NodeOperationError(this.getNode(), 'No folder name given', { itemIndex, description: 'Set "Name".' });
  }
  if (!createParents) {
    if (name.includes('/')) {
      throw new NodeOperationError(this.getNode(), `The folder name "${name}" contains a slash`, {
        itemIndex,
        description: 'Turn on "Create Parents" to create a path of folders, or remove the slash.',
      });
    }
    const created = await handle.client.createFolder(name, parentId, names);
    return [item({ folderId: created.folderId, name: created.name, parentId, created: true }, itemIndex)];
  }
  // Segments keep their edge spaces (part of the name); empty ones ("a//b") are skipped.
  const segments = name.split('/').filter((s) => s.trim() !== '');
  let currentId = parentId;
  let created = false;
  for (const segment of segments) {
    const listing = await handle.client.listFolder(currentId);
    const existing = listing.subFolders.find((f) => f.name === segment);
    if (existing) {
      currentId = existing.id;
      continue;
    }
    currentId = (await handle.client.createFolder(segment, currentId, names)).folderId;
    created = true;
  }
  return [
    item({ folderId: currentId, name: segments[segments.length - 1] ?? name, parentId, path: segments.join('/'), created }, itemIndex),
  ];
}
