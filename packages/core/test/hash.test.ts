import { whirlpoolHex } from '../src';
import { accountIdOf, createWhirlpoolHasher } from '../src/internal';

describe('Whirlpool', () => {
  test('known vectors (ISO/NESSIE)', async () => {
    expect(await whirlpoolHex('')).toBe(
      '19fa61d75522a4669b44e39c1d2e1726c530232130d407f89afee0964997f7a73e83be698b288febcf88e3e03c4f0757ea8964e59b63d93708b138cc42a66eb3',
    );
    expect(await whirlpoolHex('abc')).toBe(
      '4e2448a4c6f486bb16b6562c73b4020bf3043e3a731bce721ae1b303d97e6d4c7181eebdb6c57e277d0e34957114cbd6c797fc9d95d8b582d225292076d4eef5',
    );
    expect(await whirlpoolHex('The quick brown fox jumps over the lazy dog')).toBe(
      'b97de512e91e3828b40d2b0fdce9ceb3c4a71f9bea8d88e75c4fa854df36725fd2b52eb6544edcacd6f8beddfea403cb55ae31f03ad62a5ef54e42ee82c3fb35',
    );
  });

  test('incremental hashing over chunks equals the one-shot hash', async () => {
    const data = new Uint8Array(100_003).map((_, i) => (i * 31) & 0xff);
    const h = await createWhirlpoolHasher();
    for (let i = 0; i < data.length; i += 4096) h.update(data.subarray(i, i + 4096));
    expect(h.digest()).toBe(await whirlpoolHex(data));
  });

  test('account ids are stable, distinct and do not contain the key', () => {
    const key = 'AbCdEf0123456789SecretKey';
    expect(accountIdOf(key)).toBe(accountIdOf(key));
    expect(accountIdOf(key)).not.toBe(accountIdOf(`${key}x`));
    expect(accountIdOf(key)).not.toContain(key);
    expect(accountIdOf(key)).not.toContain('SecretKey');
  });
});
