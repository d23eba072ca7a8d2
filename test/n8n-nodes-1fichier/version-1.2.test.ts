/**
 * Version 1.2 of the 1fichier node, as new workflows save it: every parameter it shows, with its type, default,
 * display conditions and choices, recorded in version-1.2-parameters.json (as version-1.test.ts does for 1).
 * Its one difference from 1.1, "Combine Items Into Fewer Requests" on by default, is checked by name, and a
 * version-1.1 node must not show it (saved 1.1 workflows keep one request per item).
 * `UPDATE_V1_2_PARAMETERS=1 pnpm exec jest test/n8n-nodes-1fichier/version-1.2.test.ts` writes the record.
 */
import { existsSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { OneFichier } from '../../packages/n8n-nodes-1fichier/nodes/OneFichier/OneFichier.node';
import { flatten, type Entry } from './harness/parameters';

const RECORD = path.join(__dirname, 'version-1.2-parameters.json');
const current = (version: number): Entry[] => flatten(new OneFichier().description.properties, version);

describe('version 1.2 of the node, as new workflows save it', () => {
  test('is the default version for new nodes', () => {
    const { version, defaultVersion } = new OneFichier().description;
    expect(version).toEqual([1, 1.1, 1.2]);
    expect(defaultVersion).toBe(1.2);
  });

  test('shows exactly the recorded parameters, types, defaults, conditions and choices', () => {
    if (process.env.UPDATE_V1_2_PARAMETERS === '1') writeFileSync(RECORD, `${JSON.stringify(current(1.2), null, 2)}\n`);
    expect(existsSync(RECORD)).toBe(true);
    expect(current(1.2)).toEqual(JSON.parse(readFileSync(RECORD, 'utf8')));
  });

  test('differs from 1.1 only by "Combine Items Into Fewer Requests", on by default', () => {
    const before = new Set(current(1.1).map((e) => JSON.stringify(e)));
    const added = current(1.2).filter((e) => !before.has(JSON.stringify(e)));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ type: 'boolean', default: true });
    expect(added[0]!.key.startsWith('combineItems ')).toBe(true);
    expect(current(1.1).some((e) => e.key.startsWith('combineItems'))).toBe(false);
  });
});
