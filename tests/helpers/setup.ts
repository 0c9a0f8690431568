/**
 * Custom matcher: expect(fn).toThrowWithCode(ErrorClass, 'CODE') asserts the error's class and its code
 * (sigstore style), so tests never match on message text.
 */
import { expect } from '@jest/globals';

expect.extend({
  toThrowWithCode(received: () => unknown, cls: new (...a: never[]) => Error, code: string) {
    try {
      received();
    } catch (e) {
      const ok = e instanceof cls && (e as { code?: string }).code === code;
      return {
        pass: ok,
        message: () =>
          `expected ${cls.name} with code ${code}, got ${(e as Error)?.constructor?.name} ${(e as { code?: string }).code}: ${(e as Error).message}`,
      };
    }
    return {
      pass: false,
      message: () => `expected ${cls.name} with code ${code}, nothing was thrown`,
    };
  },
});

declare module 'expect' {
  interface Matchers<R> {
    toThrowWithCode(cls: new (...a: never[]) => Error, code: string): R;
  }
}
