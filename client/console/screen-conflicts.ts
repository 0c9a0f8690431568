/**
 * /console/conflicts — conflicts of interest as data: declarations linking an expert to an
 * organization (BIN) with a kind, a period and a source (self-declared or found by the operator), a
 * form to record one, ending one (declarations are never deleted: validTo is set), and the
 * configurable kinds with their look-back.
 */
import type { ConflictKind, Declaration } from '../../shared/schemas/conflicts.js';
import { fill, h } from '../common/dom.js';
import { currentLang, onLanguageChange, t, type MessageCode } from '../common/i18n.js';
import {
  createDeclaration,
  listConflictKinds,
  listDeclarations,
  patchDeclaration,
} from './api/conflicts-api.js';
import { conflictKindForm } from './conflict-kind-form.js';
import { kindLabel } from './labels.js';
import { binProblem } from './rows-editor.js';
import type { Mount } from './router.js';
import {
  alertLine,
  busy,
  button,
  failureText,
  navLink,
  part,
  screenHeading,
  selectField,
  formFailureText,
  statusLine,
  submitButton,
  textArea,
  textField,
  tx,
} from './ui.js';
import { row, table } from './ui-table.js';

/** Today in Kazakhstan (UTC+5), as the server dates registry changes. */
function todayKz(): string {
  return new Date(Date.now() + 5 * 3600_000).toISOString().slice(0, 10);
}

export const mountConflicts: Mount = (root, ctx) => {
  let kinds: ConflictKind[] = [];
  let declarations: Declaration[] = [];
  const flash = statusLine('conflicts-flash');
  const alert = alertLine('conflicts-alert');
  const listBox = h('div', { id: 'declarations' });
  const kindsBox = h('div', {});

  const registryNo = textField(
    'c-registryNo',
    'console.field.registryNo',
    ctx.query.get('expert') ?? '',
    {
      required: true,
    }
  );
  const bin = textField('c-bin', 'console.field.bin', ctx.query.get('bin') ?? '', {
    required: true,
    attrs: { inputmode: 'numeric', maxlength: 12 },
  });
  const kind = selectField('c-kind', 'console.field.kind', [], '', { required: true });
  const validFrom = textField('c-validFrom', 'console.field.validFrom', todayKz(), {
    type: 'date',
    required: true,
  });
  const validTo = textField('c-validTo', 'console.field.validTo', '', {
    type: 'date',
    hint: 'console.conflicts.validToHint',
  });
  const source = selectField(
    'c-source',
    'console.field.source',
    ['self', 'operator'].map((s) => ({ value: s, code: `console.source.${s}` as MessageCode })),
    'self'
  );
  const note = textArea('c-note', 'console.field.note');
  const fields = { registryNo, bin, kind, validFrom, validTo, source, note };

  function render(): void {
    const lang = currentLang();
    const byCode = new Map(kinds.map((k) => [k.code, k]));
    const keep = kind.control.value;
    fill(
      kind.control,
      ...kinds.map((k) => h('option', { value: k.code }, kindLabel(k, k.code, lang)))
    );
    if (keep) kind.control.value = keep;
    fill(
      listBox,
      declarations.length === 0
        ? tx('p', 'console.conflicts.none', { class: 'empty' })
        : table(
            'console.conflicts.caption',
            [
              'console.field.registryNo',
              'console.field.bin',
              'console.field.kind',
              'console.field.period',
              'console.field.source',
              'console.field.actions',
            ],
            declarations.map((d) =>
              row(
                navLink(`/console/experts/${encodeURIComponent(d.registryNo)}`, d.registryNo),
                h('span', { class: 'mono' }, d.bin),
                kindLabel(byCode.get(d.kind), d.kind, lang),
                `${d.validFrom} — ${d.validTo ?? t('console.conflicts.inForce')}`,
                t(`console.source.${d.source}` as MessageCode),
                d.validTo
                  ? ''
                  : button('console.conflicts.end', (e) => end(d, e), {
                      class: 'button small',
                      'aria-label': `${t('console.conflicts.end')} #${d.id}`,
                    })
              )
            )
          )
    );
    fill(
      kindsBox,
      table(
        'console.conflicts.kinds',
        ['console.field.code', 'console.field.label', 'console.field.lookback'],
        kinds.map((k) =>
          row(
            h('code', { translate: 'no' }, k.code),
            kindLabel(k, k.code, lang),
            String(k.lookbackMonths)
          )
        )
      )
    );
  }

  function end(d: Declaration, e: Event): void {
    void busy(e.currentTarget as HTMLButtonElement, alert, async () => {
      await patchDeclaration(d.id, { validTo: todayKz() });
      flash.textContent = t('console.conflicts.ended');
      await load();
    });
  }

  async function load(): Promise<void> {
    try {
      [kinds, declarations] = await Promise.all([listConflictKinds(), listDeclarations()]);
      render();
    } catch (e) {
      alert.textContent = failureText(e);
    }
  }

  const submit = submitButton('console.conflicts.add', { id: 'declaration-submit' });
  const formAlert = alertLine('declaration-alert');
  const form = h(
    'form',
    { class: 'stack', novalidate: true, id: 'declaration-form' },
    h('div', { class: 'two' }, registryNo.wrap, bin.wrap),
    h('div', { class: 'two' }, kind.wrap, source.wrap),
    h('div', { class: 'two' }, validFrom.wrap, validTo.wrap),
    note.wrap,
    formAlert,
    submit
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const b = bin.control.value.trim();
    const problem = binProblem(b);
    bin.setError(problem ? t(problem) : null);
    const no = registryNo.control.value.trim();
    registryNo.setError(no ? null : t('console.form.required'));
    if (problem || !no) {
      formAlert.textContent = t('console.form.fix');
      return;
    }
    const body = {
      registryNo: no,
      bin: b,
      kind: kind.control.value,
      validFrom: validFrom.control.value,
      source: source.control.value as 'self' | 'operator',
      ...(validTo.control.value ? { validTo: validTo.control.value } : {}),
      ...(note.control.value.trim() ? { note: note.control.value.trim() } : {}),
    };
    void busy(submit, formAlert, async () => {
      try {
        await createDeclaration(body);
        note.control.value = '';
        flash.textContent = t('console.conflicts.added', { no: body.registryNo });
        await load();
      } catch (err) {
        formAlert.textContent = formFailureText(fields, err);
      }
    });
  });

  root.append(
    screenHeading('console.conflicts.heading'),
    flash,
    alert,
    part('declaration-new', 'console.conflicts.formHeading', form),
    part('declarations-part', 'console.conflicts.listHeading', listBox),
    part(
      'kinds-part',
      'console.conflicts.kinds',
      kindsBox,
      tx('h4', 'console.conflicts.addKind'),
      conflictKindForm(async (k) => {
        flash.textContent = t('console.conflicts.kindAdded', { code: k.code });
        await load();
      })
    )
  );
  void load();
  return onLanguageChange(render) as () => void;
};
