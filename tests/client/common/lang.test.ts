/** Choosing the UI language: address, remembered choice, browser preference, Russian fallback. */
import { describe, expect, test } from '@jest/globals';
import { chooseLanguage, detectLanguage, isLang } from '../../../client/common/lang.js';

describe('detectLanguage', () => {
  test('does take the first supported primary subtag of the browser preferences', () => {
    expect(detectLanguage(['kk-KZ', 'ru-RU', 'en'], null)).toBe('kk');
    expect(detectLanguage(['de-DE', 'EN-us', 'ru'], null)).toBe('en');
    expect(detectLanguage(['RU'], null)).toBe('ru');
  });

  test('does prefer a remembered choice over the browser', () => {
    expect(detectLanguage(['kk-KZ'], 'en')).toBe('en');
  });

  test('when the remembered value is not a language, does ignore it', () => {
    expect(detectLanguage(['kk'], 'de')).toBe('kk');
    expect(detectLanguage(['kk'], '')).toBe('kk');
  });

  test('when nothing matches, does fall back to Russian', () => {
    expect(detectLanguage(['de-DE', 'fr'], null)).toBe('ru');
    expect(detectLanguage([], null)).toBe('ru');
  });
});

describe('chooseLanguage', () => {
  test('does let ?lang= in the address win over everything', () => {
    expect(chooseLanguage('?overlay=1&lang=kk', ['en'], 'ru')).toBe('kk');
  });

  test('when ?lang= is not a UI language, does use the remembered choice and browser', () => {
    expect(chooseLanguage('?lang=xx', ['en'], 'ru')).toBe('ru');
    expect(chooseLanguage('?lang=', ['en'], null)).toBe('en');
  });
});

describe('isLang', () => {
  test('does accept exactly kk, ru and en', () => {
    expect(['kk', 'ru', 'en', 'KK', 'kz', 'ru-RU', 1, null].map(isLang)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
