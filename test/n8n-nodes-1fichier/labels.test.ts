/** What the node's fields say where n8n shows it. */
import type { INodeProperties } from 'n8n-workflow';
import { OneFichier } from '../../packages/n8n-nodes-1fichier/nodes/OneFichier/OneFichier.node';

const properties = new OneFichier().description.properties;
const shownFor = (operation: string, name: string): INodeProperties | undefined =>
  properties.find((p) => p.name === name && (p.displayOptions?.show?.operation as string[] | undefined)?.includes(operation));

test("Upload's File Name says, under the field, that leaving it empty keeps the input file's name", () => {
  const fileName = shownFor('upload', 'fileName');
  // A hint is shown under the field at all times, a description only on hover.
  expect(fileName?.hint).toMatch(/empty to keep the input file's own name/);
});

test('the "If a File With This Name Exists" choices that replace a file say that its link changes', () => {
  const options = shownFor('upload', 'options')?.options as INodeProperties[];
  const ifExists = options.find((o) => o.name === 'ifExists')?.options as { value: string; description: string }[];
  const said = (value: string) => ifExists.find((c) => c.value === value)?.description ?? '';
  for (const replacing of ['replace', 'skipIfIdentical']) expect(said(replacing)).toMatch(/new link.*old one stop working/);
  for (const keeping of ['keepBoth', 'skip']) expect(said(keeping)).not.toMatch(/link/);
});
