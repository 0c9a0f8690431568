/**
 * The console's router: screens are addressed by URL under /console/… (history API), so every screen
 * can be bookmarked, reloaded and shared. Clicks on console links are taken over (no reload); Back and
 * Forward work. A screen whose role the user lacks is never mounted — the user sees "not available"
 * and no operator data is requested (the API refuses such calls anyway).
 */
import type { Role } from '../../shared/api/auth.js';
import { h } from '../common/dom.js';
import { t, type MessageCode } from '../common/i18n.js';
import type { SessionUser } from './auth-api.js';
import { navLink, screenHeading, tx } from './ui.js';

const ROLE_ORDER: readonly Role[] = ['observer', 'operator', 'admin'];

export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLE_ORDER.indexOf(role) >= ROLE_ORDER.indexOf(needed);
}

export interface ScreenContext {
  user: SessionUser;
  /** named parts of the path (":id" → params.id), URI-decoded */
  params: Record<string, string>;
  query: URLSearchParams;
  navigate(path: string, opts?: { replace?: boolean; flash?: MessageCode }): void;
  /** a message left by the screen that navigated here (e.g. "saved") */
  flash: MessageCode | null;
}

/** Mounts a screen into `root`; the returned function (if any) runs when the screen is left. */
export type Mount = (root: HTMLElement, ctx: ScreenContext) => (() => void) | void;

export interface ScreenDef {
  /** e.g. /console/experts/:registryNo */
  path: string;
  access: Role;
  title: MessageCode;
  mount: Mount;
}

interface Compiled {
  def: ScreenDef;
  re: RegExp;
  names: string[];
}

function compile(def: ScreenDef): Compiled {
  const names: string[] = [];
  const source = def.path
    .split('/')
    .map((part) => {
      if (!part.startsWith(':')) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(part.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { def, re: new RegExp(`^${source}/?$`), names };
}

interface HistoryState {
  flash?: MessageCode;
}

export class Router {
  private readonly compiled: Compiled[];
  private cleanup: (() => void) | void = undefined;
  private stopped = false;
  private readonly onPop = () => this.render(true);
  private readonly onClick = (e: MouseEvent) => this.interceptClick(e);

  constructor(
    screens: readonly ScreenDef[],
    private readonly root: HTMLElement,
    private readonly user: SessionUser,
    private readonly home: (user: SessionUser) => string,
    private readonly onRendered: (path: string) => void
  ) {
    this.compiled = screens.map(compile);
  }

  start(): void {
    window.addEventListener('popstate', this.onPop);
    document.addEventListener('click', this.onClick);
    this.render(false);
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener('popstate', this.onPop);
    document.removeEventListener('click', this.onClick);
    if (this.cleanup) this.cleanup();
    this.cleanup = undefined;
    this.root.replaceChildren();
  }

  navigate(path: string, opts: { replace?: boolean; flash?: MessageCode } = {}): void {
    if (this.stopped) return;
    const url = new URL(path, window.location.origin);
    const lang = new URLSearchParams(window.location.search).get('lang');
    if (lang && !url.searchParams.has('lang')) url.searchParams.set('lang', lang);
    const state: HistoryState = opts.flash ? { flash: opts.flash } : {};
    if (opts.replace) window.history.replaceState(state, '', url);
    else window.history.pushState(state, '', url);
    this.render(true);
  }

  private interceptClick(e: MouseEvent): void {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey)
      return;
    const a = (e.target as Element | null)?.closest?.('a');
    if (!a || a.target || a.hasAttribute('download')) return;
    const url = new URL(a.href, window.location.href);
    if (url.origin !== window.location.origin || !/^\/console(\/|$)/.test(url.pathname)) return;
    e.preventDefault();
    this.navigate(url.pathname + url.search);
  }

  private match(pathname: string): { def: ScreenDef; params: Record<string, string> } | null {
    for (const c of this.compiled) {
      const m = c.re.exec(pathname);
      if (!m) continue;
      const params: Record<string, string> = {};
      c.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1]!)));
      return { def: c.def, params };
    }
    return null;
  }

  private render(focus: boolean): void {
    if (this.stopped) return;
    if (this.cleanup) this.cleanup();
    this.cleanup = undefined;
    this.root.replaceChildren();
    let path = window.location.pathname.replace(/\/+$/, '') || '/console';
    if (path === '/console') {
      const home = this.home(this.user);
      window.history.replaceState(window.history.state, '', home + window.location.search);
      path = home;
    }
    const found = this.match(path);
    const state = (window.history.state ?? {}) as HistoryState;
    if (!found) this.message('console.notFound.heading', 'console.notFound.text');
    else if (!roleAtLeast(this.user.role, found.def.access))
      this.message('console.forbidden.heading', 'console.forbidden.text');
    else {
      document.title = `${t(found.def.title)} — Adal Draw`;
      this.cleanup = found.def.mount(this.root, {
        user: this.user,
        params: found.params,
        query: new URLSearchParams(window.location.search),
        navigate: (p, o) => this.navigate(p, o),
        flash: state.flash ?? null,
      });
    }
    this.onRendered(path);
    if (focus) document.getElementById('screen-heading')?.focus();
  }

  private message(heading: MessageCode, text: MessageCode): void {
    document.title = `${t(heading)} — Adal Draw`;
    this.root.append(
      screenHeading(heading),
      tx('p', text, { id: 'screen-message' }),
      h('p', {}, navLink(this.home(this.user), tx('span', 'console.notFound.home')))
    );
  }
}
