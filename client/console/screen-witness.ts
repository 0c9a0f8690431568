/**
 * /console/witness — the witness's screen (observer accounts): the draws this account is invited to
 * witness, each with its step of commit–reveal (witness-card.ts). The secret is generated here with
 * Web Crypto and kept only in this page's memory and the witness's own file; the server receives the
 * commitment first and the secret only at the reveal, after the witness checked it here against the
 * commitment. Invitations are re-read every few seconds, so the reveal window shows up by itself.
 */
import type { WitnessInvitation } from '../../shared/api/draws.js';
import { fill } from '../common/dom.js';
import { onLanguageChange, t } from '../common/i18n.js';
import * as api from './api/draws-api.js';
import { publicDrawOrCeremony } from './api/ceremony-api.js';
import type { Mount } from './router.js';
import { alertLine, busy, failureText, screenHeading, tx } from './ui.js';
import { witnessCard, type CardState } from './witness-card.js';
import {
  downloadText,
  newSecret,
  opens,
  secretFileName,
  secretFileText,
  secretFrom,
} from './witness-secret.js';

const POLL_MS = 3000;

export const mountWitness: Mount = (root) => {
  let invitations: WitnessInvitation[] | null = null;
  const cards = new Map<string, CardState>();
  const alert = alertLine('witness-alert');
  const list = tx('div', 'console.loading', { id: 'invitations' });
  let left = false;
  let lastSeen = '';

  const stateOf = (drawId: string): CardState => {
    let s = cards.get(drawId);
    if (!s) cards.set(drawId, (s = {}));
    return s;
  };

  function render(): void {
    if (!invitations) return;
    list.removeAttribute('data-i18n');
    if (invitations.length === 0) {
      fill(list, tx('p', 'witness.none', { class: 'empty' }));
      return;
    }
    fill(list, ...invitations.map((inv) => witnessCard(inv, stateOf(inv.drawId), actionsFor(inv))));
  }

  function say(inv: WitnessInvitation, message?: string, error?: string): void {
    const s = stateOf(inv.drawId);
    s.message = message;
    s.error = error;
    render();
  }

  function actionsFor(inv: WitnessInvitation) {
    const s = stateOf(inv.drawId);
    return {
      generate: () => {
        s.made = newSecret();
        s.saved = false;
        say(inv, t('witness.generated'));
        document.getElementById(`secret-${inv.drawId}`)?.focus();
      },
      download: () => {
        if (!s.made) return;
        downloadText(
          secretFileName(inv.drawId, inv.witnessId),
          secretFileText({ drawId: inv.drawId, witnessId: inv.witnessId, ...s.made })
        );
        say(inv, t('witness.downloaded'));
      },
      copy: () => {
        if (!s.made) return;
        navigator.clipboard
          .writeText(s.made.secret)
          .then(() => say(inv, t('witness.copied')))
          .catch(() => say(inv, undefined, t('witness.copyFailed')));
      },
      markSaved: (saved: boolean) => {
        s.saved = saved;
        render();
        document.getElementById(`saved-${inv.drawId}`)?.focus();
      },
      commit: (btn: HTMLButtonElement) => {
        const made = s.made;
        if (!made || !s.saved) return;
        const errorBox = document.getElementById(`card-error-${inv.drawId}`) ?? alert;
        void busy(btn, errorBox, async () => {
          replace(await api.commit(inv.drawId, made.commitment));
          say(inv, t('witness.commitSent'));
        });
      },
      revealInput: (text: string) => {
        s.revealText = text;
      },
      loadFile: (file: File) => {
        void file.text().then((text) => {
          s.revealText = text;
          say(inv, t('witness.fileLoaded', { name: file.name }));
        });
      },
      reveal: (btn: HTMLButtonElement) => {
        const secret = secretFrom(s.revealText ?? '');
        if (!secret) return say(inv, undefined, t('witness.notASecret'));
        if (!inv.commitment || !opens(secret, inv.commitment))
          return say(inv, undefined, t('witness.wrongSecret'));
        const errorBox = document.getElementById(`card-error-${inv.drawId}`) ?? alert;
        void busy(btn, errorBox, async () => {
          replace(await api.reveal(inv.drawId, secret));
          s.revealText = '';
          s.publicDraw = await publicDrawOrCeremony(inv.drawId);
          say(inv, t('witness.revealSent'));
        });
      },
    };
  }

  function replace(next: WitnessInvitation): void {
    if (!invitations) return;
    invitations = invitations.map((i) => (i.drawId === next.drawId ? next : i));
    render();
  }

  async function load(): Promise<void> {
    try {
      const next = await api.invitations();
      for (const inv of next) {
        const s = stateOf(inv.drawId);
        if (inv.revealed && !s.publicDraw?.seedInput)
          s.publicDraw = await publicDrawOrCeremony(inv.drawId);
      }
      const seen = JSON.stringify([
        next,
        next.map((i) => cards.get(i.drawId)?.publicDraw?.seed ?? null),
      ]);
      if (left || seen === lastSeen) return;
      lastSeen = seen;
      invitations = next;
      alert.textContent = '';
      // Re-render only when something changed: a card may hold text the witness is typing.
      render();
    } catch (e) {
      alert.textContent = failureText(e);
    }
  }

  root.append(
    screenHeading('witness.heading'),
    tx('p', 'witness.intro', { class: 'lead' }),
    alert,
    list
  );
  void load();
  const timer = window.setInterval(() => void load(), POLL_MS);
  const off = onLanguageChange(render);
  return () => {
    left = true;
    window.clearInterval(timer);
    off();
  };
};
