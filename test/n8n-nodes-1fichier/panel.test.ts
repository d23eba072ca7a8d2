/**
 * The "1fichier" entry of n8n's node panel ("What happens next?"). n8n 2.41's editor merges a node with the
 * trigger named like it plus "Trigger" into one entry and shows the trigger's description there
 * (n8n-editor-ui's generateMergedNodesAndActions). The browser check is in test/e2e/n8n/run.mjs.
 */
import { OneFichier } from '../../packages/n8n-nodes-1fichier/nodes/OneFichier/OneFichier.node';
import { OneFichierTrigger } from '../../packages/n8n-nodes-1fichier/nodes/OneFichier/OneFichierTrigger.node';

const action = new OneFichier().description;
const trigger = new OneFichierTrigger().description;

test('the node and its trigger are one entry of the panel', () => {
  expect(trigger.name.replace('Trigger', '')).toBe(action.name);
});

test("the entry's description (the trigger's) says what the action node does before the trigger", () => {
  const text = trigger.description;
  for (const what of [/upload/i, /link/i, /files/i, /folders/i]) expect(text).toMatch(what);
  expect(text.search(/upload/i)).toBeLessThan(text.search(/start a workflow/i));
});
