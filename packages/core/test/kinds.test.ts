/** The list of error kinds the front ends' hint tables are checked against. */
import { ERROR_KINDS, OneFichierError } from '../src';

test('ERROR_KINDS lists every kind once, each with a default hint', () => {
  expect(new Set(ERROR_KINDS).size).toBe(ERROR_KINDS.length);
  expect(ERROR_KINDS).toEqual(expect.arrayContaining(['auth', 'not_found', 'invalid_name', 'rate_limited', 'api']));
  for (const kind of ERROR_KINDS) expect(new OneFichierError({ kind, message: 'x' }).hint).not.toBe('');
});
