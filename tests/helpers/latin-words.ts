/**
 * The Latin-word scan of issue 17: a Kazakh or Russian reader must never meet an English word or an
 * internal code in what a page, the PDF or the CLI shows. latinWords(text) lists the words written in
 * Latin letters only, leaving out what is not language: proper names (ALLOWED_NAMES), registry and
 * draw numbers (R-0001, D-2026-0001), hex and base64 (hashes, seeds, keys, signatures), stable error codes quoted for
 * reference (RESULT_MISMATCH), addresses, key names and file names (they hold / . + : or @), command
 * flags (--key) and units. pageText(page) is the text a viewer sees: visible text nodes and the
 * aria-label / title / placeholder / alt of visible elements, except inside translate="no" (an
 * identifier shown as it is, the HTML way to say "do not translate"). Not a test file.
 */
import type { Page } from 'playwright-core';

/** Proper names and abbreviations that stay Latin in Kazakh and Russian text. */
export const ALLOWED_NAMES = new Set([
  'Adal',
  'Draw',
  'adal',
  'drand',
  'quicknet',
  'BLS',
  'SHA-256',
  'SHA',
  'RFC',
  'JSON',
  'CSV',
  'PDF',
  'QR',
  'URL',
  'HTTP',
  'HTTPS',
  'http',
  'https',
  'UTC',
  'ID',
  'Ed25519',
  'C2SP',
  // products and abbreviations the console names for operators (issue 17, the console scan)
  'Excel',
  'BOM',
  // a configuration setting, named as the operator sets it (WITNESSES, README §Configuration)
  'WITNESSES',
  // the language switcher names each language in itself
  'English',
  // language codes of --lang
  'kk',
  'ru',
  'en',
]);

const UNITS = new Set(['B', 'KB', 'MB', 'GB', 'kB', 'ms', 's', 'px']);

const CODE_LIKE = [
  /^[A-Z]{1,3}-\d[\d-]*$/, // R-0001, D-2026-0001, KZ-62 is a code too (a region's ISO code)
  /^[A-Z]{2}-\d+$/,
  /^[0-9a-f]{8,}$/i, // hashes, seeds, key ids (grouped hex is split by spaces: each group ≥ 8)
  /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/, // stable error codes shown for reference
  /[/.+:@]/, // addresses, key names, domains, file names
  /^--[a-z-]+$/, // command flags
  /^\d/, // numbers with a unit or an ordinal suffix
  /^v\d+$/, // a method's version in its name (Adal v1)
  /^(?=.*\d)(?=.*[a-z])(?=.*[A-Z])[A-Za-z0-9+/=]{12,}$/, // base64: signatures and keys (wrapped too)
];

/** Names of more than one word, left out before the text is split into words. */
export const ALLOWED_PHRASES = ['League of Entropy', 'Web Crypto'];

/** The Latin-only words of `text` that are no name, code, hash, address or unit. */
export function latinWords(text: string): string[] {
  const found = new Set<string>();
  const rest = ALLOWED_PHRASES.reduce((s, name) => s.replaceAll(name, ' '), text);
  for (const raw of rest.split(/\s+/)) {
    // trim the punctuation around a word (quotes, brackets, commas, a final period)
    const word = raw.replace(/^[^\p{L}\p{N}-]+|[^\p{L}\p{N}]+$/gu, '');
    if (word === '' || !/[A-Za-z]/.test(word) || /\p{Script=Cyrillic}/u.test(word)) continue;
    if (ALLOWED_NAMES.has(word) || UNITS.has(word)) continue;
    if (CODE_LIKE.some((re) => re.test(word))) continue;
    found.add(word);
  }
  return [...found].sort();
}

/** The text a viewer of `page` sees (and hears from labels), identifiers marked translate="no" left out. */
export function pageText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const out: string[] = [document.title];
    const skip = (el: Element | null) =>
      !el || el.closest('[translate="no"], script, style') !== null || !el.checkVisibility();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode())
      if (!skip(n.parentElement)) out.push(n.textContent ?? '');
    for (const el of document.body.querySelectorAll('[aria-label], [title], [placeholder], [alt]'))
      if (!skip(el))
        for (const a of ['aria-label', 'title', 'placeholder', 'alt'])
          out.push(el.getAttribute(a) ?? '');
    return out.join(' ');
  });
}
