/**
 * The one label catalogue of Adal Draw (shared/i18n/{kk,ru,en}.json), read by the browser pages
 * (client/common/i18n.ts) and by the server's PDF protocol (server/protocol/pdf.ts), so a word is
 * written once for both. Every visible text is a message code; a message is a string with {name}
 * placeholders, or an object of CLDR plural forms (Russian needs one/few/many/other). Pure lookup and
 * interpolation: number formatting and plural choice (Intl) stay with the caller, because nothing
 * here may depend on the runtime's locale data.
 */
import en from './en.json' with { type: 'json' };
import kk from './kk.json' with { type: 'json' };
import ru from './ru.json' with { type: 'json' };
import type { Lang } from './langs.js';
import { interpolate } from './interpolate.js';

// Kept here too for the callers that read a catalogue (the pages import ./interpolate.js alone).
export { interpolate };

/** Every code of the catalogue (the three files have the same codes: tests/client/i18n.test.ts). */
export type MessageCode = keyof typeof en & string;
export type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
export type Message = string | Plural;
export type Params = Record<string, string | number>;

export const CATALOGS: Record<Lang, Record<string, Message>> = { kk, ru, en };

/** The message for `code` in `lang`, or undefined when the catalogue has none. */
export function message(lang: Lang, code: string): Message | undefined {
  return CATALOGS[lang][code];
}

/** The text of `code` in `lang` with its placeholders filled (a plural message gives its `other`). */
export function text(lang: Lang, code: MessageCode, params: Params = {}): string {
  const m = message(lang, code);
  if (m === undefined) return code;
  return interpolate(typeof m === 'string' ? m : m.other, params);
}
