// What the playground's VS Code folder contains: a README that says what to try, and files to upload.

export function WORKSPACE_FILES({ realService }) {
  const target = realService
    ? '**your real 1fichier account** (ONEFICHIER_API_KEY is set): what you upload, move or delete here happens for real.'
    : 'the **local sandbox**, a 1fichier-compatible server on this machine: nothing leaves it, no account needed.';
  return {
    'README.md': `# 1fichier playground

This VS Code talks to ${target}

Try this:

1. The **1fichier** view on the left (the cloud icon in the activity bar) shows the account's folders.
2. Open the Explorer, right-click \`hello-1fichier.txt\` and choose *Upload to 1fichier...*, or drag it onto a 1fichier folder.
3. Right-click the uploaded file in the 1fichier view to copy its link, download it or open it.

The n8n editor started by the same \`pnpm start\` uses the same ${realService ? 'account' : 'sandbox'}: files uploaded by its example workflow show up here after a refresh.

Stop everything with Ctrl-C in the terminal that runs \`pnpm start\`.
`,
    'hello-1fichier.txt': 'Hello from the 1fichier playground!\n',
    'notes/meeting-notes.md':
      '# Meeting notes\n\n- Upload the quarterly report to the Reports folder\n- Share the Photos folder with the team\n',
  };
}
