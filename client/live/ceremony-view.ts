/**
 * A ceremony on the live page (/draws/:id of a draw with several lots, docs/LIFECYCLE.md
 * §Ceremonies): one broadcast playing lot after lot. The heading names the competition; the state
 * line says which lot plays and its step (ceremony-phase.ts); the stage shows the current lot's
 * heading (its number and direction's name) above the single-draw stage of that lot; the lots panel
 * lists every lot with its commission and reserves as they were played; the timeline gives each lot
 * a heading line before its steps. Witnesses, the beacon and the seed are the ceremony's; the rules,
 * frozen pool, exclusions and fairness panels show one lot at a time — the lot being played, or the
 * one the viewer picks. Everything comes from the live events (ceremony-live.ts), as for one draw.
 */
import { byId, fill, h, show } from '../common/dom.js';
import { currentLang, errorText, t, type MessageCode } from '../common/i18n.js';
import { keepModeParams } from '../common/mode.js';
import type { PublicCeremonyDetail } from '../../shared/api/ceremonies.js';
import type { LiveEvent } from '../../shared/api/events.js';
import { BeaconView } from './beacon-view.js';
import { BroadcastView } from './broadcast-view.js';
import {
  applyCeremonyEvent,
  emptyCeremonyLive,
  lotOfEvent,
  type LotLive,
} from './ceremony-live.js';
import { ceremonyPhase, ceremonyPhaseLine } from './ceremony-phase.js';
import { renderExclusions } from './exclusions-view.js';
import { renderFairness } from './fairness-view.js';
import type { Labels } from './labels.js';
import type { LiveStatus } from './live-socket.js';
import { PoolTable } from './pool-table.js';
import { renderRules } from './rules-view.js';
import { renderStage } from './stage-view.js';
import { StepsView } from './steps-view.js';
import { VerifyPanel } from './verify-panel.js';
import { renderWitnesses } from './witnesses-view.js';
import { fetchCeremony } from './ceremony-api.js';
import { ceremonyEntryText } from './ceremony-event-text.js';

type LotDetail = PublicCeremonyDetail['lots'][number];

export class CeremonyView {
  readonly live;
  error: string | null = null;
  connection: LiveStatus | null = null;
  private caughtUp: number | null = null;
  /** the lot whose rules, pool and fairness are shown: null follows the lot being played */
  private picked: number | null = null;
  private readonly steps: StepsView;
  private readonly pool: PoolTable;
  private readonly beacon: BeaconView;
  private readonly verify: VerifyPanel;
  private readonly broadcast: BroadcastView;

  constructor(
    readonly id: string,
    readonly detail: PublicCeremonyDetail,
    private readonly labels: Labels
  ) {
    this.live = emptyCeremonyLive(id);
    this.steps = new StepsView(labels, {
      modelOf: (e) => lotOfEvent(this.live, e)?.model ?? null,
      textOf: (e) =>
        e.kind === 'lot'
          ? this.lotLine(e.lotId, e.index)
          : ceremonyEntryText(e, (lotId) => this.lotLineOf(lotId)),
    });
    this.pool = new PoolTable(labels);
    this.beacon = new BeaconView(
      () => this.beacon.render(this.live.main),
      async () => (await fetchCeremony(id))?.beaconStatus ?? null
    );
    this.verify = new VerifyPanel(id);
    this.broadcast = new BroadcastView(id, () => this.renderHeader());
    show(byId('ceremony-lots', HTMLElement), true);
    byId('lot-pick', HTMLSelectElement).addEventListener('change', (e) => {
      const v = (e.currentTarget as HTMLSelectElement).value;
      this.picked = v === '' ? null : Number(v);
      this.renderLotPanels();
    });
  }

  private lotDetail(lotId: number): LotDetail | undefined {
    return this.detail.lots.find((l) => l.lotId === lotId);
  }

  /** "Lot 2 of 7: Youth policy" (the direction's name; the lot's title when it has none). */
  lotLine(lotId: number, index: number): string {
    const lang = currentLang();
    const d = this.lotDetail(lotId);
    const name =
      d?.directionName?.[lang] ?? (d ? (lang === 'kk' ? d.titleKk : d.titleRu) : String(lotId));
    return t('live.ceremony.lotHeading', {
      k: index + 1,
      of: this.detail.lots.length || this.live.lots.length,
      name,
    });
  }

  /** A lot's line by its id alone (its broadcast position from the detail). */
  lotLineOf(lotId: number): string {
    const index = this.detail.lots.findIndex((l) => l.lotId === lotId);
    return this.lotLine(lotId, index < 0 ? 0 : index);
  }

  onEvents(events: readonly LiveEvent[], catchUp: boolean): void {
    for (const e of events) applyCeremonyEvent(this.live, e);
    this.steps.append(this.live.main, events, !catchUp);
    this.caughtUp = catchUp && events.length > 1 ? events.length : null;
    this.renderSections();
    this.renderHeader();
  }

  /** The lot the detail panels show: the picked one, else the one being played, else the first. */
  private shownLot(): LotLive | null {
    const c = this.live;
    if (this.picked !== null) return c.lots.find((l) => l.lotId === this.picked) ?? null;
    return c.current ?? c.lots[0] ?? null;
  }

  private renderStageLine(): void {
    const cur = this.live.current;
    const line = byId('stage-lot', HTMLElement);
    show(line, cur !== null);
    line.textContent = cur ? this.lotLine(cur.lotId, cur.index) : '';
    if (cur) renderStage(cur.model, this.labels);
    else show(byId('stage', HTMLElement), false);
  }

  private renderLotList(): void {
    const items = this.live.lots.map((lot) => {
      const m = lot.model;
      const played = m.seed !== null;
      const name = (no: string) => {
        const e = m.pool.find((p) => p.registryNo === no);
        return e ? `${this.labels.expertName(e)} (${no})` : no;
      };
      const state: MessageCode =
        m.state === 'closed'
          ? 'draw.state.closed'
          : m.resultShown
            ? 'live.phase.formed'
            : played
              ? 'live.phase.live'
              : 'live.phase.upcoming';
      return h(
        'li',
        { class: 'ceremony-lot', 'data-lot-id': lot.lotId, id: `lot-${lot.lotId}` },
        h('h3', {}, this.lotLine(lot.lotId, lot.index)),
        h('p', { class: 'note', 'data-lot-state': m.state ?? '' }, t(state)),
        played
          ? h(
              'div',
              { class: 'stage-lists' },
              h(
                'section',
                {},
                h('h4', {}, t('stage.commission')),
                h(
                  'ol',
                  { class: 'seats lot-commission' },
                  ...m.commission.map((no) => h('li', { 'data-registry-no': no }, name(no)))
                )
              ),
              h(
                'section',
                {},
                h('h4', {}, t('stage.reserves')),
                h(
                  'ol',
                  { class: 'seats lot-reserves' },
                  ...m.reserves.map((no) => h('li', { 'data-registry-no': no }, name(no)))
                )
              )
            )
          : null
      );
    });
    fill(byId('ceremony-lot-list', HTMLOListElement), ...items);
    const pick = byId('lot-pick', HTMLSelectElement);
    const keep = pick.value;
    fill(
      pick,
      h('option', { value: '' }, t('live.ceremony.pickCurrent')),
      ...this.live.lots.map((l) =>
        h('option', { value: String(l.lotId) }, this.lotLine(l.lotId, l.index))
      )
    );
    pick.value = keep;
  }

  private renderLotPanels(): void {
    const lot = this.shownLot();
    if (!lot) return;
    const d = this.lotDetail(lot.lotId);
    const info = d
      ? {
          competitionCode: this.detail.competitionCode,
          lot: {
            id: d.lotId,
            titleKk: d.titleKk,
            titleRu: d.titleRu,
            directionCode: d.directionCode,
            competitionCode: this.detail.competitionCode,
            directionName: d.directionName,
            competitionTitleKk: this.detail.competitionTitleKk,
            competitionTitleRu: this.detail.competitionTitleRu,
            applicants: d.applicants,
          },
        }
      : null;
    // the lot's rules with the ceremony's witnesses (a lot's model has none of its own)
    lot.model.witnesses = this.live.main.witnesses;
    renderRules(lot.model, this.labels, info);
    this.pool.render(lot.model, true);
    renderExclusions(lot.model, this.labels, d?.applicants ?? [], d?.excludedNames ?? {});
    renderFairness(lot.model, this.labels);
  }

  private renderSections(): void {
    this.renderStageLine();
    this.renderLotList();
    renderWitnesses(this.live.main);
    this.beacon.render(this.live.main);
    this.renderLotPanels();
  }

  private statusText(): string {
    if (this.error) return errorText(this.error);
    if (this.caughtUp !== null) return t('draw.caughtUp', { n: this.caughtUp });
    return '';
  }

  renderHeader(): void {
    const lang = currentLang();
    const d = this.detail;
    byId('draw-back', HTMLAnchorElement).href = keepModeParams('/', window.location.search);
    const competition =
      (lang === 'kk' ? d.competitionTitleKk : d.competitionTitleRu) ?? d.competitionCode;
    const heading = byId('draw-heading', HTMLHeadingElement);
    heading.textContent = t('live.ceremony.title', { title: competition, n: d.lots.length });
    document.title = t('draw.docTitle', { title: heading.textContent });
    const p = ceremonyPhase(this.live, d.state);
    const stateLine = byId('draw-state', HTMLParagraphElement);
    const [badge, words] = ceremonyPhaseLine(this.live, p);
    fill(stateLine, `${t('draw.stateLabel')}: `, badge, words ? ` ${words}` : '');
    stateLine.dataset['phase'] = p.phase.kind;
    const status = byId('draw-status', HTMLParagraphElement);
    status.textContent = this.statusText();
    status.classList.toggle('caught-up', !this.error && this.caughtUp !== null);
    const over = ['formed', 'closed', 'cancelled'].includes(p.phase.kind);
    const c = this.connection;
    const say = c !== null && !over && (c !== 'live' || p.phase.kind === 'live');
    byId('draw-connection', HTMLParagraphElement).textContent = say
      ? t(`live.connection.${c}` as MessageCode)
      : '';
    // the overlay's "next" follows the lot being played
    this.broadcast.render(this.live.current?.model ?? this.live.main, d, p.phase);
  }

  renderAll(): void {
    this.renderHeader();
    this.steps.renderAll(this.live.main);
    this.renderSections();
    this.verify.render();
  }
}
