/**
 * The extension's side of the contract with the language server (packages/core/src/lsp-contract.ts): the
 * manifest declares what the server's code actions call and the languages it reads, the key goes only in
 * the server's environment, and the server's questions are answered with modal dialogs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { API_KEY_ENV, CLIENT_LINK_COMMANDS, LINK_LANGUAGES, PROMPT_CANCEL } from '@onefichier/core/lsp-contract';
import { commands } from '../../src/commands';
import { answerServerPrompt, serverLaunch, type PromptWindow } from '../../src/languageServerSetup';

interface Manifest {
  activationEvents: string[];
  contributes: { commands: { command: string }[] };
}

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as Manifest;
const declared = manifest.contributes.commands.map((c) => c.command);
const registered = commands.map((c) => c.id);

describe('package.json against the contract', () => {
  it("declares and registers every extension command the server's code actions call", () => {
    for (const id of Object.values(CLIENT_LINK_COMMANDS)) {
      expect(declared).toContain(id);
      expect(registered).toContain(id);
    }
  });

  it('declares exactly the commands the extension registers', () => {
    expect([...declared].sort()).toEqual([...registered].sort());
  });

  it('activates on exactly the languages the language client hands to the server', () => {
    const onLanguage = manifest.activationEvents.filter((e) => e.startsWith('onLanguage:')).map((e) => e.slice('onLanguage:'.length));
    expect(onLanguage.sort()).toEqual([...LINK_LANGUAGES].sort());
  });
});

describe('serverLaunch', () => {
  const KEY = 'ExtensionKey0123456789abcdef';

  it('puts the key in the server environment only, never in initializationOptions (which a verbose trace logs)', () => {
    const launch = serverLaunch({
      serverPath: '/ext/dist/server.js',
      apiKey: KEY,
      apiBaseUrl: 'http://127.0.0.1:9/v1',
      reservedNames: 'encode',
    });
    expect(launch.process).toEqual({ module: '/ext/dist/server.js', args: ['--stdio'], env: { [API_KEY_ENV]: KEY } });
    expect(launch.initializationOptions).toEqual({
      apiBaseUrl: 'http://127.0.0.1:9/v1',
      clientCommands: Object.values(CLIENT_LINK_COMMANDS),
      reservedNames: 'encode',
    });
    expect(JSON.stringify(launch.initializationOptions)).not.toContain(KEY);
    expect(JSON.stringify(launch.documentSelector)).not.toContain(KEY);
  });

  it('hands the reserved-names setting to the server, for its uploads', () => {
    expect(serverLaunch({ serverPath: 's', apiBaseUrl: 'u', reservedNames: 'refuse' }).initializationOptions.reservedNames).toBe('refuse');
  });

  it('without a key, empties one the extension host may have inherited', () => {
    expect(serverLaunch({ serverPath: 's', apiBaseUrl: 'u', reservedNames: 'encode' }).process.env).toEqual({ [API_KEY_ENV]: '' });
  });

  it('selects the link languages, saved or untitled', () => {
    const selector = serverLaunch({ serverPath: 's', apiBaseUrl: 'u', reservedNames: 'encode' }).documentSelector;
    expect(selector).toHaveLength(LINK_LANGUAGES.length * 2);
    expect(new Set(selector.map((s) => s.language))).toEqual(new Set(LINK_LANGUAGES));
    expect(new Set(selector.map((s) => s.scheme))).toEqual(new Set(['file', 'untitled']));
  });
});

describe('answerServerPrompt', () => {
  type Call = { level: string; message: string; modal: boolean; items: { title: string; isCloseAffordance?: boolean }[] };

  function fakeWindow(pick: (items: Call['items']) => Call['items'][number] | undefined): { window: PromptWindow; calls: Call[] } {
    const calls: Call[] = [];
    const show =
      (level: string) =>
      async (message: string, options: { modal: boolean }, ...items: Call['items']): Promise<Call['items'][number] | undefined> => {
        calls.push({ level, message, modal: options.modal, items });
        return pick(items);
      };
    return {
      calls,
      window: { showErrorMessage: show('error'), showWarningMessage: show('warning'), showInformationMessage: show('info') },
    };
  }

  const question = {
    type: 2,
    message: 'Careful: /etc/shadow (1 kB) is outside...',
    actions: [{ title: 'Upload anyway' }, { title: PROMPT_CANCEL }],
  };

  it("shows the server's question as a modal dialog whose Cancel is the dialog's own, and returns the button pressed", async () => {
    const { window, calls } = fakeWindow((items) => items[0]);
    expect(await answerServerPrompt(window, question)).toEqual({ title: 'Upload anyway' });
    expect(calls).toEqual([
      {
        level: 'warning',
        message: question.message,
        modal: true,
        items: [
          { title: 'Upload anyway', isCloseAffordance: false },
          { title: PROMPT_CANCEL, isCloseAffordance: true },
        ],
      },
    ]);
  });

  it('answers null when the dialog is closed', async () => {
    const { window } = fakeWindow(() => undefined);
    expect(await answerServerPrompt(window, { ...question, type: 3 })).toBeNull();
  });

  it('leaves a message without buttons a notification, answered at once', async () => {
    const { window, calls } = fakeWindow(() => undefined);
    expect(await answerServerPrompt(window, { type: 1, message: '1fichier: upload failed' })).toBeNull();
    expect(calls).toEqual([{ level: 'error', message: '1fichier: upload failed', modal: false, items: [] }]);
  });
});
