/**
 * /console/directions — grant directions: the list with their Kazakh, Russian and English names, a
 * form to add one and a form to rename one (a direction's code never changes: experts and lots refer
 * to it).
 */
import type { Direction } from '../../shared/schemas/registry.js';
import { ApiError } from '../common/api.js';
import { fill, h } from '../common/dom.js';
import { currentLang, t } from '../common/i18n.js';
import { localName } from './labels.js';
import { listDirections } from './api/registry-api.js';
import { createDirection, patchDirection } from './api/lots-api.js';
import type { Mount } from './router.js';
import {
  alertLine,
  busy,
  button,
  failureText,
  part,
  screenHeading,
  showIssues,
  statusLine,
  submitButton,
  textField,
} from './ui.js';
import { row, table } from './ui-table.js';

export const mountDirections: Mount = (root) => {
  let items: Direction[] = [];
  const list = h('div', {});
  const flash = statusLine('directions-flash');
  const code = textField('d-code', 'console.field.code', '', {
    required: true,
    hint: 'console.directions.codeHint',
    attrs: { autocomplete: 'off', autocapitalize: 'none' },
  });
  const nameKk = textField('d-nameKk', 'console.field.nameKk', '', { required: true });
  const nameRu = textField('d-nameRu', 'console.field.nameRu', '', { required: true });
  const nameEn = textField('d-nameEn', 'console.field.nameEn', '', { required: true });
  const fields = { code, nameKk, nameRu, nameEn };
  const alert = alertLine('directions-alert');
  let editing: string | null = null;
  const submit = submitButton('console.directions.add', { id: 'direction-submit' });

  function setEditing(d: Direction | null): void {
    editing = d?.code ?? null;
    code.control.value = d?.code ?? '';
    code.control.readOnly = d !== null;
    nameKk.control.value = d?.nameKk ?? '';
    nameRu.control.value = d?.nameRu ?? '';
    nameEn.control.value = d?.nameEn ?? '';
    submit.dataset['i18n'] = d ? 'console.form.save' : 'console.directions.add';
    submit.textContent = t(d ? 'console.form.save' : 'console.directions.add');
    if (d) nameKk.control.focus();
  }

  function render(): void {
    fill(
      list,
      table(
        'console.directions.caption',
        [
          'console.field.code',
          'console.field.nameKk',
          'console.field.nameRu',
          'console.field.nameEn',
          'console.field.actions',
        ],
        items.map((d) =>
          row(
            h('code', { translate: 'no' }, d.code),
            d.nameKk,
            d.nameRu,
            // the English name as the operator wrote it, in English on purpose
            h('span', { lang: 'en', translate: 'no' }, d.nameEn),
            button('console.form.edit', () => setEditing(d), {
              class: 'button small',
              // named as the reader calls it (the code is an identifier, not a word of theirs)
              'aria-label': `${t('console.form.edit')} ${localName(d, currentLang())}`,
            })
          )
        )
      )
    );
  }

  async function load(): Promise<void> {
    try {
      items = await listDirections();
      render();
    } catch (e) {
      alert.textContent = failureText(e);
    }
  }

  const form = h(
    'form',
    { class: 'stack', novalidate: true, id: 'direction-form' },
    code.wrap,
    h('div', { class: 'three' }, nameKk.wrap, nameRu.wrap, nameEn.wrap),
    alert,
    h(
      'div',
      { class: 'actions' },
      submit,
      button('console.form.clear', () => setEditing(null))
    )
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const body = {
      code: code.control.value.trim(),
      nameKk: nameKk.control.value.trim(),
      nameRu: nameRu.control.value.trim(),
      nameEn: nameEn.control.value.trim(),
    };
    void busy(submit, alert, async () => {
      try {
        if (editing) {
          const { code: _c, ...names } = body;
          await patchDirection(editing, names);
        } else await createDirection(body);
        flash.textContent = t('console.form.saved');
        setEditing(null);
        await load();
      } catch (err) {
        if (
          err instanceof ApiError &&
          showIssues(fields, err.issues).length === 0 &&
          err.issues.length
        )
          alert.textContent = t('console.form.fix');
        else alert.textContent = failureText(err);
      }
    });
  });

  root.append(
    screenHeading('console.directions.heading'),
    flash,
    list,
    part('direction-edit', 'console.directions.formHeading', form)
  );
  void load();
};
