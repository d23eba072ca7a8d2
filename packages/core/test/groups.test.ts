/** Many items at once (src/groups/): per-item outcomes from list endpoints that refuse the whole list, bounded upload requests. */
import {
  FolderFileIndex,
  OneFichierError,
  bytesSource,
  copyEach,
  moveEach,
  outcomesByHalves,
  removeEach,
  setAttributesEach,
  uploadEach,
  uploadRequests,
  type ListEndpoints,
} from '../src';
import { FakeStorage } from './fake-storage';

const missing = () => new OneFichierError({ kind: 'not_found', code: 707, message: 'File not found #707' });

/** The service's list endpoints as docs/api-notes.md says: one missing file and the whole list is refused, nothing changed. */
class ListStorage extends FakeStorage implements ListEndpoints {
  moved = new Map<string, number>();
  copies: string[] = [];
  attributes = new Map<string, string>();
  private allThere(urls: string[]): void {
    if (urls.some((u) => !this.files.some((f) => f.url === u))) throw missing();
  }
  override removeFiles = async (list: (string | { url: string })[]) => {
    const urls = list.map((u) => (typeof u === 'string' ? u : u.url));
    this.calls.push(`rm ${urls.length}`);
    this.allThere(urls);
    this.files = this.files.filter((f) => !urls.includes(f.url));
    return { removed: urls.length, urls };
  };
  moveFiles = async (urls: string[], destinationId: number) => {
    this.calls.push(`mv ${urls.length}`);
    if (destinationId === 999) throw new OneFichierError({ kind: 'not_found', code: 706, message: 'Folder not found #706' });
    this.allThere(urls);
    for (const u of urls) this.moved.set(u, destinationId);
    return { moved: urls.length, urls };
  };
  copyFiles = async (urls: string[]) => {
    this.calls.push(`cp ${urls.length}`);
    this.allThere(urls);
    this.copies.push(...urls);
    return { copied: urls.length, urls: urls.map((u) => ({ fromUrl: u, toUrl: `${u}-copy` })) };
  };
  setFileAttributes = async (urls: string[], attrs: { description?: string }) => {
    this.calls.push(`chattr ${urls.length}`);
    this.allThere(urls);
    for (const u of urls) this.attributes.set(u, attrs.description ?? '');
    return { updated: urls.length, urls };
  };
}

async function filesIn(s: ListStorage, n: number): Promise<string[]> {
  const urls: string[] = [];
  for (let i = 0; i < n; i++) urls.push(await s.file(0, `f${i}.txt`, `content ${i}`));
  return urls;
}

describe('removeEach', () => {
  test('removes 100 files in one request', async () => {
    const s = new ListStorage();
    const urls = await filesIn(s, 100);
    const out = await removeEach(s, urls);
    expect(out.every((o) => o.ok)).toBe(true);
    expect(s.calls.filter((c) => c.startsWith('rm'))).toEqual(['rm 100']);
    expect(s.files).toEqual([]);
  });

  test('one file already gone fails alone; every other file is removed once, in few extra requests', async () => {
    const s = new ListStorage();
    const urls = await filesIn(s, 100);
    const gone = urls[37]!;
    s.files = s.files.filter((f) => f.url !== gone);
    const seen: string[] = [];
    const counting = {
      removeFiles: async (list: string[]) => {
        const r = await s.removeFiles(list);
        seen.push(...r.urls);
        return r;
      },
    };
    const out = await removeEach(counting, urls);
    expect(out.map((o, i) => (o.ok ? 'ok' : `${i}:${o.error.kind}`)).filter((x) => x !== 'ok')).toEqual(['37:not_found']);
    expect(s.files).toEqual([]);
    // Never twice: each removed URL appears in exactly one successful request.
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(99);
    const requests = s.calls.filter((c) => c.startsWith('rm')).length;
    expect(requests).toBeLessThanOrEqual(1 + 2 * Math.ceil(Math.log2(100)));
  });

  test('a URL given twice is removed once and both items get its outcome', async () => {
    const s = new ListStorage();
    const [a, b] = await filesIn(s, 2);
    const out = await removeEach(s, [a!, b!, a!]);
    expect(out.map((o) => o.ok)).toEqual([true, true, true]);
    expect(s.calls.filter((c) => c.startsWith('rm'))).toEqual(['rm 2']);
  });

  test('files a lost answer found gone are their own not_found', async () => {
    const api = { removeFiles: async (list: string[]) => ({ removed: 1, urls: [list[0]!], notFound: [list[1]!] }) };
    const out = await removeEach(api, ['https://1fichier.com/?a', 'https://1fichier.com/?b']);
    expect(out[0]).toEqual({ ok: true, value: { url: 'https://1fichier.com/?a' } });
    expect(out[1]).toMatchObject({ ok: false, error: { kind: 'not_found' } });
  });
});

describe('moveEach, copyEach, setAttributesEach', () => {
  test('move: one request for the group; a missing file fails alone', async () => {
    const s = new ListStorage();
    const urls = await filesIn(s, 8);
    expect((await moveEach(s, urls, 5)).every((o) => o.ok)).toBe(true);
    expect(s.calls.filter((c) => c.startsWith('mv'))).toEqual(['mv 8']);
    const out = await moveEach(s, [...urls.slice(0, 3), 'https://1fichier.com/?gone', ...urls.slice(3)], 6);
    expect(out.map((o) => o.ok)).toEqual([true, true, true, false, true, true, true, true, true]);
    expect([...s.moved.values()].every((d) => d === 6)).toBe(true);
  });

  test('a missing destination folder is the whole group error, found in one request', async () => {
    const s = new ListStorage();
    const urls = await filesIn(s, 16);
    const out = await moveEach(s, urls, 999);
    expect(out.every((o) => !o.ok && o.error.code === 706)).toBe(true);
    expect(s.calls.filter((c) => c.startsWith('mv'))).toEqual(['mv 16']);
  });

  test('copy: two items copying one file make two copies; a missing file makes none', async () => {
    const s = new ListStorage();
    const [a, b] = await filesIn(s, 2);
    const out = await copyEach(s, [a!, 'https://1fichier.com/?gone', a!, b!], 7);
    expect(out.map((o) => o.ok)).toEqual([true, false, true, true]);
    expect(s.copies.sort()).toEqual([a, a, b].sort());
  });

  test('set attributes: one request for the group', async () => {
    const s = new ListStorage();
    const urls = await filesIn(s, 5);
    await setAttributesEach(s, urls, { description: 'x' });
    expect(s.calls.filter((c) => c.startsWith('chattr'))).toEqual(['chattr 5']);
    expect([...s.attributes.values()]).toEqual(['x', 'x', 'x', 'x', 'x']);
  });

  test('an error that is not about one file stops the work: every item not done gets it, nothing more is sent', async () => {
    let calls = 0;
    const out = await outcomesByHalves([1, 2, 3, 4], async () => {
      calls++;
      throw new OneFichierError({ kind: 'rate_limited', message: 'Flood detected #374' });
    });
    expect(calls).toBe(1);
    expect(out.every((o) => !o.ok && o.error.kind === 'rate_limited')).toBe(true);
  });
});

describe('uploadRequests', () => {
  test('at most 100 files and 4 GiB per request, in order; a larger file alone', () => {
    expect(uploadRequests(new Array(250).fill(10_240)).map((r) => r.length)).toEqual([100, 100, 50]);
    const GiB = 1024 ** 3;
    expect(uploadRequests([1, 2 * GiB, 1, 3 * GiB, 5 * GiB, 1])).toEqual([[0, 1, 2], [3], [4], [5]]);
  });
});

describe('uploadEach', () => {
  const src = (name: string, text: string) => bytesSource(name, new TextEncoder().encode(text));

  test('100 sources in one request; an empty one fails alone', async () => {
    const s = new ListStorage();
    const sources = Array.from({ length: 100 }, (_, i) => src(`f${i}.txt`, i === 50 ? '' : `c${i}`));
    const out = await uploadEach(s, new FolderFileIndex(s), sources, { folderId: 0, ifExists: 'keepBoth' });
    expect(out[50]).toMatchObject({ ok: false, error: { kind: 'empty_file' } });
    expect(out.filter((o) => o.ok)).toHaveLength(99);
    expect(s.calls.filter((c) => c.startsWith('upload'))).toHaveLength(1);
    expect(out[3]).toMatchObject({ ok: true, value: { action: 'uploaded', file: { filename: 'f3.txt', size: 2 } } });
  });

  test('a failed request fails each of its sources', async () => {
    const s = new ListStorage();
    s.uploadOutcomes = [new OneFichierError({ kind: 'network', message: 'reset' })];
    const out = await uploadEach(s, new FolderFileIndex(s), [src('a', 'a'), src('b', 'b')], { folderId: 0, ifExists: 'keepBoth' });
    expect(out.map((o) => !o.ok && o.error.kind)).toEqual(['network', 'network']);
  });

  test('replace, skip: one listing, one upload request, one removal for the whole group', async () => {
    const s = new ListStorage();
    const oldA = await s.file(0, 'a.txt', 'old a');
    const oldB = await s.file(0, 'b.txt', 'old b');
    const index = new FolderFileIndex(s);
    const out = await uploadEach(s, index, [src('a.txt', 'new a'), src('b.txt', 'new b'), src('c.txt', 'c')], {
      folderId: 0,
      ifExists: 'replace',
    });
    expect(out.map((o) => o.ok && o.value.action)).toEqual(['replaced', 'replaced', 'uploaded']);
    expect(out[0]).toMatchObject({ ok: true, value: { removed: [oldA] } });
    expect(s.calls).toEqual(['file/ls 0', 'upload a.txt,b.txt,c.txt to 0', 'rm 2']);
    expect(s.contents()).toEqual(['a.txt=new a', 'b.txt=new b', 'c.txt=c']);
    expect(out[1]).toMatchObject({ ok: true, value: { removed: [oldB] } });
    const skipping = await uploadEach(s, index, [src('a.txt', 'other'), src('d.txt', 'd')], { folderId: 0, ifExists: 'skip' });
    expect(skipping.map((o) => o.ok && o.value.action)).toEqual(['skipped', 'uploaded']);
  });
});
