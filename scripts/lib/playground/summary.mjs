// The block `pnpm start` prints once everything answers: where each part is and how to sign in.
// The real 1fichier key is never printed; the sandbox's key is a fixed test key and is shown.
import { relative } from 'node:path';

function shown(repoRoot, dir) {
  const rel = relative(repoRoot, dir);
  return rel && !rel.startsWith('..') ? rel : dir;
}

/**
 * Why the sandbox's file links lead nowhere: it hands out https://1fichier.com/?<id> links, as 1fichier does,
 * because that URL is a file's identity in every API call (the core accepts only 1fichier's domains), so a
 * browser opens them on the real site, where the sandbox's files do not exist.
 */
const SANDBOX_LINKS = [
  '  File links:    https://1fichier.com/?... links from the sandbox look real but open the real site, where',
  "                 the sandbox's files do not exist (so does n8n's open-link button next to a file URL). The",
  "                 direct download links work: n8n's Get Download Link (downloadUrl), VS Code's Copy Direct Download Link.",
];

export function printSummary(s, say) {
  const rule = '='.repeat(100);
  say('');
  say(rule);
  say(
    s.realService
      ? ' 1fichier playground is running against the REAL 1fichier service (key from ONEFICHIER_API_KEY)'
      : ' 1fichier playground is running against the local sandbox (no 1fichier account needed)',
  );
  say('');
  if (s.sandbox) {
    say(`  Sandbox API:   ${s.sandbox.apiBaseUrl}`);
    say(`  Sandbox key:   ${s.sandbox.apiKey}`);
    say('  Sandbox limits: those of the real service. VS Code and the language server share one pace per IP');
    say('                 (the pace ledger in your cache folder); n8n takes half of it ("Processes Sharing This Key": 2).');
    if (s.seeded?.length) say(`  Seeded with:   ${s.seeded.join(', ')}`);
    for (const line of SANDBOX_LINKS) say(line);
    say('');
  }
  if (s.n8n) {
    say(`  n8n:           ${s.n8n.workflowUrl}`);
    say(`  n8n sign-in:   ${s.n8n.owner.email} / ${s.n8n.owner.password}`);
    say('                 The "1fichier example" workflow is open there: click "Execute workflow" to upload a file,');
    say(
      `                 get its link and list the folder. Its credential "1fichier ${s.realService ? '(real service)' : 'sandbox'}" is ready.`,
    );
    say(`  n8n backup:    ${s.n8n.backupWorkflowUrl}`);
    say('                 The "nightly backup" example: Execute workflow uploads the files below to /Backups/nightly');
    say('                 (created the first time); run it again and every file is skipped (Skip If Identical).');
    say(`  n8n files:     ${s.n8n.filesDir}`);
    say('                 The only folder n8n may read or write files in (N8N_RESTRICT_FILE_ACCESS_TO): put files to back up there.');
    say('');
  }
  if (s.vscode) {
    say(`  VS Code:       ${s.vscode.url}`);
    say(`  VS Code password: ${s.vscode.password}`);
    say(`                 Click the 1fichier icon in the activity bar to browse the ${s.realService ? 'account' : "sandbox's"} folders.`);
    say('');
  }
  if (s.sandbox) say(`  Sandbox data:  ${shown(s.repoRoot, s.dataDir)} (kept between runs; pnpm start --reset wipes it)`);
  say(
    `  Local state:   ${shown(s.repoRoot, s.playgroundDir)} (n8n database, VS Code profile, logs in ${shown(s.repoRoot, s.playgroundDir)}/logs)`,
  );
  say('');
  say(' Press Ctrl-C to stop everything.');
  say(rule);
  say('[playground] ready');
}
