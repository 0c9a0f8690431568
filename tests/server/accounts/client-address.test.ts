/**
 * The client address behind trusted proxies (server/accounts/client-address.ts): TRUST_PROXY's
 * entries, the predicate over IPv4, IPv6 and IPv4-mapped peers, and X-Forwarded-For read right to
 * left only while each hop is trusted.
 */
import { describe, expect, it } from '@jest/globals';
import {
  clientAddress,
  isTrustEntry,
  trustProxy,
} from '../../../server/accounts/client-address.js';
import { ConfigEnv } from '../../../server/config.js';

describe('TRUST_PROXY', () => {
  it('does accept addresses, CIDRs and loopback, and refuse anything else', () => {
    for (const ok of ['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8', 'loopback', '0.0.0.0/0'])
      expect([ok, isTrustEntry(ok)]).toEqual([ok, true]);
    for (const bad of ['', 'localhost', '10.0.0.0/33', '::/129', '1.2.3.4/x', '1.2.3.4/8/8', '*'])
      expect([bad, isTrustEntry(bad)]).toEqual([bad, false]);
    expect(ConfigEnv.parse({}).TRUST_PROXY).toEqual([]);
    expect(ConfigEnv.parse({ TRUST_PROXY: ' 10.0.0.1, loopback ' }).TRUST_PROXY).toEqual([
      '10.0.0.1',
      'loopback',
    ]);
    expect(ConfigEnv.safeParse({ TRUST_PROXY: '10.0.0.1,haproxy' }).success).toBe(false);
  });
});

describe('clientAddress', () => {
  const trusts = trustProxy(['loopback', '10.0.0.0/8']);

  it('does trust the named proxies only, IPv4-mapped peers included', () => {
    expect(['127.0.0.1', '::1', '::ffff:127.0.0.1', '10.9.8.7'].map(trusts)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['192.0.2.1', '::ffff:192.0.2.1', '2001:db8::1', 'junk'].map(trusts)).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(trustProxy([])('127.0.0.1')).toBe(false);
  });

  it('does walk X-Forwarded-For from the right while the hop is trusted', () => {
    expect(clientAddress('127.0.0.1', undefined, trusts)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', '203.0.113.5', trusts)).toBe('203.0.113.5');
    expect(clientAddress('::ffff:127.0.0.1', 'evil, 203.0.113.5, 10.0.0.2', trusts)).toBe(
      '203.0.113.5'
    );
    expect(clientAddress('192.0.2.1', '203.0.113.5', trusts)).toBe('192.0.2.1');
    expect(clientAddress('127.0.0.1', ['10.0.0.3', '10.0.0.2'], trusts)).toBe('10.0.0.3');
    expect(clientAddress('127.0.0.1', '203.0.113.5', trustProxy([]))).toBe('127.0.0.1');
  });
});
