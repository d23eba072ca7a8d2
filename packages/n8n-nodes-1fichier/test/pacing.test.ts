/**
 * The core's limiter paces every item of an execution on one account: calls for many items are spread out
 * (at most one start per 500 ms by default) instead of being fired at once into the service's flood lock.
 * This checks the spacing of request starts (a lower bound), not the speed of anything.
 */
import nock from 'nock';
import { resetSharedLimiters } from '@onefichier/core';
import { executeWorkflow, readWorkflow } from './harness';

const CREDENTIALS = { oneFichierApi: { apiKey: 'pacing-key-0f1e2d3c4b', baseUrl: 'https://api.1fichier.com/v1' } };

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
	nock.cleanAll();
	resetSharedLimiters();
});
afterAll(() => nock.enableNetConnect());

test('three items of one execution reach the API at least 500 ms apart', async () => {
	const starts: number[] = [];
	nock('https://api.1fichier.com')
		.post('/v1/file/info.cgi')
		.times(3)
		.reply(200, (_uri, body: { url: string }) => {
			starts.push(Date.now());
			return { url: body.url, filename: 'x.txt', size: 1, date: '2026-01-01 10:00:00', pass: 0, acl: 0, cdn: 0 };
		});
	const result = await executeWorkflow(readWorkflow('pacing.workflow.json'), CREDENTIALS);
	expect(result.run.data.resultData.error).toBeUndefined();
	expect(result.output('1fichier')).toHaveLength(3);
	expect(starts).toHaveLength(3);
	for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(480);
});
