/** Display modes from the address and links that keep them. */
import { describe, expect, test } from '@jest/globals';
import { keepModeParams, modeClasses, parseDisplayMode } from '../../../client/common/mode.js';

describe('parseDisplayMode', () => {
  test('does read embed and overlay flags', () => {
    expect(parseDisplayMode('?embed=1')).toEqual({ embed: true, overlay: false });
    expect(parseDisplayMode('?overlay=true&embed')).toEqual({ embed: true, overlay: true });
    expect(parseDisplayMode('')).toEqual({ embed: false, overlay: false });
  });

  test('when a flag is 0 or anything else, does leave the mode off', () => {
    expect(parseDisplayMode('?embed=0&overlay=yes')).toEqual({ embed: false, overlay: false });
  });
});

describe('modeClasses', () => {
  test('does mark both modes as bare (no page chrome)', () => {
    expect(modeClasses({ embed: true, overlay: false })).toEqual(['mode-bare', 'mode-embed']);
    expect(modeClasses({ embed: false, overlay: true })).toEqual(['mode-bare', 'mode-overlay']);
    expect(modeClasses({ embed: false, overlay: false })).toEqual([]);
  });
});

describe('keepModeParams', () => {
  test('does carry embed, overlay and lang onto a link', () => {
    expect(keepModeParams('/draws/7', '?embed=1&lang=kk&x=2')).toBe('/draws/7?embed=1&lang=kk');
  });

  test('does keep what the link already says and its fragment', () => {
    expect(keepModeParams('/?lang=en#main', '?lang=kk&overlay=1')).toBe('/?lang=en&overlay=1#main');
  });

  test('without mode parameters, does leave the link as it is', () => {
    expect(keepModeParams('/verify', '')).toBe('/verify');
  });
});
