import type { INodeProperties } from 'n8n-workflow';
import * as accountGetInfo from './account/getInfo';
import * as fileCopy from './file/copy';
import * as fileDelete from './file/delete';
import * as fileDownload from './file/download';
import * as fileGetInfo from './file/getInfo';
import * as fileGetLink from './file/getLink';
import * as fileList from './file/list';
import * as fileMove from './file/move';
import * as fileRename from './file/rename';
import * as fileScan from './file/scan';
import * as fileSetAttributes from './file/setAttributes';
import * as fileUpload from './file/upload';
import * as fileUploadFromUrl from './file/uploadFromUrl';
import * as folderCreate from './folder/create';
import * as folderDelete from './folder/delete';
import * as folderList from './folder/list';
import * as folderMove from './folder/move';
import * as folderRename from './folder/rename';
import * as folderShare from './folder/share';
import { combineItemsProperty } from '../helpers/grouping';
import type { OperationModule } from './types';

/** resource → operation → implementation. */
export const operations: Record<string, Record<string, OperationModule>> = {
  file: {
    upload: fileUpload,
    uploadFromUrl: fileUploadFromUrl,
    download: fileDownload,
    getLink: fileGetLink,
    getInfo: fileGetInfo,
    list: fileList,
    copy: fileCopy,
    move: fileMove,
    rename: fileRename,
    delete: fileDelete,
    setAttributes: fileSetAttributes,
    scan: fileScan,
  },
  folder: {
    create: folderCreate,
    list: folderList,
    move: folderMove,
    rename: folderRename,
    delete: folderDelete,
    share: folderShare,
  },
  account: {
    getInfo: accountGetInfo,
  },
};

const resource: INodeProperties = {
  displayName: 'Resource',
  name: 'resource',
  type: 'options',
  noDataExpression: true,
  options: [
    { name: 'Account', value: 'account' },
    { name: 'File', value: 'file' },
    { name: 'Folder', value: 'folder' },
  ],
  default: 'file',
};

const fileOperation: INodeProperties = {
  displayName: 'Operation',
  name: 'operation',
  type: 'options',
  noDataExpression: true,
  displayOptions: { show: { resource: ['file'] } },
  options: [
    { name: 'Copy', value: 'copy', description: 'Copy a file into a folder', action: 'Copy a file' },
    { name: 'Delete', value: 'delete', description: 'Delete a file', action: 'Delete a file' },
    { name: 'Download', value: 'download', description: 'Download a file into a binary field', action: 'Download a file' },
    {
      name: 'Get Download Link',
      value: 'getLink',
      description: 'Get a direct download link (valid about 5 minutes)',
      action: 'Get a download link',
    },
    { name: 'Get Info', value: 'getInfo', description: "Get a file's details", action: 'Get file info' },
    { name: 'List', value: 'list', description: 'List the files of a folder', action: 'List files' },
    { name: 'Move', value: 'move', description: 'Move a file into another folder', action: 'Move a file' },
    { name: 'Rename', value: 'rename', description: 'Rename a file', action: 'Rename a file' },
    { name: 'Scan', value: 'scan', description: 'Scan a file for viruses', action: 'Scan a file' },
    {
      name: 'Set Attributes',
      value: 'setAttributes',
      description: "Set a file's password, description, access rules and link options",
      action: 'Set file attributes',
    },
    { name: 'Upload', value: 'upload', description: 'Upload a file from a binary field', action: 'Upload a file' },
    {
      name: 'Upload From URL',
      value: 'uploadFromUrl',
      description: 'Have 1fichier fetch files from web addresses',
      action: 'Upload a file from a URL',
    },
  ],
  default: 'upload',
};

const folderOperation: INodeProperties = {
  displayName: 'Operation',
  name: 'operation',
  type: 'options',
  noDataExpression: true,
  displayOptions: { show: { resource: ['folder'] } },
  options: [
    { name: 'Create', value: 'create', description: 'Create a folder', action: 'Create a folder' },
    { name: 'Delete', value: 'delete', description: 'Delete a folder', action: 'Delete a folder' },
    { name: 'List', value: 'list', description: 'List the content of a folder', action: 'List a folder' },
    { name: 'Move', value: 'move', description: 'Move a folder into another folder', action: 'Move a folder' },
    { name: 'Rename', value: 'rename', description: 'Rename a folder', action: 'Rename a folder' },
    { name: 'Share', value: 'share', description: 'Share a folder publicly or with users', action: 'Share a folder' },
  ],
  default: 'create',
};

const accountOperation: INodeProperties = {
  displayName: 'Operation',
  name: 'operation',
  type: 'options',
  noDataExpression: true,
  displayOptions: { show: { resource: ['account'] } },
  options: [{ name: 'Get Info', value: 'getInfo', description: "Get the account's subscription and storage", action: 'Get account info' }],
  default: 'getInfo',
};

export const properties: INodeProperties[] = [
  resource,
  fileOperation,
  folderOperation,
  accountOperation,
  ...Object.values(operations).flatMap((byOperation) => Object.values(byOperation).flatMap((op) => op.description)),
  combineItemsProperty,
];

/**
 * The canvas subtitle: each operation's action as the panel names it ("Upload a file", "List a folder"),
 * read from the operation lists above, instead of n8n's "upload: file".
 */
export const subtitle = `={{ (${JSON.stringify(
  Object.fromEntries(
    [fileOperation, folderOperation, accountOperation].flatMap((op) =>
      (op.options as { value: string; action?: string; name: string }[]).map((o) => [
        `${op.displayOptions!.show!.resource![0] as string}:${o.value}`,
        o.action ?? o.name,
      ]),
    ),
  ),
)})[$parameter["resource"] + ":" + $parameter["operation"]] }}`;
