/** Budget windows (policy/budgets.ts): what a listing that never reached the service spends. */
import type { Clock } from '../src';
import { json, makeClient } from './helpers';

/** Virtual time that moves at once on a sleep, or, while `holding`, keeps every sleep pending until its signal aborts. */
class HoldingClock implements Clock {
  t = 1_700_000_000_000;
  holding = false;
  held = 0;
  now = (): number => this.t;
  sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(new Error('aborted'));
      if (!this.holding) {
        this.t += ms;
        return resolve();
      }
      this.held += 1;
      signal?.addEventListener('abort', () => reject(new Error('aborted')));
    });
}

const folderAnswer =
  (id: number, names: string[] = []) =>
  () =>
    json({ status: 'OK', folder_id: id, name: 'F', files: 0, sub_folders: names.map((n, i) => ({ id: 100 + i, name: n, pass: 0 })) });

const until = async (done: () => boolean) => {
  for (let i = 0; i < 100 && !done(); i++) await new Promise((r) => setImmediate(r));
  expect(done()).toBe(true);
};

describe('a budget window and a cancelled listing', () => {
  test('a listing cancelled while it waits for its turn to be sent spends nothing of its folder window', async () => {
    const clock = new HoldingClock();
    const t = makeClient({ clock });
    t.transport.reply(folderAnswer(6), folderAnswer(5, ['a']));
    await t.client.listFolder(6);
    // The IP-wide listing pace (limits.listingIntervalMs) holds the listing of folder 5 after its budget turn.
    clock.holding = true;
    const ac = new AbortController();
    const cancelled = t.client.listFolder(5, { signal: ac.signal });
    await until(() => clock.held === 1);
    ac.abort();
    await expect(cancelled).rejects.toMatchObject({ kind: 'cancelled' });
    expect(t.transport.requests).toHaveLength(1);

    clock.holding = false;
    clock.t += 3_300;
    const sleptFrom = clock.t;
    expect((await t.client.listFolder(5)).subFolders.map((f) => f.name)).toEqual(['a']);
    expect(t.transport.requests).toHaveLength(2);
    expect(t.events.filter((e) => e.type === 'wait' && e.reason === 'budget')).toEqual([]);
    expect(clock.t).toBe(sleptFrom);
  });

  test('a listing cancelled once its request was sent still spends its window (the service may have counted it)', async () => {
    const clock = new HoldingClock();
    const t = makeClient({ clock });
    t.transport.reply(
      (req) => new Promise((_, reject) => req.signal?.addEventListener('abort', () => reject(new Error('aborted')))),
      folderAnswer(5, ['a']),
    );
    const ac = new AbortController();
    const cancelled = t.client.listFolder(5, { signal: ac.signal });
    await until(() => t.transport.requests.length === 1);
    ac.abort();
    await expect(cancelled).rejects.toMatchObject({ kind: 'cancelled' });

    const from = clock.t;
    await t.client.listFolder(5);
    expect(t.events.find((e) => e.type === 'wait' && e.reason === 'budget')).toMatchObject({ endpoint: 'folder/ls.cgi' });
    expect(clock.t - from).toBeGreaterThanOrEqual(30_000);
  });

  test('a listing cancelled while it waits for its window leaves the window counting from the last answer', async () => {
    const clock = new HoldingClock();
    const t = makeClient({ clock });
    t.transport.reply(folderAnswer(5), folderAnswer(5, ['b']));
    await t.client.listFolder(5);
    t.client.clearCache();
    clock.holding = true;
    const ac = new AbortController();
    const cancelled = t.client.listFolder(5, { signal: ac.signal });
    await until(() => clock.held === 1);
    ac.abort();
    await expect(cancelled).rejects.toMatchObject({ kind: 'cancelled' });
    clock.holding = false;
    const from = clock.t;
    expect((await t.client.listFolder(5)).subFolders.map((f) => f.name)).toEqual(['b']);
    // The window still counts from the first answer, not from the cancelled wait.
    expect(clock.t - from).toBeLessThanOrEqual(30_000);
  });
});
