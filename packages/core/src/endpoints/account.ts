/** The account endpoint (docs/api-notes.md#account). */
import type { ClientContext } from '../context';
import * as P from '../parse';
import type { AccountInfo, CallOptions } from '../types';

/** user/info.cgi, cached for its budget (once per 5 minutes by default). */
export async function getAccountInfo(c: ClientContext, opts: CallOptions): Promise<AccountInfo> {
  return c.budgets.within(
    'user/info.cgi',
    {},
    { variant: '', accepts: () => true },
    async (sent) => P.parseAccountInfo(await c.call('user/info.cgi', {}, opts.signal, {}, sent)),
    opts.signal,
  );
}
