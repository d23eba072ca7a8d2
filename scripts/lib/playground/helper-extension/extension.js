// Hands the sandbox's key to the 1fichier extension (into its secret storage, as a user's Set API Key would),
// then shows the 1fichier view and the playground's README as soon as the playground's VS Code is up, so a
// newcomer sees the sandbox's folders and what to try without hunting for the activity bar icon.
// Installed by `pnpm start` only, never published.
const vscode = require('vscode');

/** Where the playground hands the sandbox's key over (scripts/lib/playground/vscode.mjs); the 1fichier extension never reads it. */
const PLAYGROUND_KEY_ENV = 'ONEFICHIER_PLAYGROUND_API_KEY';
const SEEDED_STATE = 'onefichierPlayground.seededKey';

/**
 * Puts the sandbox's key in the 1fichier extension's secret storage through its own Set API Key command (which
 * checks it), once per key: after "1fichier: Clear API Key" the key stays cleared, and the welcome view shows.
 */
async function seedKey(context) {
  const key = process.env[PLAYGROUND_KEY_ENV];
  if (!key) return;
  const digest = require('node:crypto').createHash('sha256').update(key).digest('hex');
  if (context.globalState.get(SEEDED_STATE) === digest) return;
  try {
    if ((await vscode.commands.executeCommand('onefichier.setApiKey', key)) === true)
      await context.globalState.update(SEEDED_STATE, digest);
  } catch (err) {
    console.warn(`[1fichier playground] could not set the sandbox's key: ${err && err.message}`);
  }
}

exports.activate = async (context) => {
  await seedKey(context);
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder) {
    // As text, not as a preview: the preview is a webview, which some browsers block on plain http.
    const readme = vscode.Uri.joinPath(folder.uri, 'README.md');
    try {
      await vscode.window.showTextDocument(readme, { preview: false });
    } catch {
      // No README in this folder: nothing to show.
    }
  }
  try {
    await vscode.commands.executeCommand('workbench.view.extension.onefichier');
  } catch (err) {
    // The 1fichier extension failed to load: its own error is the one worth reading.
    console.warn(`[1fichier playground] could not open the 1fichier view: ${err && err.message}`);
  }
};

exports.deactivate = () => undefined;
