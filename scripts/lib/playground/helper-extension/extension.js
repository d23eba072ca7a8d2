// Shows the 1fichier view and the playground's README as soon as the playground's VS Code is up, so a
// newcomer sees the sandbox's folders and what to try without hunting for the activity bar icon.
// Installed by `pnpm start` only, never published.
const vscode = require('vscode');

exports.activate = async () => {
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
