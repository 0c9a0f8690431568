/**
 * The verification options shown beside every "verify" button: the trusted log key (fetched from
 * the server, pinned in this browser, or pasted by the viewer — always shown, with where it came from
 * and a note on pinning), whether to also trust the key written in the bundle, and whether to
 * re-simulate the fairness report. Built with h() into a container; static text carries data-i18n so
 * a language switch translates it, the key's origin line is rendered again by render().
 */
import { h } from '../common/dom.js';
import { t, type MessageCode } from '../common/i18n.js';
import {
  fetchKnownWitnesses,
  fetchLogKey,
  initialKey,
  pinKey,
  pinnedKey,
  type KeyOrigin,
} from './trusted-key.js';
import type { VerifyRunOptions } from './verify-run.js';

function text<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  code: MessageCode,
  attrs: Record<string, string> = {}
): HTMLElementTagNameMap[K] {
  return h(tag, { ...attrs, 'data-i18n': code }, t(code));
}

export class VerifyOptions {
  private readonly key: HTMLTextAreaElement;
  private readonly origin: HTMLParagraphElement;
  private readonly trustBundle: HTMLInputElement;
  private readonly fairness: HTMLInputElement;
  private readonly witnesses: HTMLTextAreaElement;
  private readonly threshold: HTMLInputElement;
  private known: string[] = [];
  private keyOrigin: KeyOrigin = 'none';
  /** the other server a bundle and its key were read from ('bundle-server') */
  private keyServer = '';

  constructor(container: HTMLElement, prefix: string) {
    const keyId = `${prefix}-key`;
    this.key = h('textarea', {
      id: keyId,
      class: 'hex key-input',
      rows: 2,
      spellcheck: 'false',
      autocomplete: 'off',
      'aria-describedby': `${keyId}-origin ${keyId}-note`,
    });
    this.key.addEventListener('input', () => {
      this.keyOrigin = 'pasted';
      this.render();
    });
    this.origin = h('p', { id: `${keyId}-origin`, class: 'key-origin' });
    this.trustBundle = h('input', { type: 'checkbox', id: `${prefix}-trust-bundle` });
    this.fairness = h('input', { type: 'checkbox', id: `${prefix}-fairness` });
    this.witnesses = h('textarea', {
      id: `${prefix}-witnesses`,
      class: 'hex key-input',
      rows: 2,
      spellcheck: 'false',
      autocomplete: 'off',
      'aria-describedby': `${prefix}-witnesses-note`,
    });
    this.threshold = h('input', {
      id: `${prefix}-witness-threshold`,
      type: 'number',
      min: '1',
      step: '1',
      inputmode: 'numeric',
    });
    const pin = text('button', 'verify.key.pin', { type: 'button', class: 'button' });
    pin.addEventListener('click', () => {
      const v = this.key.value.trim();
      if (v !== '' && pinKey(v)) {
        this.keyOrigin = 'pinned';
        this.render();
      }
    });
    container.replaceChildren(
      h(
        'div',
        { class: 'field' },
        text('label', 'verify.key.label', { for: keyId }),
        this.key,
        this.origin,
        text('p', 'verify.key.note', { id: `${keyId}-note`, class: 'note' }),
        h('p', {}, pin)
      ),
      h(
        'p',
        { class: 'check-option' },
        this.trustBundle,
        ' ',
        text('label', 'verify.option.trustBundle', { for: this.trustBundle.id })
      ),
      h(
        'p',
        { class: 'check-option' },
        this.fairness,
        ' ',
        text('label', 'verify.option.fairness', { for: this.fairness.id })
      ),
      h(
        'div',
        { class: 'field' },
        text('label', 'verify.witnesses.label', { for: this.witnesses.id }),
        this.witnesses,
        text('p', 'verify.witnesses.note', { id: `${prefix}-witnesses-note`, class: 'note' }),
        text('label', 'verify.witnesses.threshold', { for: this.threshold.id }),
        ' ',
        this.threshold
      )
    );
    this.render();
  }

  /** Fills the key from the pinned one or the server's (no network is fine: the viewer can paste). */
  async load(): Promise<void> {
    void fetchKnownWitnesses().then(
      (keys) => (this.known = keys),
      () => undefined
    );
    let server: string | null = null;
    try {
      server = await fetchLogKey();
    } catch {
      server = null;
    }
    // the viewer typed, or another server's key came first, while we fetched
    if (this.keyOrigin === 'pasted' || this.keyOrigin === 'bundle-server') return;
    const { key, origin } = initialKey(pinnedKey(), server);
    this.key.value = key;
    this.keyOrigin = origin;
    this.render();
  }

  /**
   * A bundle read from another server is checked with that server's published key — unless the
   * viewer pinned or typed one, which always wins. Said so on the page, as for this server's key.
   */
  useKeyOf(server: string, vkey: string | null): void {
    if (vkey === null || ['pinned', 'pinned-differs', 'pasted'].includes(this.keyOrigin)) return;
    this.key.value = vkey;
    this.keyOrigin = 'bundle-server';
    this.keyServer = server;
    this.render();
  }

  render(): void {
    this.origin.textContent = t(`verify.key.origin.${this.keyOrigin}` as MessageCode, {
      server: this.keyServer,
    });
    this.origin.className = `key-origin${this.keyOrigin === 'pinned-differs' ? ' warning' : ''}`;
  }

  get(): VerifyRunOptions {
    const key = this.key.value.trim();
    const threshold = this.threshold.value.trim();
    return {
      keys: key === '' ? [] : [key],
      trustBundleKey: this.trustBundle.checked,
      checkFairness: this.fairness.checked,
      witnessKeys: this.witnesses.value
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== ''),
      // not a whole number: NaN, which the verifier refuses (VERIFY_WITNESS_THRESHOLD_INVALID)
      witnessThreshold:
        threshold === '' ? null : /^[0-9]+$/.test(threshold) ? Number(threshold) : NaN,
      knownWitnesses: this.known,
    };
  }
}
