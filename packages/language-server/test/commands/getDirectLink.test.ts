/** The direct-link command without an LSP client: a fake getDownloadToken and a recording editor. */
import { ErrorCodes } from 'vscode-languageserver/node';
import { OneFichierError } from '@onefichier/core';
import { getDirectLink, type DirectLinkState } from '../../src/commands/getDirectLink';
import { failure, RecordingEditor } from '../feature-fakes';

const LINK = 'https://1fichier.com/?directlnk1';

function stateWith(
  getDownloadToken: (request: { url: string }) => Promise<{ url: string; expiresAt: number }>,
): DirectLinkState & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    clientName: 'Neovim',
    api: {
      getDownloadToken: (request) => {
        asked.push(request.url);
        return getDownloadToken(request);
      },
    },
  };
}

describe('getDirectLink', () => {
  it("returns the token's URL for the link's canonical form, and shows it only when asked", async () => {
    const state = stateWith(async () => ({ url: 'https://a-1.1fichier.com/c123', expiresAt: 0 }));
    const editor = new RecordingEditor();
    expect(await getDirectLink(state, editor, ['http://www.1fichier.com/?directlnk1&af=9'])).toBe('https://a-1.1fichier.com/c123');
    expect(state.asked).toEqual([LINK]);
    expect(editor.shown).toEqual([]);
    await getDirectLink(state, editor, [LINK, { show: true }]);
    expect(editor.shown).toEqual([
      { kind: 'info', text: '1fichier direct download link (valid about 5 minutes): https://a-1.1fichier.com/c123' },
    ]);
  });

  it('refuses an argument that is not a 1fichier link, saying what is expected', async () => {
    const state = stateWith(async () => ({ url: 'x', expiresAt: 0 }));
    const error = await failure(getDirectLink(state, new RecordingEditor(), ['https://example.com/?abc']));
    expect(error.code).toBe(ErrorCodes.InvalidParams);
    expect(error.message).toContain('needs a 1fichier file link as its first argument');
    expect(state.asked).toEqual([]);
  });

  it('without a key: says how to set one, for this editor', async () => {
    const error = await failure(getDirectLink({ api: undefined, clientName: 'Neovim' }, new RecordingEditor(), [LINK]));
    expect(error.code).toBe(ErrorCodes.InvalidRequest);
    expect(error.message).toContain('no API key is set');
    expect(error.message).toContain('cmd_env');
  });

  it("a refusal: the message with what to do, shown when asked; the CDN refusal in the server's own words", async () => {
    const state = stateWith(async () => {
      throw new OneFichierError({
        kind: 'cdn_required',
        message: 'Premium downloads from this address need the CDN #651',
        hint: 'Use the cdn option.',
      });
    });
    const editor = new RecordingEditor();
    const error = await failure(getDirectLink(state, editor, [LINK, { show: true }]));
    expect(error.code).toBe(ErrorCodes.InternalError);
    expect(error.message).toContain(`no direct link for ${LINK}: Premium downloads from this address need the CDN #651`);
    expect(error.message).toContain('ask for the link from a residential connection');
    expect(error.message).not.toContain('Use the cdn option.');
    expect(editor.shown).toEqual([{ kind: 'error', text: error.message }]);
  });
});
