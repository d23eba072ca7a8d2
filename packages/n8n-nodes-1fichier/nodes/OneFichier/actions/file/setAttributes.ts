import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { setAttributesEach, type FileAcl, type FileAttributes } from '@onefichier/core';
import { byKey, prepareEach, record, type GroupResults } from '../../helpers/grouping';
import { fileLocator, getFileUrl } from '../../helpers/locators';
import { item, splitList } from '../../helpers/output';
import type { ClientHandle } from '../../transport';
import { cancelSignal } from '../types';

const properties: INodeProperties[] = [
  fileLocator(),
  {
    displayName: 'Attributes',
    name: 'attributes',
    type: 'collection',
    placeholder: 'Add attribute',
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
        displayName: 'Inline',
        name: 'inline',
        type: 'boolean',
        default: false,
        description: 'Whether browsers should display the file instead of saving it',
      },
      {
        displayName: 'Password',
        name: 'password',
        type: 'string',
        typeOptions: { password: true },
        default: '',
        description: 'At least 6 characters. Use "Remove Password" to take a password off.',
      },
      {
        displayName: 'Remove Password',
        name: 'removePassword',
        type: 'boolean',
        default: false,
        description: "Whether to remove the file's password",
      },
      {
        displayName: 'Use CDN',
        name: 'cdn',
        type: 'boolean',
        default: false,
        description: 'Whether downloads of this file go through the CDN',
      },
      {
        displayName: 'Without SSL',
        name: 'noSsl',
        type: 'boolean',
        default: false,
        description: 'Whether download links use plain HTTP',
      },
    ],
  },
  {
    displayName: 'Access Rules',
    name: 'acl',
    type: 'collection',
    placeholder: 'Add rule',
    default: {},
    description: 'Who may download the file. Each rule replaces the current one of its kind.',
    options: [
      {
        displayName: 'Allowed Countries',
        name: 'country',
        type: 'string',
        default: '',
        placeholder: 'e.g. FR, BE',
        description: 'Two-letter country codes, separated by commas',
      },
      {
        displayName: 'Allowed Emails',
        name: 'email',
        type: 'string',
        default: '',
        placeholder: 'e.g. name@email.com',
        description: 'Email addresses of 1fichier users, separated by commas',
      },
      {
        displayName: 'Allowed IPs',
        name: 'ip',
        type: 'string',
        default: '',
        placeholder: 'e.g. 192.0.2.0/24, 198.51.100.7',
        description: 'Addresses or CIDR ranges, separated by commas',
      },
      {
        displayName: 'Premium Users Only',
        name: 'premium',
        type: 'boolean',
        default: false,
        description: 'Whether only Premium users may download',
      },
    ],
  },
];

export const description = updateDisplayOptions({ show: { resource: ['file'], operation: ['setAttributes'] } }, properties);

interface AttributeParams {
  description?: string;
  inline?: boolean;
  password?: string;
  removePassword?: boolean;
  cdn?: boolean;
  noSsl?: boolean;
}

interface AclParams {
  country?: string;
  email?: string;
  ip?: string;
  premium?: boolean;
}

/** The attributes an item asks for, checked (a short password, a bad country code, nothing to set fail the item). */
function attributesOf(this: IExecuteFunctions, itemIndex: number): FileAttributes {
  const params = this.getNodeParameter('attributes', itemIndex, {}) as AttributeParams;
  const aclParams = this.getNodeParameter('acl', itemIndex, {}) as AclParams;
  const attributes: FileAttributes = {};
  if (params.description !== undefined) attributes.description = params.description;
  if (params.inline !== undefined) attributes.inline = params.inline;
  if (params.cdn !== undefined) attributes.cdn = params.cdn;
  if (params.noSsl !== undefined) attributes.noSsl = params.noSsl;
  if (params.removePassword) attributes.password = '';
  else if (params.password) {
    if (params.password.length < 6) {
      throw new NodeOperationError(this.getNode(), 'The password is too short', {
        itemIndex,
        description: '1fichier file passwords have at least 6 characters.',
      });
    }
    attributes.password = params.password;
  }
  const acl: FileAcl = {};
  if (aclParams.ip !== undefined) acl.ip = splitList(aclParams.ip);
  if (aclParams.country !== undefined) acl.country = splitList(aclParams.country).map((c) => c.toUpperCase());
  if (aclParams.email !== undefined) acl.email = splitList(aclParams.email);
  if (aclParams.premium !== undefined) acl.premium = aclParams.premium;
  const badCountry = (acl.country ?? []).find((c) => !/^[A-Z]{2}$/.test(c));
  if (badCountry) {
    throw new NodeOperationError(this.getNode(), `"${badCountry}" is not a two-letter country code`, {
      itemIndex,
      description: 'Use ISO 3166 codes such as FR, BE or DE.',
    });
  }
  if (Object.keys(acl).length > 0) attributes.acl = acl;
  if (Object.keys(attributes).length === 0) {
    throw new NodeOperationError(this.getNode(), 'No attribute to set', {
      itemIndex,
      description: 'Add at least one attribute or access rule.',
    });
  }
  return attributes;
}

/** An item's output: the attributes set, without the password itself, which is never echoed into the execution data. */
function output(url: string, updated: number, attributes: FileAttributes, itemIndex: number): INodeExecutionData[] {
  const { password, ...shown } = attributes;
  return [item({ url, updated, ...shown, ...(password !== undefined ? { passwordProtected: password !== '' } : {}) }, itemIndex)];
}

export async function execute(this: IExecuteFunctions, itemIndex: number, handle: ClientHandle): Promise<INodeExecutionData[]> {
  const url = await getFileUrl(this, handle.client, itemIndex);
  const attributes = attributesOf.call(this, itemIndex);
  const result = await handle.client.setFileAttributes([url], attributes);
  return output(url, result.updated, attributes, itemIndex);
}

/** Sets the same attributes on the items' files in one file/chattr request per set of attributes. */
export async function executeGroup(this: IExecuteFunctions, itemIndexes: number[], handle: ClientHandle): Promise<GroupResults> {
  const results: GroupResults = new Map();
  const prepared = await prepareEach(itemIndexes, results, async (itemIndex) => {
    const attributes = attributesOf.call(this, itemIndex);
    return { url: await getFileUrl(this, handle.client, itemIndex), attributes };
  });
  const signal = cancelSignal(this);
  for (const members of byKey(prepared, (v) => JSON.stringify(v.attributes))) {
    const { attributes } = members[0]!.value;
    const outcomes = await setAttributesEach(
      handle.client,
      members.map((m) => m.value.url),
      attributes,
      signal ? { signal } : {},
    );
    record(results, members, outcomes, (_, m) => output(m.value.url, 1, attributes, m.itemIndex));
  }
  return results;
}
