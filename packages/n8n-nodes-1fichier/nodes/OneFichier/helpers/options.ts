import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { ReservedNamePolicy } from '@onefichier/core';

/** The "Password" option of the operations that read a password-protected file (info, link, download). */
export const filePasswordOption: INodeProperties = {
  displayName: 'Password',
  name: 'password',
  type: 'string',
  typeOptions: { password: true },
  default: '',
  description: "The file's password, if it has one",
};

/**
 * What to do with names 1fichier reserves: by default the core replaces the characters with rclone's
 * look-alikes (files stay interoperable with rclone, and the node outputs names as given); "Refuse" fails the
 * item instead, so the name can be changed.
 */
export const reservedNamesOption: INodeProperties = {
  displayName: 'Reserved Characters in Names',
  name: 'reservedNames',
  type: 'options',
  options: [
    {
      name: 'Replace With Look-Alikes',
      value: 'encode',
      description: "As rclone does: ' becomes ＇, $ becomes ＄, an edge space ␠…; the output shows the name as given",
    },
    { name: 'Refuse the Name', value: 'refuse', description: 'Fail the item, so that the name can be changed' },
  ],
  default: 'encode',
  description: 'What to do with names containing \\ &lt; &gt; " \' $ ` or leading or trailing spaces, which 1fichier reserves',
};

/** An "Options" collection holding only the reserved-names choice, for operations that name something. */
export const nameOptionsCollection: INodeProperties = {
  displayName: 'Options',
  name: 'options',
  type: 'collection',
  placeholder: 'Add option',
  default: {},
  options: [reservedNamesOption],
};

/** The reserved-names choice of an item (from its "Options"), as the core's call option. */
export function namePolicyOf(ctx: IExecuteFunctions, itemIndex: number): { reservedNames: ReservedNamePolicy } {
  const options = ctx.getNodeParameter('options', itemIndex, {}) as { reservedNames?: string };
  return { reservedNames: options.reservedNames === 'refuse' ? 'refuse' : 'encode' };
}

/** A name as typed or received: kept exactly (edge spaces are part of it); a blank one counts as none. */
export function givenName(value: unknown): string {
  const name = typeof value === 'string' ? value : '';
  return name.trim() === '' ? '' : name;
}
