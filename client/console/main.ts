/**
 * Entry of the operator console (/console and /console/*): asks the server who is signed in, then
 * shows the sign-in form or the console — the role-aware navigation and the screen the address names
 * (router.ts, screens.ts). Signing out stops the router and returns to the form at the same address,
 * so signing in again lands on the same screen.
 */
import { ApiError } from '../common/api.js';
import { byId, show } from '../common/dom.js';
import { errorText, onLanguageChange, t, type MessageCode } from '../common/i18n.js';
import { initPage } from '../common/page.js';
import { currentUser, logout, type SessionUser } from './auth-api.js';
import { wireLoginForm } from './login-form.js';
import { homeOf, markNav, renderNav } from './nav.js';
import { Router } from './router.js';
import { SCREENS } from './screens.js';

interface ConsoleState {
  /** undefined while the session is being checked */
  user: SessionUser | null | undefined;
  /** status message code */
  note: MessageCode | null;
  error: string | null;
}

const state: ConsoleState = { user: undefined, note: 'console.checking', error: null };
let router: Router | null = null;
const navList = byId('console-nav-list', HTMLUListElement);

const loginForm = wireLoginForm((user) => {
  state.user = user;
  state.note = null;
  render();
  startConsole(user, true);
});

function startConsole(user: SessionUser, focus: boolean): void {
  router?.stop();
  renderNav(navList, user);
  router = new Router(SCREENS, byId('screen', HTMLDivElement), user, homeOf, (path) =>
    markNav(navList, path)
  );
  router.start();
  if (focus) byId('screen-heading', HTMLElement).focus();
}

function render(): void {
  const { user } = state;
  const status = byId('console-status', HTMLParagraphElement);
  status.textContent = state.error ? errorText(state.error) : state.note ? t(state.note) : '';
  show(byId('login-view', HTMLElement), user === null);
  show(byId('session-view', HTMLElement), !!user);
  byId('session-user', HTMLParagraphElement).textContent = user
    ? t('console.session.user', {
        name: user.displayName,
        role: t(`role.${user.role}` as MessageCode),
      })
    : '';
  loginForm.render();
}

byId('logout', HTMLButtonElement).addEventListener('click', () => {
  logout()
    .then(() => {
      router?.stop();
      router = null;
      navList.replaceChildren();
      state.user = null;
      state.note = 'console.loggedOut';
      state.error = null;
      loginForm.reset();
      render();
      byId('login-username', HTMLInputElement).focus();
    })
    .catch((e: unknown) => {
      state.error = e instanceof ApiError ? e.code : 'UNKNOWN';
      render();
    });
});

initPage();
onLanguageChange(render);
render();
currentUser()
  .then((user) => {
    state.user = user;
    state.note = null;
  })
  .catch((e: unknown) => {
    state.user = null;
    state.note = null;
    state.error = e instanceof ApiError ? e.code : 'UNKNOWN';
  })
  .finally(() => {
    render();
    if (state.user) startConsole(state.user, false);
  });
