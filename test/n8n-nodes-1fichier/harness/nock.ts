import nock from 'nock';
import { resetSharedPacers } from '@onefichier/core/internal';

/**
 * nock for one test file: no real network while it runs, no mock and no limiter state carried from one test
 * to the next (listings are cached per account for their 30 s budget), and Node's http un-patched after the
 * file. Jest runs several files in one worker and Node's http is shared between them: a file that left nock
 * in place sent the next files' real requests through its stale interceptor (jest's JEST-01 and
 * MaxListenersExceeded warnings on MockHttpSocket). packages/core/test/node.test.ts does the same.
 */
export function useNock(): void {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    resetSharedPacers();
  });
  afterAll(() => {
    nock.enableNetConnect();
    nock.restore();
  });
}
