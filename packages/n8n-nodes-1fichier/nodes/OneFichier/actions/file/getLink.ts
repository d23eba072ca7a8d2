import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { fileLocator, getFileUrl } from '../../helpers/locators';
import { filePasswordOption } from '../../helpers/options';
import { item } from '../../helpers/output';
import type { ClientHandle } from '../../transport';

const properties: INodeProperties[] = [
  fileLocator(),
  {
    displayName: 'Options',
    name: 'options',
    type: 'collection',
    placeholder: 'Add option',
    default: {},
    options: [
      {
        displayName: 'Inline',
        name: 'inline',
        type: 'boolean',
        default: false,
        description: 'Whether browsers should display the file instead of saving it',
      },
      filePasswordOption,
      {
        displayName: 'Restrict IP',
        name: 'restrictIp',
        type: 'options',
        default: 0,
        description: 'CDN links only: how strictly the link is tied to the address that asked for it',
        options: [
          { name: 'No Restriction', value: 0 },
          { name: 'Forbid IP Change', value: 1 },
          { name: 'Forbid Any Sub-Request', value: 2 },
        ],
      },
      {
        displayName: 'Single Use',
        name: 'single',
        type: 'boolean',
        default: false,
        description: 'Whether the link refuses sub-requests (no resuming or parallel parts)',
      },
      {
        displayName: 'Use CDN Credits',
        name: 'cdn',
        type: 'boolean',
        default: false,
        description: 'Whether the link goes through the CDN (spends CDN credits)',
      },
    ],
  },
];

export const description = updateDisplayOptions({ show: { resource: ['file'], operation: ['getLink'] } }, properties);

export async function execute(this: IExecuteFunctions, itemIndex: number, handle: ClientHandle): Promise<INodeExecutionData[]> {
  const url = await getFileUrl(this, handle.client, itemIndex);
  const options = this.getNodeParameter('options', itemIndex, {}) as {
    inline?: boolean;
    password?: string;
    restrictIp?: number;
    single?: boolean;
    cdn?: boolean;
  };
  const restrictIp = Number(options.restrictIp ?? 0);
  const token = await handle.client.getDownloadToken({
    url,
    ...(options.inline ? { inline: true } : {}),
    ...(options.password ? { password: options.password } : {}),
    ...(restrictIp === 1 || restrictIp === 2 ? { restrictIp } : {}),
    ...(options.single ? { single: true } : {}),
    // Off is sent as off: left out, the account's own "use CDN" setting would decide and could spend credits.
    cdn: options.cdn === true,
  });
  return [item({ url, downloadUrl: token.url, expiresAt: new Date(token.expiresAt).toISOString() }, itemIndex)];
}
