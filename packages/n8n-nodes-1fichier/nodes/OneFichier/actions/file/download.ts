import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { fileLocator, getFile } from '../../helpers/locators';
import { filePasswordOption } from '../../helpers/options';
import type { ClientHandle } from '../../transport';
import { cancelSignal } from '../types';

const properties: INodeProperties[] = [
  fileLocator(),
  {
    displayName: 'Put Output File in Field',
    name: 'binaryPropertyName',
    type: 'string',
    default: 'data',
    required: true,
    hint: 'The name of the output binary field to put the file in',
  },
  {
    displayName: 'Options',
    name: 'options',
    type: 'collection',
    placeholder: 'Add option',
    default: {},
    options: [
      {
        displayName: 'File Name',
        name: 'fileName',
        type: 'string',
        default: '',
        description: 'Name of the output file. Leave empty to use the name 1fichier sends.',
      },
      filePasswordOption,
      {
        displayName: 'Use CDN Credits',
        name: 'cdn',
        type: 'boolean',
        default: false,
        description: 'Whether to download through the CDN (needed from data-centre or VPN addresses; spends CDN credits)',
      },
      {
        displayName: 'Expected Checksum',
        name: 'checksum',
        type: 'string',
        default: '',
        placeholder: 'e.g. {{ $json.checksum }}',
        description:
          "The file's Whirlpool from a List or Get Info item; the download fails if the bytes differ. A file picked by path is checked against its listing without this.",
      },
      {
        displayName: 'Verify Checksum',
        name: 'verifyIntegrity',
        type: 'boolean',
        default: true,
        description: 'Whether to check the downloaded bytes against the Whirlpool when it is known (costs CPU time on large files)',
      },
    ],
  },
];

export const description = updateDisplayOptions({ show: { resource: ['file'], operation: ['download'] } }, properties);

interface DownloadParameters {
  fileName?: string;
  password?: string;
  cdn?: boolean;
  checksum?: string;
  verifyIntegrity?: boolean;
}

export async function execute(this: IExecuteFunctions, itemIndex: number, handle: ClientHandle): Promise<INodeExecutionData[]> {
  const { url, listed } = await getFile(this, handle.client, itemIndex);
  const binaryPropertyName = (this.getNodeParameter('binaryPropertyName', itemIndex) as string).trim();
  const options = this.getNodeParameter('options', itemIndex, {}) as DownloadParameters;
  const signal = cancelSignal(this);
  const checksum = options.checksum?.trim() || listed?.checksum;
  const download = await handle.client.download(url, {
    ...(options.password ? { password: options.password } : {}),
    // Off is sent as off: left out, the account's own "use CDN" setting would decide and could spend credits.
    cdn: options.cdn === true,
    ...(signal ? { signal } : {}),
    file: { ...(listed ? { filename: listed.filename, size: listed.size } : {}), ...(checksum ? { checksum } : {}) },
    verifyIntegrity: options.verifyIntegrity !== false,
  });
  const fileName = options.fileName || download.filename;
  // Streamed into n8n's binary store: a large file never sits in memory as a whole.
  const body = (handle.streams.readable(download.stream) ?? download.stream) as Parameters<typeof this.helpers.prepareBinaryData>[0];
  const binary = await this.helpers.prepareBinaryData(body, fileName, download.contentType);
  const input = this.getInputData()[itemIndex];
  return [
    {
      json: {
        url,
        filename: fileName ?? binary.fileName ?? '',
        size: download.size ?? binary.bytes ?? null,
        contentType: download.contentType ?? binary.mimeType,
        // Only once the whole stream was checked against it (prepareBinaryData read it to the end).
        ...(download.checksum ? { checksum: download.checksum } : {}),
      },
      binary: { ...(input?.binary ?? {}), [binaryPropertyName]: binary },
      pairedItem: { item: itemIndex },
    },
  ];
}
