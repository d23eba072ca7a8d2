/**
 * Links on 1fichier's other domains: a file uploaded on alterupload.com (or another domain of the table) is
 * valid only there, so the node sends the link to the API on its own domain, never as 1fichier.com (the
 * core's fileUrls.ts).
 */
import nock from 'nock';
import { useNock } from './harness/nock';
import { executeWorkflow, readWorkflow } from './harness';

const API = 'https://api.1fichier.com';
const KEY = 'domains-test-key-3c4d5e6f7a';
const CREDENTIALS = { oneFichierApi: { apiKey: KEY, baseUrl: 'https://api.1fichier.com/v1' } };

useNock();

test.each(['https://alterupload.com/?abcde12345fghij67890', 'https://www.desfichiers.net/?abcde12345fghij67890&af=1'])(
  'Get Link on %s sends the link on its own domain to get_token',
  async (link) => {
    const sent = `https://${new URL(link).hostname.replace(/^www\./, '')}/?abcde12345fghij67890`;
    const scope = nock(API, { reqheaders: { authorization: `Bearer ${KEY}` } })
      .post('/v1/download/get_token.cgi', (body: { url?: string }) => body.url === sent)
      .reply(200, { status: 'OK', url: 'https://a-4.1fichier.com/p1058755667' });
    const wf = readWorkflow('file-get-link.workflow.json');
    const node = wf.nodes.find((n) => n.name === '1fichier')!;
    node.parameters = { ...node.parameters, file: { __rl: true, mode: 'url', value: link }, options: {} };
    const result = await executeWorkflow(wf, CREDENTIALS);
    expect(result.run.data.resultData.error).toBeUndefined();
    expect(scope.pendingMocks()).toEqual([]);
  },
);
