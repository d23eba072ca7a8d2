/** Which failures stop a folder job (packages/core/src/sync/execute.ts stopsTheRun): sync and folder download. */
import { OneFichierError } from '../src';
import { errorFromMessage } from '../src/internal';
import { stopsTheRun } from '../src/sync/execute';

test("get_token's data-centre refusal stops a folder job: every next file's get_token would be refused too", () => {
  const refusal = errorFromMessage(
    'download/get_token.cgi',
    200,
    'Premium status not allowed from professional equipment, must have CDN #736',
    [],
  );
  expect(refusal.kind).toBe('cdn_required');
  expect(stopsTheRun(refusal)).toBe(true);
});

test('a failure of one file does not stop it', () => {
  expect(stopsTheRun(new OneFichierError({ kind: 'not_found', message: 'File not found #707' }))).toBe(false);
  expect(stopsTheRun(new OneFichierError({ kind: 'integrity', message: 'Whirlpool differs' }))).toBe(false);
});
