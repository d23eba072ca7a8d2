/**
 * Version 1 of the 1fichier node and of its trigger, as saved workflows hold them: every parameter a version-1
 * node shows, with its type, default, display conditions and choices, recorded in version-1-parameters.json.
 * A saved workflow stores only the values that differ from a default, so a changed default, a renamed or
 * removed parameter or choice, or a changed condition changes what a saved workflow does. The policy
 * (README, Versioning): new behaviour only behind a new option whose default keeps the old one, otherwise a
 * new node version. A new parameter shown in version 1 must be added to the record, where its default is
 * reviewed: `UPDATE_V1_PARAMETERS=1 pnpm exec jest packages/n8n-nodes-1fichier/test/version-1.test.ts` adds
 * new entries and never changes a recorded one.
 */
import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import type { INodeTypeDescription } from 'n8n-workflow';
import { OneFichier } from '../../packages/n8n-nodes-1fichier/nodes/OneFichier/OneFichier.node';
import { OneFichierTrigger } from '../../packages/n8n-nodes-1fichier/nodes/OneFichier/OneFichierTrigger.node';
import { flatten, type Entry, type Record_ } from './harness/parameters';

const RECORD = path.join(__dirname, 'version-1-parameters.json');
function current(): Record_ {
  const nodes: INodeTypeDescription[] = [new OneFichier().description, new OneFichierTrigger().description];
  return Object.fromEntries(nodes.map((d) => [d.name, flatten(d.properties, 1)]));
}

/** What differs between the record and the nodes, as sentences: changed or missing entries, then new ones. */
function differences(record: Record_, now: Record_): { changed: string[]; added: Entry[] } {
  const changed: string[] = [];
  const added: Entry[] = [];
  for (const node of new Set([...Object.keys(record), ...Object.keys(now)])) {
    const before = new Map((record[node] ?? []).map((e) => [e.key, e]));
    const after = new Map((now[node] ?? []).map((e) => [e.key, e]));
    for (const [key, was] of before) {
      const is = after.get(key);
      if (!is) changed.push(`${node}: "${key}" is gone (renamed, removed, or its display conditions changed)`);
      else if (JSON.stringify(is) !== JSON.stringify(was))
        changed.push(`${node}: "${key}" was ${JSON.stringify(was)}, is now ${JSON.stringify(is)}`);
    }
    for (const [key, is] of after) if (!before.has(key)) added.push({ ...is, key: `${node}: ${key}` });
  }
  return { changed, added };
}

const readRecord = (): Record_ => JSON.parse(readFileSync(RECORD, 'utf8')) as Record_;

describe('version 1 of the node, as saved workflows hold it', () => {
  it('keeps every recorded parameter, type, default, condition and choice', () => {
    const { changed } = differences(readRecord(), current());
    if (changed.length > 0) {
      throw new Error(
        `Saved version-1 workflows would change meaning:\n${changed.join('\n')}\n` +
          'Keep version 1 as it was and put the change in a new node version (packages/n8n-nodes-1fichier/README.md, Versioning policy).',
      );
    }
  });

  it('has every parameter shown in version 1 in the record, where its default is reviewed', () => {
    const record = readRecord();
    const now = current();
    const { added } = differences(record, now);
    if (added.length > 0 && process.env.UPDATE_V1_PARAMETERS === '1') {
      for (const node of Object.keys(now)) {
        const known = new Set((record[node] ?? []).map((e) => e.key));
        record[node] = [...(record[node] ?? []), ...(now[node] ?? []).filter((e) => !known.has(e.key))].sort((a, b) =>
          a.key < b.key ? -1 : 1,
        );
      }
      writeFileSync(RECORD, `${JSON.stringify(record, null, 2)}\n`);
      return;
    }
    if (added.length > 0) {
      throw new Error(
        `New parameters in version 1:\n${added.map((e) => `${e.key} (default ${JSON.stringify(e.default)})`).join('\n')}\n` +
          'Each default must keep what saved workflows did before; then record them with UPDATE_V1_PARAMETERS=1 (this file says how).',
      );
    }
  });

  it('notices a changed default, a dropped choice and a removed parameter', () => {
    const record = readRecord();
    const node = record['oneFichier'] ?? [];
    const withChoices = node.find((e) => (e.choices?.length ?? 0) > 1);
    expect(node.length).toBeGreaterThan(20);
    expect(withChoices).toBeDefined();
    const edited: Record_ = {
      ...record,
      oneFichier: node
        .filter((e) => e !== node[0])
        .map((e) => (e === withChoices ? { ...e, default: 'something else', choices: (e.choices ?? []).slice(1) } : e)),
    };
    const { changed } = differences(record, edited);
    expect(changed).toEqual([expect.stringContaining(`"${node[0]?.key}" is gone`), expect.stringContaining(`"${withChoices?.key}" was`)]);
  });
});
