import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import type { FolderShare } from '@onefichier/core';
import { folderLocator, getFolderId } from '../../helpers/locators';
import { item } from '../../helpers/output';
import type { ClientHandle } from '../../transport';

const properties: INodeProperties[] = [
  folderLocator('folder', 'Folder', 'The folder to share'),
  {
    displayName: 'Public Share',
    name: 'share',
    type: 'boolean',
    default: true,
    description: "Whether anyone with the folder's link may see it",
  },
  {
    displayName: 'Options',
    name: 'options',
    type: 'collection',
    placeholder: 'Add option',
    default: {},
    options: [
      {
        displayName: 'Password',
        name: 'password',
        type: 'string',
        typeOptions: { password: true },
        default: '',
        description: 'Protects the public share (at least 6 characters)',
      },
      {
        displayName: 'Replace User Shares',
        name: 'replaceShares',
        type: 'boolean',
        default: false,
        description: "Whether to replace the folder's user shares with the list below (an empty list removes them all)",
      },
      {
        displayName: 'User Shares',
        name: 'shares',
        type: 'fixedCollection',
        typeOptions: { multipleValues: true },
        default: {},
        placeholder: 'Add user',
        options: [
          {
            displayName: 'User',
            name: 'user',
            values: [
              { displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '' },
              {
                displayName: 'Can Write',
                name: 'readWrite',
                type: 'boolean',
                default: false,
                description: 'Whether the user may add and remove files',
              },
              {
                displayName: 'Hide Links',
                name: 'hideLinks',
                type: 'boolean',
                default: false,
                description: "Whether the user may see the files' download links",
              },
            ],
          },
        ],
      },
    ],
  },
];

export const description = updateDisplayOptions({ show: { resource: ['folder'], operation: ['share'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, handle: ClientHandle): Promise<INodeExecutionData[]> {
  const folderId = await getFolderId(this, handle.client, 'folder', itemIndex);
  const share = this.getNodeParameter('share', itemIndex, true) as boolean;
  const options = this.getNodeParameter('options', itemIndex, {}) as {
    password?: string;
    replaceShares?: boolean;
    shares?: { user?: FolderShare[] };
  };
  if (options.password && options.password.length < 6) {
    throw new NodeOperationError(this.getNode(), 'The share password is too short', {
      itemIndex,
      description: '1fichier share passwords have at least 6 characters.',
    });
  }
  const users = options.shares?.user ?? [];
  const badEmail = users.find((u) => !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(u.email ?? ''));
  if (badEmail) {
    throw new NodeOperationError(this.getNode(), `"${badEmail.email}" is not an email address`, {
      itemIndex,
      description: 'Each user share needs the email address of a 1fichier account.',
    });
  }
  const shares =
    options.replaceShares || users.length > 0
      ? users.map((u) => ({ email: u.email, readWrite: Boolean(u.readWrite), hideLinks: Boolean(u.hideLinks) }))
      : undefined;
  const result = await handle.client.shareFolder(folderId, {
    share,
    ...(options.password ? { password: options.password } : {}),
    ...(shares ? { shares } : {}),
  });
  return [item({ folderId, share, ...(typeof result === 'object' && result ? result : {}) }, itemIndex)];
}
