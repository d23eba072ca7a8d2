/**
 * The example workflows in examples/ (linked from the README): each 1fichier node in them uses a version the
 * node has, and only parameters, collection options and choices that version shows for the given values,
 * so importing an example gives a node n8n opens without dropping a setting.
 */
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { OneFichier } from '../../packages/n8n-nodes-1fichier/nodes/OneFichier/OneFichier.node';
import { OneFichierTrigger } from '../../packages/n8n-nodes-1fichier/nodes/OneFichier/OneFichierTrigger.node';

const dir = path.join(__dirname, '..', '..', 'packages', 'n8n-nodes-1fichier', 'examples');
const descriptions: Record<string, INodeTypeDescription> = {
  'n8n-nodes-1fichier.oneFichier': new OneFichier().description,
  'n8n-nodes-1fichier.oneFichierTrigger': new OneFichierTrigger().description,
};
type WorkflowNode = { name: string; type: string; typeVersion: number; parameters: Record<string, unknown>; credentials?: object };

/** Whether a property is shown for these parameter values at this version (n8n's show/hide, plain values and @version numbers or gte). */
function shown(p: INodeProperties, values: Record<string, unknown>, version: number): boolean {
  const holds = (name: string, allowed: unknown[]) => {
    const v = name === '@version' ? version : (values[name] ?? undefined);
    return allowed.some((a) => {
      const cnd = (a as { _cnd?: { gte?: number } })._cnd;
      return cnd?.gte !== undefined ? (v as number) >= cnd.gte : a === v;
    });
  };
  const show = p.displayOptions?.show ?? {};
  const hide = p.displayOptions?.hide ?? {};
  return (
    Object.entries(show).every(([k, a]) => holds(k, a as unknown[])) && !Object.entries(hide).some(([k, a]) => holds(k, a as unknown[]))
  );
}

const examples = readdirSync(dir).filter((f) => f.endsWith('.json'));

test('there is at least one example workflow, linked from the README', () => {
  expect(examples.length).toBeGreaterThan(0);
  const readme = readFileSync(path.join(__dirname, '..', '..', 'packages', 'n8n-nodes-1fichier', 'README.md'), 'utf8');
  for (const f of examples) expect(readme).toContain(`examples/${f}`);
});

test.each(examples)('examples/%s uses only what its 1fichier nodes show', (file) => {
  const wf = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { nodes: WorkflowNode[]; connections: object };
  const ours = wf.nodes.filter((n) => n.type.startsWith('n8n-nodes-1fichier.'));
  expect(ours.length).toBeGreaterThan(0);
  const problems: string[] = [];
  for (const node of ours) {
    const d = descriptions[node.type];
    if (!d) {
      problems.push(`${node.name}: unknown node type ${node.type}`);
      continue;
    }
    const versions = Array.isArray(d.version) ? d.version : [d.version];
    if (!versions.includes(node.typeVersion))
      problems.push(`${node.name}: version ${node.typeVersion} is not one of ${versions.join(', ')}`);
    expect(node.credentials).toHaveProperty('oneFichierApi');
    const params = node.parameters;
    const visible = d.properties.filter((p) => shown(p, params, node.typeVersion));
    for (const [name, value] of Object.entries(params)) {
      const prop = visible.find((p) => p.name === name);
      if (!prop) {
        problems.push(`${node.name}: "${name}" is not a parameter shown for these values`);
        continue;
      }
      if (prop.type === 'options' && !(prop.options as Array<{ value: unknown }>).some((o) => o.value === value)) {
        problems.push(`${node.name}: "${name}" has no choice ${JSON.stringify(value)}`);
      }
      if (prop.type === 'collection') {
        for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
          const option = (prop.options as INodeProperties[]).find((o) => o.name === key);
          if (!option) problems.push(`${node.name}: "${name}.${key}" is not an option`);
          else if (option.type === 'options' && !(option.options as Array<{ value: unknown }>).some((o) => o.value === v)) {
            problems.push(`${node.name}: "${name}.${key}" has no choice ${JSON.stringify(v)}`);
          }
        }
      }
    }
  }
  expect(problems).toEqual([]);
  // Every node is connected: nothing dangles when the example is imported.
  const linked = new Set(
    [...Object.keys(wf.connections), ...JSON.stringify(wf.connections).matchAll(/"node":"([^"]+)"/g)].map((m) =>
      typeof m === 'string' ? m : m[1],
    ),
  );
  for (const n of wf.nodes) expect(linked).toContain(n.name);
});
