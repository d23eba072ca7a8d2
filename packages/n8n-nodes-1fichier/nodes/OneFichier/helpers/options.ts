import type { INodeProperties } from 'n8n-workflow';

/** The "Password" option of the operations that read a password-protected file (info, link, download). */
export const filePasswordOption: INodeProperties = {
  displayName: 'Password',
  name: 'password',
  type: 'string',
  typeOptions: { password: true },
  default: '',
  description: "The file's password, if it has one",
};
