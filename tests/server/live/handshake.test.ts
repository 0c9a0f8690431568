/**
 * The operator handshake's Origin rule (the operator socket tests cover it over real connections
 * without PUBLIC_URL; here the configured public origin and malformed values).
 */
import { describe, expect, it } from '@jest/globals';
import { originAllowed } from '../../../server/live/handshake.js';

const h = (origin: string | undefined, host = '127.0.0.1:3000') => ({ cookie: 'x', origin, host });

describe('originAllowed', () => {
  it('does accept no Origin (not a browser) and our own host', () => {
    expect(originAllowed(h(undefined), undefined)).toBe(true);
    expect(originAllowed(h('http://127.0.0.1:3000'), undefined)).toBe(true);
  });

  it('does accept the configured public origin behind a proxy, and nothing else', () => {
    const pub = 'https://draw.example.kz/live';
    expect(originAllowed(h('https://draw.example.kz', 'internal:3000'), pub)).toBe(true);
    expect(originAllowed(h('http://draw.example.kz', 'internal:3000'), pub)).toBe(false);
    expect(originAllowed(h('https://draw.example.kz.evil.example', 'internal:3000'), pub)).toBe(
      false
    );
  });

  it('does refuse another site, another port and malformed values', () => {
    expect(originAllowed(h('https://evil.example'), undefined)).toBe(false);
    expect(originAllowed(h('http://127.0.0.1:3001'), undefined)).toBe(false);
    expect(originAllowed(h('null'), undefined)).toBe(false);
    const noHost = { cookie: 'x', origin: 'http://127.0.0.1:3000', host: undefined };
    expect(originAllowed(noHost, undefined)).toBe(false);
  });
});
