/**
 * /console/accounts (admin) — accounts: create one with a role (admin, operator, observer — witnesses
 * are observer accounts), change a role, disable or enable, and reset a password (its sessions end).
 * Accounts are never deleted. The server keeps the last active admin (409 LAST_ADMIN).
 */
import { Role, type Account } from '../../shared/api/auth.js';
import { fill, h } from '../common/dom.js';
import { onLanguageChange, t, type MessageCode } from '../common/i18n.js';
import {
  changeRole,
  createAccount,
  listAccounts,
  resetPassword,
  setDisabled,
} from './api/accounts-api.js';
import type { Mount } from './router.js';
import {
  alertLine,
  busy,
  button,
  failureText,
  part,
  screenHeading,
  selectField,
  formFailureText,
  statusLine,
  submitButton,
  textField,
  tx,
} from './ui.js';
import { row, table } from './ui-table.js';

const roleOptions = () => Role.options.map((r) => ({ value: r, code: `role.${r}` as MessageCode }));

export const mountAccounts: Mount = (root, ctx) => {
  let accounts: Account[] = [];
  const flash = statusLine('accounts-flash');
  const alert = alertLine('accounts-alert');
  const listBox = h('div', {});

  function act(e: Event, fn: () => Promise<Account>, message: MessageCode): void {
    void busy(e.currentTarget as HTMLButtonElement, alert, async () => {
      const a = await fn();
      flash.textContent = t(message, { user: a.username });
      await load();
    });
  }

  function accountRow(a: Account): HTMLTableRowElement {
    const role = selectField(`role-${a.id}`, 'console.field.role', roleOptions(), a.role);
    role.wrap.classList.add('compact');
    const password = textField(`pw-${a.id}`, 'console.accounts.newPassword', '', {
      type: 'password',
      attrs: { autocomplete: 'new-password', minlength: 10 },
    });
    password.wrap.classList.add('compact');
    const self = a.id === ctx.user.id;
    return row(
      h('span', {}, h('strong', {}, a.username), h('br'), a.displayName),
      h(
        'div',
        { class: 'inline-form' },
        role.wrap,
        button(
          'console.accounts.applyRole',
          (e) =>
            act(
              e,
              () => changeRole(a.id, role.control.value as Role),
              'console.accounts.roleChanged'
            ),
          {
            class: 'button small',
            'aria-label': `${t('console.accounts.applyRole')} ${a.username}`,
          }
        )
      ),
      tx('span', a.disabled ? 'console.accounts.disabled' : 'console.accounts.active', {
        class: `badge ${a.disabled ? 'status-suspended' : 'status-active'}`,
      }),
      h(
        'div',
        { class: 'inline-form' },
        password.wrap,
        button(
          'console.accounts.reset',
          (e) => {
            const value = password.control.value;
            if (value.length < 10) {
              password.setError(t('console.accounts.passwordShort'));
              return;
            }
            password.setError(null);
            act(e, () => resetPassword(a.id, value), 'console.accounts.passwordReset');
          },
          { class: 'button small', 'aria-label': `${t('console.accounts.reset')} ${a.username}` }
        )
      ),
      self
        ? ''
        : button(
            a.disabled ? 'console.accounts.enable' : 'console.accounts.disable',
            (e) =>
              act(
                e,
                () => setDisabled(a.id, !a.disabled),
                a.disabled ? 'console.accounts.enabled' : 'console.accounts.disabledDone'
              ),
            {
              class: `button small${a.disabled ? '' : ' danger'}`,
              'aria-label': `${t(a.disabled ? 'console.accounts.enable' : 'console.accounts.disable')} ${a.username}`,
            }
          )
    );
  }

  function render(): void {
    fill(
      listBox,
      table(
        'console.accounts.caption',
        [
          'console.field.account',
          'console.field.role',
          'console.field.state',
          'console.accounts.password',
          'console.field.actions',
        ],
        accounts.map(accountRow)
      )
    );
  }

  async function load(): Promise<void> {
    try {
      accounts = (await listAccounts()).accounts;
      render();
    } catch (e) {
      alert.textContent = failureText(e);
    }
  }

  const username = textField('a-username', 'console.login.username', '', {
    required: true,
    hint: 'console.accounts.usernameHint',
    attrs: { autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false' },
  });
  const displayName = textField('a-displayName', 'console.field.displayName', '', {
    required: true,
    hint: 'console.accounts.displayNameHint',
  });
  const role = selectField('a-role', 'console.field.role', roleOptions(), 'observer');
  const password = textField('a-password', 'console.login.password', '', {
    type: 'password',
    required: true,
    hint: 'console.accounts.passwordHint',
    attrs: { autocomplete: 'new-password', minlength: 10 },
  });
  const formAlert = alertLine('account-alert');
  const submit = submitButton('console.accounts.create', { id: 'account-submit' });
  const form = h(
    'form',
    { class: 'stack', novalidate: true, id: 'account-form' },
    h('div', { class: 'two' }, username.wrap, displayName.wrap),
    h('div', { class: 'two' }, role.wrap, password.wrap),
    formAlert,
    submit
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void busy(submit, formAlert, async () => {
      try {
        const a = await createAccount({
          username: username.control.value.trim(),
          displayName: displayName.control.value.trim(),
          role: role.control.value as Role,
          password: password.control.value,
        });
        form.reset();
        flash.textContent = t('console.accounts.created', { user: a.username });
        await load();
      } catch (err) {
        password.control.value = '';
        const fields = { username, displayName, role, password };
        formAlert.textContent = formFailureText(fields, err);
      }
    });
  });

  root.append(
    screenHeading('console.accounts.heading'),
    flash,
    alert,
    part('account-new', 'console.accounts.formHeading', form),
    part('accounts-list', 'console.accounts.listHeading', listBox)
  );
  void load();
  return onLanguageChange(render) as () => void;
};
