/** The hover without an LSP client: the pure Markdown for each thing the cache can answer, and the request around it. */
import { formatSizeExact, parseFileUrl, type FileInfo, type FileUrlMatch } from '@onefichier/core';
import { hover, hoverMarkdown, type HoverState } from '../../src/features/hover';
import type { HoverFacts } from '../../src/link-status';
import { cancellation, openDocuments, textDocument } from '../feature-fakes';

const URL = 'https://1fichier.com/?abcde12345';

function link(url = URL): FileUrlMatch {
  const parsed = parseFileUrl(url);
  if (!parsed) throw new Error(`not a link: ${url}`);
  return { ...parsed, start: 0, end: url.length } as FileUrlMatch;
}

const now = 1_700_000_000_000;

describe('hoverMarkdown', () => {
  it('without a key: the link id and how to set a key, named for the editor', () => {
    const neovim = hoverMarkdown(link(), { state: 'no_key' }, 'Neovim');
    expect(neovim).toContain('1fichier link `abcde12345`');
    expect(neovim).toContain('ONEFICHIER_API_KEY');
    expect(hoverMarkdown(link(), { state: 'no_key' }, 'Visual Studio Code')).toContain('"1fichier: Set API Key"');
  });

  it('while waiting: "fetching", or how long a flood lock still pauses calls (rounded up to seconds)', () => {
    expect(hoverMarkdown(link(), { state: 'pending', pausedForMs: 0 }, undefined)).toContain("Fetching the file's details");
    const paused = hoverMarkdown(link(), { state: 'pending', pausedForMs: 59_001 }, undefined);
    expect(paused).toMatch(/flood lock\): calls are paused for about 60 s/);
  });

  it('an own file: its name escaped, exact size, upload date, password and folder', () => {
    const file = {
      url: URL,
      filename: '*draft*_[1].pdf',
      size: 12_345_678,
      date: '2021-06-22 14:57:25',
      passwordProtected: true,
      path: '/Reports',
    } as FileInfo;
    const text = hoverMarkdown(link(), { state: 'known', status: { state: 'found', file, checkedAt: now } }, undefined);
    expect(text.split('\n')[0]).toBe('**\\*draft\\*\\_\\[1\\]\\.pdf**');
    expect(text).toContain(`- Size: ${formatSizeExact(12_345_678)}`);
    expect(text).toMatch(/- Uploaded: 2021-06-22 \d\d:57/);
    expect(text).toContain('- Password: protected');
    expect(text).toContain('- Folder: /Reports');
    expect(text).toContain('_1fichier link `abcde12345`_');
  });

  it('a dead link: one line, the diagnostic beside it says what to do', () => {
    const text = hoverMarkdown(
      link(),
      { state: 'known', status: { state: 'missing', message: 'File not found #707', checkedAt: now } },
      undefined,
    );
    expect(text).toBe('**1fichier link `abcde12345`**: removed from 1fichier');
  });

  it("someone else's public file: the name and size its download told", () => {
    const facts: HoverFacts = {
      state: 'known',
      status: { state: 'not_in_account', existenceConfirmed: true, passwordProtected: false, checkedAt: now },
      publicDetails: { filename: 'their.zip', size: 2048 },
    };
    const text = hoverMarkdown(link(), facts, undefined);
    expect(text).toContain('**their\\.zip**');
    expect(text).toContain(`- Size: ${formatSizeExact(2048)}`);
    expect(text).toContain('a public file, not in your account');
  });

  it("someone else's file without details: whether it exists and has a password", () => {
    const status = { state: 'not_in_account', existenceConfirmed: true, passwordProtected: true, checkedAt: now } as const;
    expect(hoverMarkdown(link(), { state: 'known', status }, undefined)).toContain('The file exists and is protected by a password.');
    const unsure = hoverMarkdown(link(), { state: 'known', status: { ...status, existenceConfirmed: false } }, undefined);
    expect(unsure).toContain('Not in your account');
    expect(unsure).not.toContain('The file exists');
  });

  it('a failure: its message and hint, escaped; a link on another domain says which', () => {
    const text = hoverMarkdown(
      link('https://megadl.fr/?abcde12345'),
      {
        state: 'known',
        status: { state: 'error', message: 'Network down (ECONNRESET)', hint: 'Try again.', kind: 'network', checkedAt: now },
      },
      undefined,
    );
    expect(text).toContain('1fichier link `abcde12345` on megadl.fr');
    expect(text).toContain("Could not get the file's details: Network down \\(ECONNRESET\\)  \nTry again\\.");
  });
});

describe('hover (the request)', () => {
  function state(text: string, facts: HoverFacts, languageId = 'markdown'): HoverState & { asked: { url: string; waitMs: number }[] } {
    const asked: { url: string; waitMs: number }[] = [];
    return {
      asked,
      documents: openDocuments(textDocument('file:///w/a.md', text, languageId)),
      links: {
        hoverFacts: async (url, waitMs) => {
          asked.push({ url, waitMs });
          return facts;
        },
      },
      clientName: undefined,
    };
  }
  const at = (line: number, character: number) => ({ textDocument: { uri: 'file:///w/a.md' }, position: { line, character } });

  it('asks the cache once for the link under the cursor and covers the link', async () => {
    const s = state(`intro\nsee [it](http://www.1fichier.com/?abcde12345&af=1) now`, { state: 'no_key' });
    const answer = await hover(s, at(1, 12), cancellation().token, 250);
    expect(s.asked).toEqual([{ url: URL, waitMs: 250 }]);
    expect(answer?.range).toEqual({ start: { line: 1, character: 9 }, end: { line: 1, character: 49 } });
    expect((answer?.contents as { value: string }).value).toContain('abcde12345');
  });

  it('answers null, asking nothing, away from a link or in a language it does not read', async () => {
    const s = state(`text ${URL}`, { state: 'no_key' });
    expect(await hover(s, at(0, 1), cancellation().token)).toBeNull();
    const python = state(`x = "${URL}"`, { state: 'no_key' }, 'python');
    expect(await hover(python, at(0, 8), cancellation().token)).toBeNull();
    expect([...s.asked, ...python.asked]).toEqual([]);
  });

  it('answers null when the editor cancelled the request meanwhile, and hands the cancellation to the cache', async () => {
    const { token, cancel } = cancellation();
    let signal: AbortSignal | undefined;
    const s: HoverState = {
      documents: openDocuments(textDocument('file:///w/a.md', URL)),
      links: {
        hoverFacts: async (_url, _waitMs, given) => {
          signal = given;
          cancel();
          return { state: 'pending', pausedForMs: 0 };
        },
      },
      clientName: undefined,
    };
    expect(await hover(s, at(0, 3), token)).toBeNull();
    expect(signal?.aborted).toBe(true);
  });
});
