/**
 * The hints of every front end (n8n: packages/n8n-nodes-1fichier/nodes/OneFichier/helpers/hints.ts, VS Code:
 * packages/vscode-1fichier/src/hints.ts). Every error kind the core can raise (ERROR_KINDS), with every hint
 * the core's source can give it (core-hints.ts) and the codes the service sends, goes through each front
 * end's mapping: what comes out must name nothing internal (a function or option of the core, a kind, an
 * endpoint), and every field, operation, command or setting it names must exist where the user is.
 */
import { ERROR_KINDS, FLOOD_CODES, OneFichierError, type ErrorKind } from '../../packages/core/src';
import { errorFromMessage } from '../../packages/core/src/internal';
import { OneFichierApi } from '../../packages/n8n-nodes-1fichier/credentials/OneFichierApi.credentials';
import { CREDENTIAL_TEST_MESSAGES, N8N_HINT_CODES, n8nHint } from '../../packages/n8n-nodes-1fichier/nodes/OneFichier/helpers/hints';
import { OneFichier } from '../../packages/n8n-nodes-1fichier/nodes/OneFichier/OneFichier.node';
import { readManifest } from '../../packages/vscode-1fichier/test/manifest';
import { VSCODE_HINT_CODES, readableMessage, vscodeHint } from '../../packages/vscode-1fichier/src/hints';
import { coreHints, type CoreHint } from './core-hints';

/** An error as a front end meets it: kind, the core's hint, code, endpoint, message. */
interface Subject {
  kind: ErrorKind;
  hint: string;
  message: string;
  code?: number;
  endpoint?: string;
  from: string;
}

/** What the service answers, on the endpoints whose hints differ, classified by the core itself. */
function serviceAnswers(extraCodes: readonly number[]): Subject[] {
  const codes = [...FLOOD_CODES, 93, 186, 236, 312, 620, 887, 913, 601, 707, 708, 711, 999, ...extraCodes];
  const endpoints = ['file/info.cgi', 'folder/ls.cgi', 'file/ls.cgi', 'folder/rm.cgi', 'remote/request.cgi', 'download/get_token.cgi'];
  const texts = ['Refused', 'Not found', 'Folder is not empty', 'Flood detected'];
  return endpoints.flatMap((endpoint) =>
    codes.flatMap((code) =>
      texts.map((text) => {
        const e = errorFromMessage(endpoint, 403, `${text} #${code}`, []);
        return { kind: e.kind, hint: e.hint, message: e.message, code, endpoint, from: `${endpoint} "${text} #${code}"` };
      }),
    ),
  );
}

/** Every (kind, hint) the core can produce, each kind at least with its default hint. */
function subjects(census: CoreHint[], extraCodes: readonly number[]): Subject[] {
  const byKind = ERROR_KINDS.flatMap((kind) => [
    { kind, hint: new OneFichierError({ kind, message: 'x' }).hint, message: 'x', from: `${kind} (default hint)` },
    ...census
      .filter((h) => h.kind === kind || h.kind === undefined)
      .map((h) => ({ kind, hint: h.text, message: 'x', from: `${kind} from ${h.where}` })),
    // Without and with an endpoint: some hints depend on it.
    { kind, hint: 'x', message: 'x', endpoint: 'remote/request.cgi', from: `${kind} on remote/request.cgi` },
  ]);
  return [...byKind, ...serviceAnswers(extraCodes)];
}

/** Names of code rather than of things the user sees: camelCase or snake_case words, calls, endpoints. */
function internalNames(text: string, allowed: readonly string[] = []): string[] {
  let rest = text.replace(/https?:\/\/\S+/g, ' ');
  for (const name of allowed) rest = rest.split(name).join(' ');
  return [
    ...(rest.match(/\b[a-z][a-z0-9]*[A-Z]\w*/g) ?? []),
    ...(rest.match(/\b[a-z]+_[a-z_]+\b/g) ?? []),
    ...(rest.match(/\b\w+\(\)/g) ?? []),
    ...(rest.match(/\b[\w-]+\/[\w-]+\.(?:cgi|pl)\b/g) ?? []),
  ];
}

/** Kinds the table has no entry for: the mapping gives no text for an error of that kind with its default hint. */
function kindsWithoutHint(hint: (s: Subject) => string): ErrorKind[] {
  return ERROR_KINDS.filter((kind) => {
    const text = hint({ kind, hint: new OneFichierError({ kind, message: 'x' }).hint, message: 'x', from: kind });
    return typeof text !== 'string' || text.trim() === '';
  });
}

describe('n8n', () => {
  const census = coreHints({ nodeEntry: false });
  const all = subjects(census, N8N_HINT_CODES);
  const shown = all.map((s) => ({ from: s.from, text: n8nHint(s), own: n8nHint(s).split(s.hint).join(' ') }));
  const credential = new OneFichierApi();
  const node = new OneFichier().description;

  test("the census reads the core: every default hint, the classifier's, the names' and what to check after a lost answer", () => {
    expect(new Set(census.filter((h) => /^errors\.ts:/.test(h.where)).map((h) => h.kind))).toEqual(new Set(ERROR_KINDS));
    expect(census.some((h) => h.kind === 'password' && /^policy[/\\]classify\.ts:/.test(h.where))).toBe(true);
    expect(census.some((h) => h.kind === 'invalid_name' && /look-alikes/.test(h.text))).toBe(true);
    expect(census.some((h) => h.kind === 'outcome_unknown' && /^endpoints[/\\]folders\.ts:/.test(h.where))).toBe(true);
  });

  test('every kind of error has a hint of its own table', () => {
    expect(kindsWithoutHint((s) => n8nHint(s))).toEqual([]);
  });

  test('no hint, whatever the core said, names a function, option, kind or endpoint', () => {
    const bad = [...shown, ...Object.values(CREDENTIAL_TEST_MESSAGES).map((text) => ({ from: 'credential test', text }))]
      .map(({ from, text }) => ({ from, text, names: internalNames(text) }))
      .filter((r) => r.names.length > 0);
    expect(bad).toEqual([]);
  });

  test("the fields, options and operations the hints name are the node's and the credential's", () => {
    const displayNames = new Set<string>(credential.properties.map((p) => p.displayName));
    // Parameters, their options, collections' values and locators' modes: each has a name n8n shows.
    type Shown = { displayName?: string; name: string; options?: unknown; values?: unknown; modes?: { displayName: string }[] };
    const walk = (items: readonly Shown[]): void => {
      for (const p of items) {
        displayNames.add(p.displayName ?? p.name);
        if (Array.isArray(p.options)) walk(p.options as Shown[]);
        if (Array.isArray(p.values)) walk(p.values as Shown[]);
        for (const m of p.modes ?? []) displayNames.add(m.displayName);
      }
    };
    walk(node.properties as Shown[]);
    const resources = node.properties.find((p) => p.name === 'resource')!.options as { name: string; value: string }[];
    const operationsOf = (resource: string) =>
      node.properties
        .filter((p) => p.name === 'operation' && (p.displayOptions?.show?.resource as string[] | undefined)?.includes(resource))
        .flatMap((p) => (p.options as { name: string }[]).map((o) => o.name));
    // The table's own words: a core hint it passes on may quote a name of the user's (a folder's "…").
    const texts = [...new Set([...shown.map((s) => s.own), ...Object.values(CREDENTIAL_TEST_MESSAGES)])];
    const unknown: string[] = [];
    for (const text of texts) {
      for (const [, quoted] of text.matchAll(/"([^"]+)"/g)) if (!displayNames.has(quoted!)) unknown.push(`"${quoted}" in: ${text}`);
      for (const m of text.matchAll(/\b(\w+) > /g)) {
        const resource = resources.find((r) => r.name === m[1]);
        const after = text.slice(m.index! + m[0].length);
        if (!resource || !operationsOf(String(resource.value)).some((op) => new RegExp(`^${op}\\b`).test(after)))
          unknown.push(`${m[1]} > ${after.slice(0, 25)}… in: ${text}`);
      }
    }
    expect(unknown).toEqual([]);
  });

  test('the hints the issue quoted are gone: a missing folder, a reserved character', () => {
    const folder = n8nHint({ kind: 'not_found', hint: 'Check the path (names are case-sensitive), or create it with ensureFolderPath.' });
    expect(folder).toMatch(/Folder > Create/);
    const name = n8nHint({ kind: 'invalid_name', hint: 'Rename it, or set reservedNames to "encode".' });
    expect(name).toMatch(/"File Name"/);
  });
});

describe('VS Code', () => {
  const census = coreHints({ nodeEntry: true });
  const all = subjects(census, VSCODE_HINT_CODES);
  // The English texts of the manifest's %keys% (package.nls.json): what the hints name.
  const manifest = readManifest() as {
    contributes: { commands: { title: string; category?: string }[]; configuration: { properties: Record<string, unknown> } };
  };
  const settings = Object.keys(manifest.contributes.configuration.properties);
  const commands = new Set(manifest.contributes.commands.map((c) => `${c.category ? `${c.category}: ` : ''}${c.title}`));
  const shown = all.map((s) => ({ from: s.from, text: vscodeHint(s), message: readableMessage(s) }));

  test('every kind of error has a hint of its own table', () => {
    expect(kindsWithoutHint((s) => vscodeHint(s))).toEqual([]);
  });

  test('no hint, whatever the core said, names a function, option, kind or endpoint (settings are named by their id)', () => {
    const bad = shown.map(({ from, text }) => ({ from, text, names: internalNames(text, settings) })).filter((r) => r.names.length > 0);
    expect(bad).toEqual([]);
  });

  test("the commands and settings the hints name are the extension's", () => {
    const unknown: string[] = [];
    for (const text of new Set(shown.map((s) => s.text))) {
      for (const [, quoted] of text.matchAll(/"(1fichier: [^"]+)"/g)) if (!commands.has(quoted!)) unknown.push(`"${quoted}" in: ${text}`);
      for (const [id] of text.matchAll(/\bonefichier\.[\w.]*\w/g)) if (!settings.includes(id)) unknown.push(`${id} in: ${text}`);
    }
    expect(unknown).toEqual([]);
  });

  test('a refusal of the service reads as its own words and code, without the endpoint', () => {
    const refusals = shown.filter((s) => s.from.startsWith('remote/request.cgi'));
    expect(refusals.length).toBeGreaterThan(0);
    for (const r of refusals) {
      expect(r.message).toMatch(/^1fichier answered ".*" \(#\d+\)\.$/);
      expect(internalNames(r.message)).toEqual([]);
    }
  });
});

describe('a conflict', () => {
  // A folder made meanwhile by another window or workflow is refused as "already exists" (#731): its hint must
  // not send the user to delete a folder that is not empty.
  const alreadyThere = errorFromMessage('folder/mkdir.cgi', 403, 'Folder already exists #731', []);
  const notEmpty = errorFromMessage('folder/rm.cgi', 403, 'Folder is not empty #999', []);

  test('a name already taken is not read as a folder that is not empty', () => {
    expect(alreadyThere.kind).toBe('conflict');
    for (const hint of [n8nHint(alreadyThere), vscodeHint(alreadyThere)]) {
      expect(hint).not.toMatch(/not empty/);
      expect(hint).toMatch(/already/);
    }
  });

  test("a folder's removal refused for its content says how to delete it with everything in it", () => {
    expect(notEmpty.kind).toBe('conflict');
    expect(n8nHint(notEmpty)).toMatch(/not empty.*Recursive/);
    expect(vscodeHint(notEmpty)).toMatch(/not empty.*1fichier: Delete/);
  });
});
