/**
 * "Verify in your browser" on a draw's page: downloads the draw's bundle from
 * GET /api/public/draws/:id/bundle (the only help asked of the server), runs shared/verify.ts on it
 * in the page against the trusted key shown (fetched, pinned or pasted: client/verify/verify-options.ts)
 * and lists every check with its result. The same bundle can be saved with the download link and
 * checked again offline on the verify page. The verifier's code is fetched on that click only: the
 * live page's own weight stays small (issue 17).
 */
import { byId } from '../common/dom.js';
import { errorText, t } from '../common/i18n.js';
import { BundleFileError, downloadBundle, parseJsonBytes } from '../verify/read-bundle.js';
import { VerifyOptions } from '../verify/verify-options.js';
import type { VerifyRun } from '../verify/verify-run.js';
import { renderVerifyRun } from '../verify/verify-view.js';

export class VerifyPanel {
  private readonly options: VerifyOptions;
  private readonly button = byId('verify-button', HTMLButtonElement);
  private readonly summary = byId('draw-verify-summary', HTMLParagraphElement);
  private readonly list = byId('draw-checks', HTMLOListElement);
  private run: VerifyRun | null = null;
  private busy = false;
  private error: string | null = null;
  private keyReady: Promise<void>;

  constructor(private readonly drawId: string) {
    this.options = new VerifyOptions(byId('draw-verify-options', HTMLDivElement), 'draw-verify');
    const link = byId('bundle-link', HTMLAnchorElement);
    link.href = `/api/public/draws/${encodeURIComponent(drawId)}/bundle`;
    link.setAttribute('download', `${drawId}.json`);
    this.button.addEventListener('click', () => void this.verify());
    this.keyReady = this.options.load();
  }

  private async verify(): Promise<void> {
    this.busy = true;
    this.run = null;
    this.error = null;
    this.render();
    try {
      const input = parseJsonBytes(await downloadBundle(this.drawId));
      await this.keyReady;
      // Let "verifying…" paint: the checks run synchronously (BLS pairing, every proof).
      await new Promise((resolve) => window.setTimeout(resolve, 30));
      // The verifier (BLS pairing, every proof) is loaded only when a viewer asks to verify.
      const { runVerification } = await import('../verify/verify-run.js');
      this.run = runVerification(input, this.options.get());
    } catch (e) {
      this.error = e instanceof BundleFileError ? e.code : 'VERIFY_READ_FAILED';
    }
    this.busy = false;
    this.render();
  }

  render(): void {
    this.button.disabled = this.busy;
    this.options.render();
    renderVerifyRun(this.list, this.summary, this.run);
    if (this.busy) this.summary.textContent = t('verify.running');
    else if (this.error) this.summary.textContent = errorText(this.error);
  }
}
