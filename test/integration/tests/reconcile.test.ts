/**
 * Reconciling after a lost answer concludes only what the state shows: a resend's "not found" is not read
 * as "removed" while files are still there, a remote job or a copy counts as ours only when it can be tied
 * to our request, and a listing whose request started before the change is never used after it (neither by
 * the reconcile nor by the listing cache). Each case is staged with the sandbox's lostAnswers (the change
 * made, the answer lost), lostRequests (the request lost before the change) and listingAnswerDelayMs.
 */
import { bytesSource, type HttpTransport, type OneFichierClient } from '@onefichier/core';
import { createAxiosTransport } from '@onefichier/core/node';
import { errorOf, limitsKeepingTo, newEnv, profileOf, sleep, stopEnvs, storedNamed, type Env } from './helpers';

afterAll(stopEnvs);

/** Waits until `check` holds (the sandbox saw a request), failing after `ms`. */
async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await sleep(5);
  }
}

/** How many listings the sandbox has read and is holding back (listingAnswerDelayMs). */
const delayedListings = (env: Env) => env.sandbox.state().counters.behaviours.listingAnswerDelayMs ?? 0;

describe('removeFiles after a lost request', () => {
  test.each(['5xx', 'drop'] as const)(
    'one file was already gone (%s): the resend\'s "not found" is checked file by file; the others are removed once',
    async (mode) => {
      const env = await newEnv({}, { retry: { maxAttempts: 4 } });
      const { client, sandbox } = env;
      const ups = await client.upload(['a.txt', 'b.txt', 'gone.txt'].map((n) => bytesSource(n, Buffer.from(n))));
      const [a, b, gone] = ups.map((u) => u.url);
      await client.removeFiles([gone!]);
      // Gone once the profile's removal lag has passed (strict's removalLagMs: until then file/info and file/rm still find it).
      await sleep(profileOf(sandbox).faults.removalLagMs);
      // file/rm is all or nothing: had the first request arrived, it would have removed nothing either.
      sandbox.setFaults({ lostRequests: 1, lostAnswerMode: mode, lostAnswerEndpoints: ['file/rm.cgi'] });
      const removed = await client.removeFiles([a!, b!, gone!]);
      expect(sandbox.state().counters.lostRequests).toEqual({ 'file/rm.cgi': 1 });
      expect(removed).toEqual({ removed: 2, urls: [a, b], notFound: [gone] });
      expect(sandbox.state().files).toEqual([]);
    },
  );

  test('the first request was applied: every file is gone, all reported removed', async () => {
    const env = await newEnv({}, { retry: { maxAttempts: 4 } });
    const { client, sandbox } = env;
    const ups = await client.upload(['c.txt', 'd.txt'].map((n) => bytesSource(n, Buffer.from(n))));
    sandbox.setFaults({ lostAnswers: 1, lostAnswerEndpoints: ['file/rm.cgi'] });
    expect(await client.removeFiles(ups.map((u) => u.url))).toEqual({ removed: 2, urls: ups.map((u) => u.url) });
    expect(sandbox.state().files).toEqual([]);
  });
});

describe('remoteUpload after a lost answer, while another worker of the account starts a job', () => {
  const ours = 'http://127.0.0.1:9/ours.bin';
  const theirs = 'http://127.0.0.1:9/theirs.bin';

  /**
   * A client whose remote/request.cgi is followed, before its answer comes back, by another worker's own
   * request. The other worker is a client of the same account that takes its turns from the same pacer, as
   * a worker on the same machine does: a request sent past the pacer is flood-refused under a strict rate.
   */
  function clientBesideAnotherWorker(env: Env) {
    const base = createAxiosTransport();
    const otherWorker: OneFichierClient = env.makeClient();
    let started = false;
    const transport: HttpTransport = async (req) => {
      try {
        return await base(req);
      } finally {
        if (!started && req.url.endsWith('/remote/request.cgi')) {
          started = true;
          await otherWorker.remoteUpload({ urls: [theirs] });
        }
      }
    };
    return env.makeClient({ transport });
  }

  test('our request never arrived: their job is not taken as ours; the outcome is unknown', async () => {
    const env = await newEnv({}, { retry: { maxAttempts: 4 } });
    const client = clientBesideAnotherWorker(env);
    env.sandbox.setFaults({ lostRequests: 1, lostAnswerEndpoints: ['remote/request.cgi'] });
    const err = await errorOf(() => client.remoteUpload({ urls: [ours] }));
    expect(err).toMatchObject({ kind: 'outcome_unknown', endpoint: 'remote/request.cgi', details: { outcomeUnknown: true } });
    expect(err.hint).toMatch(/remote uploads/);
    const jobs = env.sandbox.state().remoteJobs;
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ urls: [theirs] });
  });

  test('our request was applied: of the two new jobs, the one with our URLs is ours', async () => {
    const env = await newEnv({}, { retry: { maxAttempts: 4 } });
    const client = clientBesideAnotherWorker(env);
    env.sandbox.setFaults({ lostAnswers: 1, lostAnswerEndpoints: ['remote/request.cgi'] });
    const job = await client.remoteUpload({ urls: [ours] });
    const jobs = env.sandbox.state().remoteJobs;
    expect(jobs).toHaveLength(2);
    expect(jobs.find((j) => j.id === job.id)).toMatchObject({ urls: [ours] });
  });
});

describe('copyFiles after a lost request, with an earlier copy already in the destination', () => {
  test.each([
    { fault: 'lostRequests', outcome: 'the copy was not made: it is made now, and the earlier copy is not reported as it' },
    { fault: 'lostAnswers', outcome: 'the copy was made: the new one is reported, not the earlier one' },
  ] as const)('$fault: $outcome', async ({ fault }) => {
    const env = await newEnv({}, { retry: { maxAttempts: 4 } });
    const { client, sandbox } = env;
    const a = (await client.createFolder('A')).folderId;
    const b = (await client.createFolder('B')).folderId;
    const [one] = await client.upload(bytesSource('one.txt', Buffer.from('one')), { folderId: a });
    const earlier = (await client.copyFiles([one!.url], b)).urls[0]!.toUrl;
    sandbox.setFaults({ [fault]: 1, lostAnswerEndpoints: ['file/cp.cgi'] });
    const copy = (await client.copyFiles([one!.url], b)).urls[0]!.toUrl;
    const inB = storedNamed(sandbox, 'one.txt').filter((f) => f.folderId === b);
    expect(inB.map((f) => f.url).sort()).toEqual([earlier, copy].sort());
    expect(copy).not.toBe(earlier);
  });
});

describe('a listing whose request started before a change is not used after it', () => {
  const DELAY_MS = 1_000;

  test('createFolder: the reconcile does not share the early listing of the parent (no second mkdir, no #731)', async () => {
    const env = await newEnv({ faults: { listingAnswerDelayMs: DELAY_MS } }, { retry: { maxAttempts: 4 } });
    const { client, sandbox } = env;
    const parent = (await client.createFolder('parent')).folderId;
    const early = client.listFolder(parent);
    await until(() => delayedListings(env) > 0, 'the sandbox read the early listing');
    sandbox.setFaults({ lostAnswers: 1, lostAnswerEndpoints: ['folder/mkdir.cgi'] });
    const made = await client.createFolder('made', parent);
    expect((await early).subFolders).toEqual([]);
    const stored = sandbox.state().folders.filter((f) => f.name === 'made');
    expect(stored).toEqual([expect.objectContaining({ id: made.folderId, parentId: parent })]);
    expect(sandbox.state().counters.mutations['folder/mkdir.cgi']).toBe(2);
  });

  test('the listing cache does not keep the early answer as fresh: a finished upload shows in the next listing', async () => {
    // The upload must end within the delay: the client keeps to the profile's rate, so no flood lock holds it up.
    const env = await newEnv({ faults: { listingAnswerDelayMs: DELAY_MS } }, { limits: limitsKeepingTo() });
    const { client } = env;
    const folder = (await client.createFolder('uploads')).folderId;
    let earlyAnswered = false;
    const early = client.listFiles({ folderId: folder }).finally(() => (earlyAnswered = true));
    await until(() => delayedListings(env) > 0, 'the sandbox read the early listing');
    await client.upload(bytesSource('late.txt', Buffer.from('late')), { folderId: folder });
    // The premise: the upload finished while the early listing's answer was still on its way.
    expect(earlyAnswered).toBe(false);
    expect((await early).items).toEqual([]);
    const next = await client.listFiles({ folderId: folder });
    expect(next.items.map((i) => i.filename)).toEqual(['late.txt']);
  });
});
