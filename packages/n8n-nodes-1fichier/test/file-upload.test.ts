import nock from 'nock';
import { whirlpoolHex } from '@onefichier/core';
import { comparable, executeWorkflow, expected, readWorkflow } from './harness';

const API = 'https://api.1fichier.com';
const CREDENTIALS = { oneFichierApi: { apiKey: 'test-key-0123456789', baseUrl: 'https://api.1fichier.com/v1' } };

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

test('upload streams the binary into the folder given by path, with password and description', async () => {
	const wf = readWorkflow('file-upload.workflow.json');
	const whirlpool = await whirlpoolHex(new TextEncoder().encode('hello world'));
	let uploadBody = '';
	const api = nock(API, { reqheaders: { authorization: 'Bearer test-key-0123456789' } })
		.post('/v1/folder/ls.cgi', { folder_id: 0 })
		.reply(200, { status: 'OK', folder_id: 0, name: 'Root', size: null, files: 0, sub_folders: [{ id: 42, name: 'Reports', create_date: '2026-01-01 10:00:00', pass: 0 }] })
		.get('/v1/upload/get_upload_server.cgi')
		.reply(200, { url: 'up1.1fichier.com', id: 'Up1oad1d00' })
		.post('/v1/file/chattr.cgi', (body) => body.urls?.[0] === 'https://1fichier.com/?abcde12345fghij67890' && body.description === 'Monthly report')
		.reply(200, { status: 'OK', updated: 1, urls: ['https://1fichier.com/?abcde12345fghij67890'] });
	const node = nock('https://up1.1fichier.com', { reqheaders: { authorization: 'Bearer test-key-0123456789' } })
		.post('/upload.cgi?id=Up1oad1d00', (body: string) => {
			uploadBody = body;
			return true;
		})
		.reply(302, '', { Location: '/end.pl?xid=Up1oad1d00' })
		.get('/end.pl?xid=Up1oad1d00')
		.matchHeader('json', '1')
		.reply(200, { incoming: 0, links: [{ download: 'https://1fichier.com/?abcde12345fghij67890', filename: 'report.txt', remove: '', size: '11', whirlpool }] });

	const result = await executeWorkflow(wf, CREDENTIALS);

	expect(result.run.data.resultData.error).toBeUndefined();
	const want = JSON.parse(JSON.stringify(expected(wf, '1fichier')).replace('__WHIRLPOOL__', whirlpool));
	expect(comparable(result.output('1fichier'))).toEqual(want);
	expect(uploadBody).toContain('name="did"');
	expect(uploadBody).toContain('42');
	expect(uploadBody).toContain('filename="report.txt"');
	expect(uploadBody).toContain('hello world');
	expect(uploadBody).toContain('secret-pass');
	expect(api.isDone()).toBe(true);
	expect(node.isDone()).toBe(true);
	expect(result.serialized).not.toContain('test-key-0123456789');
});
