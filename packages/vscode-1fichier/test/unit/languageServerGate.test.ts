/**
 * When the extension runs the language server: only while a key is set and an open document of a link
 * language holds a 1fichier link (src/languageServerSetup.ts LanguageServerGate), first on its own with
 * fake documents, then wired into the activated extension, whose language client module is replaced.
 */
import { changeSetting, documentEvents, workspace } from '../fakes/vscode';
import { LanguageServerGate, type LinkDocument, type ServerGateDeps } from '../../src/languageServerSetup';
import { startHarness, type Harness } from './harness';

const LINK = 'https://1fichier.com/?abcde12345fghij67890';

function doc(text: string, languageId = 'markdown', scheme = 'file'): LinkDocument {
  return { languageId, uri: { scheme }, getText: () => text };
}

/** A gate over fake deps: `state` is what the deps read; `starts` and `stops` count what the gate did. */
function gateFixture() {
  const state = { key: false, enabled: true, docs: [] as LinkDocument[] };
  const counts = { starts: 0, stops: 0 };
  const deps: ServerGateDeps = {
    hasKey: async () => state.key,
    enabled: () => state.enabled,
    openDocuments: () => state.docs,
    ownScheme: 'onefichier',
    log: () => undefined,
    start: async () => {
      counts.starts++;
      return { dispose: async () => void counts.stops++ };
    },
  };
  return { state, counts, gate: new LanguageServerGate(deps) };
}

describe('LanguageServerGate', () => {
  it('does not start for a document with a link while no key is set, and starts once the key is set', async () => {
    const { state, counts, gate } = gateFixture();
    state.docs = [doc(`see [the file](${LINK})`)];
    await gate.documentSeen(state.docs[0]!);
    expect(counts.starts).toBe(0);
    state.key = true;
    await gate.keyChanged();
    expect(counts).toEqual({ starts: 1, stops: 0 });
    expect(gate.isRunning).toBe(true);
  });

  it('does not start with a key but only documents without links, and starts when one with a link opens', async () => {
    const { state, counts, gate } = gateFixture();
    state.key = true;
    state.docs = [doc('# notes, no links'), doc(LINK, 'typescript'), doc(LINK, 'markdown', 'onefichier')];
    await gate.keyChanged();
    for (const d of state.docs) await gate.documentSeen(d);
    expect(counts.starts).toBe(0);
    const withLink = doc(`download: ${LINK.replace('https://', '')}`, 'yaml');
    state.docs.push(withLink);
    await gate.documentSeen(withLink);
    expect(counts.starts).toBe(1);
    await gate.documentSeen(withLink);
    expect(counts.starts).toBe(1);
  });

  it('starts when a link is pasted into an open document, not for other typing', async () => {
    const { state, counts, gate } = gateFixture();
    state.key = true;
    let text = 'h';
    const edited: LinkDocument = { languageId: 'markdown', uri: { scheme: 'file' }, getText: () => text };
    state.docs = [edited];
    await gate.documentEdited(edited, ['h']);
    text = 'https://example.com/';
    await gate.documentEdited(edited, ['ttps://example.com/']);
    expect(counts.starts).toBe(0);
    await gate.documentEdited(doc('', 'typescript'), [LINK]);
    expect(counts.starts).toBe(0);
    text = `https://example.com/ [x](${LINK})`;
    await gate.documentEdited(edited, [` [x](${LINK})`]);
    expect(counts.starts).toBe(1);
  });

  it('stops when the key is cleared, restarts when it changes, and stays stopped while turned off', async () => {
    const { state, counts, gate } = gateFixture();
    state.key = true;
    state.docs = [doc(LINK)];
    await gate.keyChanged();
    expect(counts).toEqual({ starts: 1, stops: 0 });
    await gate.keyChanged(); // another key: the server reads it only at start
    expect(counts).toEqual({ starts: 2, stops: 1 });
    state.key = false;
    await gate.keyChanged();
    expect(counts).toEqual({ starts: 2, stops: 2 });
    expect(gate.isRunning).toBe(false);
    state.key = true;
    state.enabled = false;
    await gate.keyChanged();
    expect(counts).toEqual({ starts: 2, stops: 2 });
  });

  it('restarts on a settings change only when running, and keeps running after the linked document closes', async () => {
    const { state, counts, gate } = gateFixture();
    state.key = true;
    await gate.settingsChanged();
    expect(counts.starts).toBe(0);
    state.docs = [doc(LINK)];
    await gate.documentSeen(state.docs[0]!);
    state.docs = [];
    await gate.settingsChanged();
    expect(counts).toEqual({ starts: 2, stops: 1 });
    await gate.dispose();
    expect(counts).toEqual({ starts: 2, stops: 2 });
  });

  it('never runs two servers when changes arrive together', async () => {
    const { state, counts, gate } = gateFixture();
    state.key = true;
    state.docs = [doc(LINK)];
    await Promise.all([gate.keyChanged(), gate.documentSeen(state.docs[0]!), gate.keyChanged(), gate.settingsChanged()]);
    expect(counts.starts - counts.stops).toBe(1);
  });
});

// The bundled language client (dist/languageClient.js) is replaced: this checks what the extension asks of
// it, not vscode-languageclient.
const mockStarted: { apiKey: string | undefined; apiBaseUrl: string }[] = [];
let mockStopped = 0;
// jest.mock is hoisted above the imports: the path is built with a require of its own.
jest.mock(
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('node:path') as typeof import('node:path')).join(__dirname, '..', '..', 'dist', 'languageClient.js'),
  () => ({
    startLanguageClient: async (options: { apiKey?: string; apiBaseUrl: string }) => {
      mockStarted.push({ apiKey: options.apiKey, apiBaseUrl: options.apiBaseUrl });
      return { dispose: async () => void mockStopped++ };
    },
  }),
  { virtual: true },
);

describe('the activated extension', () => {
  let h: Harness;
  const documents = workspace.textDocuments as LinkDocument[];

  beforeEach(async () => {
    mockStarted.length = 0;
    mockStopped = 0;
    documents.length = 0;
    h = await startHarness();
  });
  afterEach(async () => {
    documents.length = 0;
    await h.stop();
  });

  /** Lets the gate's queued start or stop finish. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

  it('starts the server only once a key is set and a document with a link is open, and stops it on Clear API Key', async () => {
    const linked = doc(`[backup](${LINK})`);
    documents.push(linked);
    documentEvents.opened.fire(linked);
    await settle();
    expect(mockStarted).toEqual([]);

    await h.services.keys.set(h.sandbox.premiumKey);
    await settle();
    expect(mockStarted).toEqual([{ apiKey: h.sandbox.premiumKey, apiBaseUrl: h.sandbox.apiBaseUrl }]);

    await h.services.keys.clear();
    await settle();
    expect(mockStopped).toBe(1);
    expect(mockStarted).toHaveLength(1);
  });

  it('with a key set, waits for a document with a link (opened or saved) before starting', async () => {
    await h.services.keys.set(h.sandbox.premiumKey);
    const plain = doc('no links here');
    documents.push(plain);
    documentEvents.opened.fire(plain);
    await settle();
    expect(mockStarted).toEqual([]);

    const saved = doc(`now with ${LINK}`, 'plaintext');
    documents.push(saved);
    documentEvents.saved.fire(saved);
    await settle();
    expect(mockStarted).toHaveLength(1);
  });

  it('does not start while onefichier.languageServer.enabled is off, and starts when it is turned on', async () => {
    changeSetting('onefichier.languageServer.enabled', false);
    await h.services.keys.set(h.sandbox.premiumKey);
    const linked = doc(LINK);
    documents.push(linked);
    documentEvents.opened.fire(linked);
    await settle();
    expect(mockStarted).toEqual([]);
    changeSetting('onefichier.languageServer.enabled', true);
    await settle();
    expect(mockStarted).toHaveLength(1);
  });
});
