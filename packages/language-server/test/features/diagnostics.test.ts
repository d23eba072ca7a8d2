/** Dead-link diagnostics without an LSP client: a fake cache, open documents and a recording editor. */
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import {
  DIAGNOSTIC_CODE_MISSING,
  checkDocument,
  diagnosticsFor,
  documentChanged,
  documentClosed,
  type DiagnosticsState,
} from '../../src/features/diagnostics';
import type { LinkStatus } from '../../src/link-status';
import { RecordingEditor, openDocuments, textDocument } from '../feature-fakes';

const DEAD = 'https://1fichier.com/?deaddead01';
const OWN = 'https://1fichier.com/?ownfile001';
const checkedAt = Date.now();
const missing: LinkStatus = { state: 'missing', message: 'File not found #707', checkedAt };
const found = { state: 'found', file: { filename: 'a.txt' }, checkedAt } as LinkStatus;

/** A cache that knows `known` and answers `answers` to lookups, counting them. */
function fakeLinks(known: Record<string, LinkStatus>, answers: Record<string, LinkStatus> = {}, hasApi = true) {
  const entries = new Map(Object.entries(known));
  const lookups: string[] = [];
  return {
    lookups,
    hasApi,
    lastKnown: (url: string) => entries.get(url),
    peek: (url: string) => entries.get(url),
    lookup: async (url: string) => {
      lookups.push(url);
      const status = answers[url] ?? found;
      if (status.state !== 'error') entries.set(url, status);
      return status;
    },
  };
}

function stateWith(links: ReturnType<typeof fakeLinks>, ...docs: ReturnType<typeof textDocument>[]) {
  const state: DiagnosticsState & { links: ReturnType<typeof fakeLinks>; documents: ReturnType<typeof openDocuments> } = {
    documents: openDocuments(...docs),
    links,
    checkGeneration: new Map(),
    shownProblems: new Set(),
    changeTimers: new Map(),
    stopped: false,
  };
  return state;
}

describe('diagnosticsFor', () => {
  it('warns on each link whose file is known to be gone, with its URL for the quick fix', () => {
    const document = textDocument('file:///w/a.md', `ok ${OWN}\ngone: [x](${DEAD})`);
    const diagnostics = diagnosticsFor(document, fakeLinks({ [DEAD]: missing, [OWN]: found }));
    expect(diagnostics).toEqual([
      {
        range: { start: { line: 1, character: 10 }, end: { line: 1, character: 10 + DEAD.length } },
        severity: DiagnosticSeverity.Warning,
        source: '1fichier',
        code: DIAGNOSTIC_CODE_MISSING,
        message: expect.stringContaining('no longer exists'),
        data: { url: DEAD },
      },
    ]);
  });

  it('says nothing without a key or in a language it does not read', () => {
    expect(diagnosticsFor(textDocument('file:///w/a.md', DEAD), fakeLinks({ [DEAD]: missing }, {}, false))).toEqual([]);
    expect(diagnosticsFor(textDocument('file:///w/a.py', DEAD, 'python'), fakeLinks({ [DEAD]: missing }))).toEqual([]);
  });
});

describe('checkDocument', () => {
  it('looks up each link not known yet once, then publishes the dead ones', async () => {
    const document = textDocument('file:///w/a.md', `${OWN} ${DEAD} ${DEAD}`, 'markdown', 7);
    const links = fakeLinks({}, { [DEAD]: missing });
    const editor = new RecordingEditor();
    await checkDocument(stateWith(links, document), editor, document);
    expect(links.lookups).toEqual([OWN, DEAD]);
    const last = editor.published.at(-1);
    expect(last?.version).toBe(7);
    expect(last?.diagnostics.map((d) => (d.data as { url: string }).url)).toEqual([DEAD, DEAD]);
  });

  it('stops at the limit of lookups per check and logs how many links wait for the next save', async () => {
    const urls = ['https://1fichier.com/?aaaaa00001', 'https://1fichier.com/?aaaaa00002', 'https://1fichier.com/?aaaaa00003'];
    const document = textDocument('file:///w/a.md', urls.join('\n'));
    const links = fakeLinks({});
    const editor = new RecordingEditor();
    await checkDocument(stateWith(links, document), editor, document, 1);
    expect(links.lookups).toEqual([urls[0]]);
    expect(editor.logs).toEqual([expect.stringContaining('2 links not checked yet (at most 1 per open or save')]);
  });

  it('shows an account problem once and stops checking the document at it', async () => {
    const refused: LinkStatus = { state: 'error', kind: 'auth', message: 'Bad key #93', hint: 'Check the key.', checkedAt };
    const document = textDocument('file:///w/a.md', `${OWN} ${DEAD}`);
    const links = fakeLinks({}, { [OWN]: refused, [DEAD]: refused });
    const state = stateWith(links, document);
    const editor = new RecordingEditor();
    await checkDocument(state, editor, document);
    await checkDocument(state, editor, document);
    expect(links.lookups).toEqual([OWN, OWN]);
    expect(editor.shown).toEqual([{ kind: 'warning', text: '1fichier: links cannot be checked: Bad key #93 Check the key.' }]);
  });

  it('a newer check of the same document stops the older one at its next file', async () => {
    const document = textDocument('file:///w/a.md', `${OWN} ${DEAD}`);
    const links = fakeLinks({});
    const state = stateWith(links, document);
    const editor = new RecordingEditor();
    const lookup = links.lookup;
    let first = true;
    links.lookup = async (url) => {
      if (first) {
        first = false;
        // Another save starts while the first check waits for its first answer.
        state.checkGeneration.set(document.uri, (state.checkGeneration.get(document.uri) ?? 0) + 1);
      }
      return lookup(url);
    };
    await checkDocument(state, editor, document);
    expect(links.lookups).toEqual([OWN]);
  });

  it('publishes nothing once the server is stopped', async () => {
    const document = textDocument('file:///w/a.md', DEAD);
    const state = { ...stateWith(fakeLinks({}, { [DEAD]: missing }), document), stopped: true };
    const editor = new RecordingEditor();
    await checkDocument(state, editor, document);
    expect(editor.published).toEqual([]);
  });
});

describe('document edits and closing', () => {
  it('re-places the known warnings once typing pauses, asking the cache nothing', async () => {
    jest.useFakeTimers();
    try {
      const document = textDocument('file:///w/a.md', `moved ${DEAD}`);
      const links = fakeLinks({ [DEAD]: missing });
      const state = stateWith(links, document);
      const editor = new RecordingEditor();
      documentChanged(state, editor, document.uri);
      documentChanged(state, editor, document.uri);
      expect(editor.published).toEqual([]);
      jest.advanceTimersByTime(250);
      expect(editor.published).toHaveLength(1);
      expect(editor.published[0]?.diagnostics[0]?.range.start.character).toBe(6);
      expect(links.lookups).toEqual([]);
      expect(state.changeTimers.size).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it('clears a closed document: its warnings, its pending re-publication and its running check', () => {
    jest.useFakeTimers();
    try {
      const document = textDocument('file:///w/a.md', DEAD);
      const state = stateWith(fakeLinks({ [DEAD]: missing }), document);
      const editor = new RecordingEditor();
      state.checkGeneration.set(document.uri, 3);
      documentChanged(state, editor, document.uri);
      documentClosed(state, editor, document.uri);
      jest.advanceTimersByTime(1000);
      expect(editor.published).toEqual([{ uri: document.uri, diagnostics: [] }]);
      expect(state.checkGeneration.has(document.uri)).toBe(false);
    } finally {
      jest.useRealTimers();
    }
  });
});
