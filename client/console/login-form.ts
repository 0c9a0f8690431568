/**
 * The sign-in form: checks required fields before sending (each error tied to its field with
 * aria-describedby and aria-invalid), shows the server's answer by error code, and maps zod issues
 * from a 400 (path "body.username") back to their fields.
 */
import { ApiError } from '../common/api.js';
import { byId } from '../common/dom.js';
import { errorText, t, type MessageCode } from '../common/i18n.js';
import type { SessionUser } from './auth-api.js';
import { login } from './auth-api.js';

const FIELDS = ['username', 'password'] as const;
type Field = (typeof FIELDS)[number];

interface FormState {
  busy: boolean;
  /** error code for the whole form */
  error: string | null;
  fieldErrors: Partial<Record<Field, MessageCode>>;
}

export interface LoginForm {
  render(): void;
  reset(): void;
}

function input(field: Field): HTMLInputElement {
  return byId(`login-${field}`, HTMLInputElement);
}

export function wireLoginForm(onSignedIn: (user: SessionUser) => void): LoginForm {
  const form = byId('login-form', HTMLFormElement);
  const submit = byId('login-submit', HTMLButtonElement);
  const state: FormState = { busy: false, error: null, fieldErrors: {} };

  function render(): void {
    byId('login-error', HTMLParagraphElement).textContent = state.error
      ? errorText(state.error)
      : '';
    for (const f of FIELDS) {
      const code = state.fieldErrors[f];
      const msg = byId(`login-${f}-error`, HTMLParagraphElement);
      msg.textContent = code ? t(code) : '';
      msg.hidden = !code;
      if (code) input(f).setAttribute('aria-invalid', 'true');
      else input(f).removeAttribute('aria-invalid');
    }
    submit.disabled = state.busy;
    submit.textContent = t(state.busy ? 'console.login.busy' : 'console.login.submit');
  }

  function validate(): boolean {
    state.fieldErrors = {};
    for (const f of FIELDS)
      if (input(f).value.trim() === '') state.fieldErrors[f] = 'console.login.required';
    return Object.keys(state.fieldErrors).length === 0;
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    state.error = null;
    if (!validate()) {
      render();
      input(FIELDS.find((f) => state.fieldErrors[f])!).focus();
      return;
    }
    state.busy = true;
    render();
    login({ username: input('username').value.trim(), password: input('password').value })
      .then((user) => {
        state.busy = false;
        input('password').value = '';
        render();
        onSignedIn(user);
      })
      .catch((err: unknown) => {
        state.busy = false;
        state.error = err instanceof ApiError ? err.code : 'UNKNOWN';
        if (err instanceof ApiError)
          for (const issue of err.issues) {
            const f = FIELDS.find((x) => issue.path === `body.${x}`);
            if (f) state.fieldErrors[f] = 'console.login.required';
          }
        input('password').value = '';
        render();
        input('password').focus();
      });
  });

  return {
    render,
    reset: () => {
      state.busy = false;
      state.error = null;
      state.fieldErrors = {};
      render();
    },
  };
}
