/**
 * What every page does first: pick and apply the language, wire the language switcher (buttons with
 * data-lang in the header), and mark the current navigation link. Page modules call initPage() and
 * then render their own content, re-rendering dynamic parts from onLanguageChange().
 */
import { initI18n, setLanguage, onLanguageChange } from './i18n.js';
import { isLang, type Lang } from './lang.js';

function syncSwitcher(lang: Lang): void {
  for (const b of document.querySelectorAll<HTMLButtonElement>('button[data-lang]'))
    b.setAttribute('aria-pressed', String(b.dataset['lang'] === lang));
}

function markCurrentNav(): void {
  const path = window.location.pathname;
  for (const a of document.querySelectorAll<HTMLAnchorElement>('nav.site-nav a')) {
    const href = a.getAttribute('href') ?? '';
    const here = href === '/' ? path === '/' || path.startsWith('/draws/') : path.startsWith(href);
    if (here) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

export function initPage(): Lang {
  onLanguageChange(syncSwitcher);
  for (const b of document.querySelectorAll<HTMLButtonElement>('button[data-lang]')) {
    b.addEventListener('click', () => {
      const lang = b.dataset['lang'];
      if (isLang(lang)) setLanguage(lang);
    });
  }
  markCurrentNav();
  return initI18n();
}
