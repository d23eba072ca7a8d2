/** The files of one batch go through the core's uploadWithConflictPolicy one by one, yet as one upload and one removal. */
import { FolderFileIndex, uploadWithConflictPolicy, type FileItem, type UploadedFile, type UploadSource } from '@onefichier/core';
import { gatheredEndpoints } from '../../src/upload/gathered';

const source = (name: string): UploadSource => ({
  name,
  size: 3,
  reopenable: true,
  open: () =>
    (async function* () {
      yield new Uint8Array([1, 2, 3]);
    })(),
});
const listed = (filename: string): FileItem => ({
  url: `https://1fichier.com/?old${filename.replace(/\W/g, '')}`,
  filename,
  size: 5,
  date: '',
  dateUtc: '',
  checksum: '',
  contentType: '',
  passwordProtected: false,
  hasAcl: false,
  cdn: false,
});

/** A client whose folder 7 holds a.txt and b.txt; `gone` copies make any removal that names them fail. */
function fakeClient(gone: string[] = []) {
  const uploads: string[][] = [];
  const removals: string[][] = [];
  return {
    uploads,
    removals,
    reservedNames: 'encode' as const,
    listFiles: async () => ({ count: 2, items: [listed('a.txt'), listed('b.txt')] }),
    upload: async (sources: UploadSource[]): Promise<UploadedFile[]> => {
      uploads.push(sources.map((s) => s.name));
      return sources.map((s) => ({
        url: `https://1fichier.com/?new${s.name.replace(/\W/g, '')}`,
        filename: s.name,
        size: 3,
        whirlpool: '',
        folderId: 7,
        removeUrl: '',
      }));
    },
    removeFiles: async (urls: string[]) => {
      removals.push(urls);
      if (urls.some((u) => gone.some((g) => u.includes(g)))) throw new Error('not found');
      return { removed: urls.length, urls };
    },
  };
}

async function replaceAll(client: ReturnType<typeof fakeClient>, names: string[]) {
  const index = new FolderFileIndex(client);
  const { endpointsOf, done } = gatheredEndpoints(client as never, {
    members: names.length,
    folderId: 7,
    signal: new AbortController().signal,
    onProgress: () => undefined,
  });
  return Promise.all(
    names.map((name, member) =>
      uploadWithConflictPolicy(endpointsOf(member), index, source(name), { folderId: 7, ifExists: 'replace' }).finally(() => done(member)),
    ),
  );
}

test('replacing two files and adding a third is one upload request and one removal of both old copies', async () => {
  const client = fakeClient();
  const results = await replaceAll(client, ['a.txt', 'new.txt', 'b.txt']);
  expect(results.map((r) => [r.file.filename, r.action, r.removed])).toEqual([
    ['a.txt', 'replaced', ['https://1fichier.com/?oldatxt']],
    ['new.txt', 'uploaded', []],
    ['b.txt', 'replaced', ['https://1fichier.com/?oldbtxt']],
  ]);
  expect(client.uploads).toEqual([['a.txt', 'new.txt', 'b.txt']]);
  expect(client.removals).toEqual([['https://1fichier.com/?oldatxt', 'https://1fichier.com/?oldbtxt']]);
});

test('a removal refused as a whole is tried per file: the copy that can go goes, the other file carries a warning', async () => {
  const client = fakeClient(['oldatxt']);
  const [a, b] = await replaceAll(client, ['a.txt', 'b.txt']);
  expect(client.removals).toEqual([
    ['https://1fichier.com/?oldatxt', 'https://1fichier.com/?oldbtxt'],
    ['https://1fichier.com/?oldatxt'],
    ['https://1fichier.com/?oldbtxt'],
  ]);
  expect(b).toMatchObject({ action: 'replaced', removed: ['https://1fichier.com/?oldbtxt'] });
  expect(a).toMatchObject({ action: 'uploaded', removed: [] });
  expect(a?.warning).toMatch(/older copies could not be removed \(not found\)/);
});
