/**
 * The single-draw view of the live page (/draws/:id): the heading and state, then the ceremony as the
 * live events arrive — stage, timeline, rules, witnesses, entropy and seed, pool with exclusions,
 * fairness — and "verify in your browser". It holds the ceremony model (ceremony-model.ts) and tells
 * each section to render; the lot's title and applicants come from the public detail, everything
 * about the ceremony from the event sequence, so what a viewer sees is exactly what was played.
 */
import { byId, fill } from '../common/dom.js';
import { currentLang, errorText, t, type MessageCode } from '../common/i18n.js';
import { keepModeParams } from '../common/mode.js';
import type { PublicDrawDetail } from '../../shared/api/draws.js';
import type { AckError, LiveEvent } from '../../shared/api/events.js';
import { ackErrorText } from '../../shared/i18n/ack-text.js';
import { BeaconView } from './beacon-view.js';
import { applyLiveEvent, emptyCeremony, type CeremonyModel } from './ceremony-model.js';
import { drawTitle } from './draws-api.js';
import { renderExclusions } from './exclusions-view.js';
import { renderFairness } from './fairness-view.js';
import type { Labels } from './labels.js';
import type { LiveStatus } from './live-socket.js';
import { PoolTable } from './pool-table.js';
import { renderRules } from './rules-view.js';
import { renderStage } from './stage-view.js';
import { StepsView } from './steps-view.js';
import { fetchDraw } from './draws-api.js';
import { VerifyPanel } from './verify-panel.js';
import { renderWitnesses } from './witnesses-view.js';
import { renderAttempts } from './attempts-view.js';
import { BroadcastView } from './broadcast-view.js';
import { phaseLine, phaseOf } from './phase.js';

/** Entry types whose arrival changes the pool, exclusions or fairness sections. */
const ANNOUNCED = 'draw.announced';

export class DrawView {
  readonly model: CeremonyModel;
  /** undefined while loading, null when there is no such draw */
  detail: PublicDrawDetail | null | undefined = undefined;
  error: string | null = null;
  /** the server's answer when it refused the subscription: told from its codes and values */
  refusal: AckError | null = null;
  connection: LiveStatus | null = null;
  private caughtUp: number | null = null;
  private readonly steps: StepsView;
  private readonly pool: PoolTable;
  private readonly beacon: BeaconView;
  private readonly verify: VerifyPanel;
  private readonly broadcast: BroadcastView;

  constructor(
    readonly id: string,
    private readonly labels: Labels
  ) {
    this.model = emptyCeremony(id);
    this.steps = new StepsView(labels);
    this.pool = new PoolTable(labels);
    this.beacon = new BeaconView(
      () => this.beacon.render(this.model),
      async () => (await fetchDraw(id))?.beaconStatus ?? null
    );
    this.verify = new VerifyPanel(id);
    this.broadcast = new BroadcastView(id, () => this.renderHeader());
  }

  /** Applies events already in seq order (live-socket.ts) and renders what they change. */
  onEvents(events: readonly LiveEvent[], catchUp: boolean): void {
    for (const e of events) applyLiveEvent(this.model, e);
    this.steps.append(this.model, events, !catchUp);
    this.caughtUp = catchUp && events.length > 1 ? events.length : null;
    const announced = events.some((e) => e.kind === 'entry' && e.entry.type === ANNOUNCED);
    this.renderSections(announced);
    this.renderHeader();
  }

  private renderSections(all: boolean): void {
    const m = this.model;
    renderStage(m, this.labels);
    renderRules(m, this.labels, this.detail ?? null);
    renderWitnesses(m);
    this.beacon.render(m);
    this.pool.render(m);
    if (all) {
      renderExclusions(
        m,
        this.labels,
        this.detail?.lot.applicants ?? [],
        this.detail?.excludedNames ?? {}
      );
      renderFairness(m, this.labels);
    }
  }

  private statusText(): string {
    if (this.refusal) return ackErrorText(t, this.refusal);
    if (this.error) return errorText(this.error);
    if (this.detail === undefined) return t('live.loading');
    if (this.detail === null) return t('draw.notFound');
    if (this.caughtUp !== null) return t('draw.caughtUp', { n: this.caughtUp });
    return '';
  }

  renderHeader(): void {
    const heading = byId('draw-heading', HTMLHeadingElement);
    const d = this.detail;
    byId('draw-back', HTMLAnchorElement).href = keepModeParams('/', window.location.search);
    heading.textContent = d ? drawTitle(d, currentLang()) : `#${this.id}`;
    document.title = t('draw.docTitle', { title: heading.textContent });
    const state = this.model.state ?? d?.state;
    const stateLine = byId('draw-state', HTMLParagraphElement);
    const phase = phaseOf(this.model, d?.state);
    if (state) {
      const [badge, words] = phaseLine(this.model, phase);
      fill(stateLine, `${t('draw.stateLabel')}: `, badge, words ? ` ${words}` : '');
    } else fill(stateLine);
    stateLine.dataset['phase'] = phase.kind;
    const status = byId('draw-status', HTMLParagraphElement);
    status.textContent = this.statusText();
    // "caught up" is for screen-reader users joining late; the overlay does not show it
    status.classList.toggle('caught-up', !this.error && this.caughtUp !== null);
    // "Live: new steps appear" only while steps play; trouble with the connection is said until the
    // draw is over (then nothing more will arrive and "live" would only mislead).
    const over = phase.kind === 'formed' || phase.kind === 'closed' || phase.kind === 'cancelled';
    const c = this.connection;
    const say = c !== null && !over && (c !== 'live' || phase.kind === 'live');
    byId('draw-connection', HTMLParagraphElement).textContent = say
      ? t(`live.connection.${c}` as MessageCode)
      : '';
    this.broadcast.render(this.model, d ?? null, phase);
  }

  /** Everything again (a language switch, the detail arriving). */
  renderAll(): void {
    this.renderHeader();
    renderAttempts(this.detail ?? null, this.id);
    this.steps.renderAll(this.model);
    this.renderSections(true);
    this.pool.render(this.model, true);
    this.verify.render();
  }
}
