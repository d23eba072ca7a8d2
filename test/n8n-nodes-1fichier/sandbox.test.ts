/**
 * The node through n8n's execution engine against the project's 1fichier sandbox over real loopback HTTP
 * (no mocks): a streamed multi-megabyte upload, and a 40-item execution that the limiter spreads out so
 * the sandbox's flood protection (3 requests/s, like the service's advice) never locks the account.
 */
import { randomBytes } from 'crypto';
import { whirlpoolHex } from '@onefichier/core';
import { resetSharedPacers } from '@onefichier/core/internal';
import { binaryBytes, executeWorkflow, readWorkflow, type WorkflowFile } from './harness';
import { useSandbox } from './harness/sandbox';

const env = useSandbox('n8n-node-sandbox-');
afterEach(() => resetSharedPacers());

function withInput(wf: WorkflowFile, items: unknown[]): WorkflowFile {
  const copy = JSON.parse(JSON.stringify(wf)) as WorkflowFile;
  const input = copy.nodes.find((n) => n.name === 'Input');
  if (!input) throw new Error('no Input node');
  input.parameters.items = JSON.stringify(items);
  return copy;
}

test('a 3 MiB binary is uploaded to the sandbox, which stores the same bytes', async () => {
  const bytes = randomBytes(3 * 1024 * 1024 + 7);
  const wf = withInput(readWorkflow('sandbox-flow.workflow.json'), [
    { json: {}, binary: { data: { base64: bytes.toString('base64'), fileName: 'sandbox.bin', mimeType: 'application/octet-stream' } } },
  ]);
  const result = await executeWorkflow(wf, env.credentials());
  expect(result.run.data.resultData.error).toBeUndefined();
  const out = result.output('1fichier')[0]!.json;
  const whirlpool = await whirlpoolHex(bytes);
  expect(out).toMatchObject({ filename: 'sandbox.bin', size: bytes.length, whirlpool, folderId: 0 });
  const stored = env.sandbox.state().files.find((f) => f.url === out.url);
  expect(stored).toMatchObject({ filename: 'sandbox.bin', size: bytes.length, whirlpool, folderId: 0 });
  expect(result.serialized).not.toContain(env.sandbox.premiumKey);
});

test('40 items in one execution never trip the flood lock', async () => {
  const upload = withInput(readWorkflow('sandbox-flow.workflow.json'), [
    { json: {}, binary: { data: { text: 'small file', fileName: 'info-target.txt', mimeType: 'text/plain' } } },
  ]);
  const uploaded = await executeWorkflow(upload, env.credentials());
  const url = uploaded.output('1fichier')[0]!.json.url as string;
  resetSharedPacers();
  env.sandbox.clearLocks();
  const floodsBefore = env.sandbox.state().floods;
  const many = withInput(
    readWorkflow('sandbox-many-items.workflow.json'),
    Array.from({ length: 40 }, () => ({ json: { url } })),
  );
  const result = await executeWorkflow(many, env.credentials());
  expect(result.run.data.resultData.error).toBeUndefined();
  const items = result.output('1fichier');
  expect(items).toHaveLength(40);
  expect(items.every((i) => i.json.url === url && i.json.filename === 'info-target.txt')).toBe(true);
  expect(env.sandbox.state().floods).toEqual(floodsBefore);
  expect(Object.keys(env.sandbox.state().lockedIps)).toHaveLength(0);
}, 120_000);

/** The upload workflow with its folder and "If a File With This Name Exists" set, fed with text files. */
function nightly(folderPath: string, ifExists: string, files: [string, string][]): WorkflowFile {
  const wf = withInput(
    readWorkflow('sandbox-flow.workflow.json'),
    files.map(([fileName, text]) => ({ json: {}, binary: { data: { text, fileName, mimeType: 'text/plain' } } })),
  );
  const node = wf.nodes.find((n) => n.name === '1fichier')!;
  node.parameters.folder = { __rl: true, mode: 'path', value: folderPath };
  node.parameters.options = { ifExists };
  return wf;
}

/** A fresh execution: the earlier one's listings and budgets are forgotten on both sides (no 30 s wait). */
function nextExecution(): void {
  resetSharedPacers();
  env.sandbox.clearLocks();
}

const requests = (name: string) => env.sandbox.state().counters.requests[name] ?? 0;

test('a nightly upload of the same files with "Skip If Identical" stores them once, one listing per execution', async () => {
  const folderId = await seedFolder('nightly');
  const files: [string, string][] = [
    ['a.txt', 'alpha'],
    ['b.txt', 'bravo'],
    ['c.txt', 'charlie'],
  ];
  nextExecution();
  const listsBefore = requests('file/ls.cgi');
  const first = await executeWorkflow(nightly('/nightly', 'skipIfIdentical', files), env.credentials());
  expect(first.run.data.resultData.error).toBeUndefined();
  expect(first.output('1fichier').map((i) => i.json.action)).toEqual(['uploaded', 'uploaded', 'uploaded']);
  expect(requests('file/ls.cgi') - listsBefore).toBe(1);

  nextExecution();
  const uploadsBefore = requests('upload/get_upload_server.cgi');
  const second = await executeWorkflow(nightly('/nightly', 'skipIfIdentical', files), env.credentials());
  expect(second.run.data.resultData.error).toBeUndefined();
  expect(second.output('1fichier').map((i) => i.json.action)).toEqual(['skipped', 'skipped', 'skipped']);
  expect(requests('upload/get_upload_server.cgi')).toBe(uploadsBefore);
  expect(requests('file/ls.cgi') - listsBefore).toBe(2);
  const stored = env.sandbox.state().files.filter((f) => f.folderId === folderId);
  expect(stored.map((f) => f.filename).sort()).toEqual(['a.txt', 'b.txt', 'c.txt']);
  // The skipped items answer with the file already there.
  expect(second.output('1fichier')[0]!.json).toMatchObject({ url: stored.find((f) => f.filename === 'a.txt')!.url, size: 5 });
});

test('"Replace" leaves exactly one copy: the new one, uploaded before the old one was removed', async () => {
  await seedFolder('replace-me');
  nextExecution();
  await executeWorkflow(nightly('/replace-me', 'keepBoth', [['r.txt', 'old']]), env.credentials());
  nextExecution();
  await executeWorkflow(nightly('/replace-me', 'keepBoth', [['r.txt', 'older']]), env.credentials());
  const folderId = env.sandbox.state().folders.find((f) => f.name === 'replace-me')!.id;
  const old = env.sandbox
    .state()
    .files.filter((f) => f.folderId === folderId)
    .map((f) => f.url);
  expect(old).toHaveLength(2);
  nextExecution();
  const run = await executeWorkflow(nightly('/replace-me', 'replace', [['r.txt', 'newest']]), env.credentials());
  expect(run.run.data.resultData.error).toBeUndefined();
  const out = run.output('1fichier')[0]!.json;
  expect(out).toMatchObject({ action: 'replaced', filename: 'r.txt', size: 6 });
  expect((out.removedUrls as string[]).sort()).toEqual([...old].sort());
  const left = env.sandbox.state().files.filter((f) => f.folderId === folderId);
  expect(left).toEqual([expect.objectContaining({ url: out.url, size: 6, whirlpool: await whirlpoolHex('newest') })]);
});

test('"Skip" keeps the file already there; the output says so', async () => {
  await seedFolder('skip-me');
  nextExecution();
  await executeWorkflow(nightly('/skip-me', 'skip', [['s.txt', 'first']]), env.credentials());
  nextExecution();
  const run = await executeWorkflow(nightly('/skip-me', 'skip', [['s.txt', 'second version']]), env.credentials());
  expect(run.output('1fichier')[0]!.json).toMatchObject({ action: 'skipped', filename: 's.txt', size: 5 });
  const folderId = env.sandbox.state().folders.find((f) => f.name === 'skip-me')!.id;
  expect(
    env.sandbox
      .state()
      .files.filter((f) => f.folderId === folderId)
      .map((f) => f.size),
  ).toEqual([5]);
});

describe('several items of one execution storing one name', () => {
  /** Three items with their own names, uploaded under one fixed File Name. */
  function fixedName(folderPath: string, ifExists: string, onError?: string): WorkflowFile {
    const wf = nightly(folderPath, ifExists, [
      ['a.txt', 'alpha'],
      ['b.txt', 'bravo'],
      ['c.txt', 'charlie'],
    ]);
    const node = wf.nodes.find((n) => n.name === '1fichier')!;
    node.parameters.fileName = 'notes <draft>.txt';
    if (onError) (node as { onError?: string }).onError = onError;
    return wf;
  }
  const filesIn = (name: string) => {
    const folderId = env.sandbox.state().folders.find((f) => f.name === name)!.id;
    return env.sandbox.state().files.filter((f) => f.folderId === folderId);
  };

  test('under "Skip If Identical" none is uploaded: each item fails saying to use its own name', async () => {
    await seedFolder('one-name');
    nextExecution();
    const run = await executeWorkflow(fixedName('/one-name', 'skipIfIdentical'), env.credentials());
    const error = run.run.data.resultData.error as { message?: string; description?: string; context?: { itemIndex?: number } };
    expect(error.context?.itemIndex).toBe(0);
    expect(error.message).toContain('3 items (0, 1, 2) would all be stored as "notes &lt;draft&gt;.txt" in /one-name');
    expect(error.description).toContain('{{ $binary.data.fileName }}');
    expect(filesIn('one-name')).toEqual([]);
  });

  test('with continue-on-fail, each item gets its error, paired with its input', async () => {
    await seedFolder('one-name-continue');
    nextExecution();
    const run = await executeWorkflow(fixedName('/one-name-continue', 'replace', 'continueRegularOutput'), env.credentials());
    expect(run.run.data.resultData.error).toBeUndefined();
    const out = run.output('1fichier');
    expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
    for (const item of out) {
      expect(item.json.error).toBe('3 items (0, 1, 2) would all be stored as "notes <draft>.txt" in /one-name-continue.');
      expect(item.json.hint).toMatch(/each would replace the one before.*File Name.*\{\{ \$binary\.data\.fileName \}\}/);
    }
    expect(filesIn('one-name-continue')).toEqual([]);
  });

  test('"Keep Both" is unaffected: the three files are stored side by side', async () => {
    await seedFolder('one-name-keep');
    nextExecution();
    const run = await executeWorkflow(fixedName('/one-name-keep', 'keepBoth'), env.credentials());
    expect(run.run.data.resultData.error).toBeUndefined();
    expect(
      filesIn('one-name-keep')
        .map((f) => f.size)
        .sort(),
    ).toEqual([5, 5, 7]);
  });
});

async function seedFolder(name: string): Promise<number> {
  const res = await fetch(`${env.sandbox.apiBaseUrl}/folder/mkdir.cgi`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${env.sandbox.premiumKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name, folder_id: 0 }),
  });
  return ((await res.json()) as { folder_id: number }).folder_id;
}

describe('"Processes Sharing This Key" (queue mode)', () => {
  async function infoTarget(): Promise<string> {
    const upload = withInput(readWorkflow('sandbox-flow.workflow.json'), [
      { json: {}, binary: { data: { text: 'shared pace', fileName: 'shared.txt', mimeType: 'text/plain' } } },
    ]);
    return (await executeWorkflow(upload, env.credentials())).output('1fichier')[0]!.json.url as string;
  }

  test('at 3, the calls of this process are three times further apart (the other workers take the rest of the pace)', async () => {
    const url = await infoTarget();
    resetSharedPacers();
    const many = withInput(
      readWorkflow('sandbox-many-items.workflow.json'),
      Array.from({ length: 4 }, () => ({ json: { url } })),
    );
    const before = env.sandbox.state().counters.requests['file/info.cgi'] ?? 0;
    const started = Date.now();
    const result = await executeWorkflow(many, {
      oneFichierApi: { ...env.credentials().oneFichierApi, processesSharingKey: 3 },
    });
    const elapsed = Date.now() - started;
    expect(result.run.data.resultData.error).toBeUndefined();
    expect((env.sandbox.state().counters.requests['file/info.cgi'] ?? 0) - before).toBe(4);
    // Four calls: three spacings of 3 x 500 ms.
    expect(elapsed).toBeGreaterThanOrEqual(3 * 1500 - 20);
  }, 60_000);

  test('a value that is not a whole number from 1 to 100 fails with what to set', async () => {
    const many = withInput(readWorkflow('sandbox-many-items.workflow.json'), [{ json: { url: 'https://1fichier.com/?abcde12345' } }]);
    const result = await executeWorkflow(many, { oneFichierApi: { ...env.credentials().oneFichierApi, processesSharingKey: 0 } });
    const error = result.run.data.resultData.error as { message?: string; description?: string } | undefined;
    expect(error?.message).toMatch(/Processes Sharing This Key" must be a whole number from 1 to 100/);
    expect(error?.description).toMatch(/number of n8n processes/);
  });
});

/** A copy of a test workflow with the 1fichier node's parameters changed. */
function withParameters(wf: WorkflowFile, parameters: Record<string, unknown>): WorkflowFile {
  const copy = JSON.parse(JSON.stringify(wf)) as WorkflowFile;
  const node = copy.nodes.find((n) => n.name === '1fichier');
  if (!node) throw new Error('no 1fichier node');
  Object.assign(node.parameters, parameters);
  return copy;
}

const EVERYDAY_NAMES = ["facture d'août 2026.pdf", "l'équipe — photo.jpg", ' "quoted" \\ <tag> $HOME.txt ', 'report\u202Efdp.exe'];

test("everyday names upload by default with rclone's look-alikes; the output and a download name them as given", async () => {
  const items = EVERYDAY_NAMES.map((fileName, i) => ({
    json: {},
    binary: { data: { text: `file ${i}`, fileName, mimeType: 'application/octet-stream' } },
  }));
  const result = await executeWorkflow(withInput(readWorkflow('sandbox-flow.workflow.json'), items), env.credentials());
  expect(result.run.data.resultData.error).toBeUndefined();
  const out = result.output('1fichier').map((i) => i.json);
  expect(out.map((o) => o.filename)).toEqual([...EVERYDAY_NAMES.slice(0, 3), 'report[U+202E]fdp.exe']);
  const stored = out.map((o) => env.sandbox.state().files.find((f) => f.url === o.url)?.filename);
  expect(stored).toEqual([
    'facture d＇août 2026.pdf',
    'l＇équipe — photo.jpg',
    '␠＂quoted＂ ＼ ＜tag＞ ＄HOME.txt␠',
    'report[U+202E]fdp.exe',
  ]);
  resetSharedPacers();
  const download = withParameters(readWorkflow('file-download.workflow.json'), {
    file: { __rl: true, mode: 'url', value: out[0]!.url },
    options: {},
  });
  const got = await executeWorkflow(download, env.credentials());
  expect(got.run.data.resultData.error).toBeUndefined();
  const [item] = got.output('1fichier');
  expect(item!.json.filename).toBe(EVERYDAY_NAMES[0]);
  expect(item!.binary!.data!.fileName).toBe(EVERYDAY_NAMES[0]);
  expect((await binaryBytes(item!)).toString()).toBe('file 0');
}, 60_000);

test('with "Reserved Characters in Names: Refuse", such a name fails with the reason and nothing is stored', async () => {
  const before = env.sandbox.state().files.length;
  const wf = withParameters(
    withInput(readWorkflow('sandbox-flow.workflow.json'), [
      { json: {}, binary: { data: { text: 'x', fileName: "l'équipe.txt", mimeType: 'text/plain' } } },
    ]),
    { options: { reservedNames: 'refuse' } },
  );
  const result = await executeWorkflow(wf, env.credentials());
  expect(result.run.data.resultData.error?.message).toMatch(/character ' which 1fichier reserves/);
  expect(env.sandbox.state().files.length).toBe(before);
});

test('a name stored raw elsewhere with a right-to-left override is listed with the control made visible', async () => {
  await env.sandbox.uploadAsIs(env.sandbox.premiumKey, 'invoice\u202Etxt.exe', new TextEncoder().encode('MZ'));
  resetSharedPacers();
  const list = withParameters(readWorkflow('file-list.workflow.json'), {
    folder: { __rl: true, mode: 'id', value: '0' },
    returnAll: true,
    filters: {},
  });
  const result = await executeWorkflow(list, env.credentials());
  expect(result.run.data.resultData.error).toBeUndefined();
  const names = result.output('1fichier').map((i) => i.json.filename as string);
  expect(names).toContain('invoice[U+202E]txt.exe');
  expect(names.join('')).not.toContain('\u202E');
});
