/**
 * The console's role-aware navigation: an observer sees only the witness screen; an operator the
 * registry, lots, conflicts and draws; an admin also the accounts. The link of the current section
 * carries aria-current="page".
 */
import type { Role } from '../../shared/api/auth.js';
import { h } from '../common/dom.js';
import type { MessageCode } from '../common/i18n.js';
import type { SessionUser } from './auth-api.js';
import { navLink, tx } from './ui.js';

interface NavItem {
  href: string;
  code: MessageCode;
  /** the roles that see this link */
  roles: readonly Role[];
}

const STAFF: readonly Role[] = ['operator', 'admin'];

export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/console/witness', code: 'console.nav.witness', roles: ['observer'] },
  { href: '/console/draws', code: 'console.nav.draws', roles: STAFF },
  { href: '/console/experts', code: 'console.nav.experts', roles: STAFF },
  { href: '/console/import', code: 'console.nav.import', roles: STAFF },
  { href: '/console/directions', code: 'console.nav.directions', roles: STAFF },
  { href: '/console/lots', code: 'console.nav.lots', roles: STAFF },
  { href: '/console/conflicts', code: 'console.nav.conflicts', roles: STAFF },
  { href: '/console/accounts', code: 'console.nav.accounts', roles: ['admin'] },
];

/** Where a user lands on /console. */
export function homeOf(user: SessionUser): string {
  return user.role === 'observer' ? '/console/witness' : '/console/draws';
}

export function renderNav(list: HTMLUListElement, user: SessionUser): void {
  list.replaceChildren(
    ...NAV_ITEMS.filter((i) => i.roles.includes(user.role)).map((i) =>
      h('li', {}, navLink(i.href, tx('span', i.code)))
    )
  );
}

export function markNav(list: HTMLUListElement, path: string): void {
  for (const a of list.querySelectorAll('a')) {
    const href = a.getAttribute('href') ?? '';
    const here = path === href || path.startsWith(`${href}/`);
    if (here) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}
