/** The credential is read by n8n users, not by developers of this repository: no command of ours in its text. */
import { OneFichierApi } from '../../packages/n8n-nodes-1fichier/credentials/OneFichierApi.credentials';

test("the credential's texts name no developer command", () => {
  const credential = new OneFichierApi();
  const texts = [
    credential.displayName,
    ...credential.properties.flatMap((p) => [p.displayName, p.description ?? '', p.hint ?? '', p.placeholder ?? '']),
  ];
  const commands = /\b(pnpm|npm|npx|yarn|jest|node [\w./-]+)\b/;
  expect(texts.filter((t) => commands.test(t))).toEqual([]);
  // The sandbox is still named, as an address a user can type.
  expect(texts.join(' ')).toContain('http://127.0.0.1:3737/v1');
});
