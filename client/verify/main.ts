/**
 * Entry of the standalone verify page: a bundle file dropped or chosen (read and hashed in the browser,
 * nothing uploaded — this works with the network gone) or a draw's bundle downloaded from this server
 * by its id (`?draw=D-…` in the address does that at once) is verified in the browser by
 * shared/verify.ts against the trusted key shown on the page, and each check is listed with its result.
 */
import { byId, show } from '../common/dom.js';
import { formatBytes, groupHex } from '../common/format.js';
import { currentLang, errorText, onLanguageChange, t } from '../common/i18n.js';
import { initPage } from '../common/page.js';
import { DrawId } from '../../shared/schemas/draw-events.js';
import { wireDropZone } from './drop-zone.js';
import {
  BundleFileError,
  MAX_BUNDLE_BYTES,
  downloadBundle,
  parseJsonBytes,
  readFileBytes,
  sha256Hex,
} from './read-bundle.js';
import { VerifyOptions } from './verify-options.js';
import { runVerification, type VerifyRun } from './verify-run.js';
import { renderVerifyRun } from './verify-view.js';

interface VerifyState {
  file: { name: string; size: number; sha256Hex?: string; parsed: boolean } | null;
  /** the parsed bundle JSON, kept to verify again with other options */
  input: { value: unknown } | null;
  run: VerifyRun | null;
  busy: boolean;
  error: string | null;
}

const state: VerifyState = { file: null, input: null, run: null, busy: false, error: null };
/** The trusted key is filled (pinned or fetched) before the first verification runs. */
let keyReady: Promise<void> = Promise.resolve();

function render(): void {
  const { file, error } = state;
  const max = formatBytes(MAX_BUNDLE_BYTES, currentLang());
  byId('verify-error', HTMLParagraphElement).textContent = error ? errorText(error, { max }) : '';
  show(byId('file-info', HTMLElement), file !== null);
  if (file) {
    byId('file-name', HTMLElement).textContent = file.name;
    byId('file-size', HTMLElement).textContent = formatBytes(file.size, currentLang());
    byId('file-sha256', HTMLElement).textContent = file.sha256Hex ? groupHex(file.sha256Hex) : '';
    show(byId('file-json', HTMLParagraphElement), file.parsed);
  }
  const note = byId('checks-note', HTMLParagraphElement);
  note.textContent = state.busy ? t('verify.running') : t('verify.checks.pending');
  show(note, state.run === null);
  byId('verify-again', HTMLButtonElement).disabled = state.input === null || state.busy;
  renderVerifyRun(
    byId('checks', HTMLOListElement),
    byId('verify-summary', HTMLParagraphElement),
    state.run
  );
  options.render();
}

/** Verifies the held bundle after the page has painted "verifying…" (the checks run synchronously). */
function verify(): void {
  if (!state.input) return;
  state.busy = true;
  state.run = null;
  render();
  window.setTimeout(() => {
    state.run = runVerification(state.input!.value, options.get());
    state.busy = false;
    render();
  }, 30);
}

async function load(name: string, read: () => Promise<Uint8Array>): Promise<void> {
  state.file = { name, size: 0, parsed: false };
  state.input = null;
  state.run = null;
  state.error = null;
  render();
  try {
    const bytes = await read();
    state.file.size = bytes.length;
    state.file.sha256Hex = sha256Hex(bytes);
    state.input = { value: parseJsonBytes(bytes) };
    state.file.parsed = true;
  } catch (e) {
    state.error = e instanceof BundleFileError ? e.code : 'VERIFY_READ_FAILED';
  }
  render();
  await keyReady;
  verify();
}

function onFile(file: File): void {
  void load(file.name, () => readFileBytes(file));
}

function onDownload(raw: string): void {
  const id = DrawId.safeParse(raw.trim());
  if (!id.success) {
    state.error = 'VERIFY_DRAW_ID_INVALID';
    render();
    return;
  }
  void load(`${id.data}.json`, () => downloadBundle(id.data));
}

initPage();
const options = new VerifyOptions(byId('verify-options', HTMLDivElement), 'verify');
onLanguageChange(render);
render();
wireDropZone(byId('drop-zone', HTMLDivElement), byId('bundle-file', HTMLInputElement), onFile);
const drawInput = byId('download-draw-id', HTMLInputElement);
byId('download-form', HTMLFormElement).addEventListener('submit', (e) => {
  e.preventDefault();
  onDownload(drawInput.value);
});
byId('verify-again', HTMLButtonElement).addEventListener('click', verify);
keyReady = options.load();
const fromAddress = new URLSearchParams(window.location.search).get('draw');
if (fromAddress) {
  drawInput.value = fromAddress;
  onDownload(fromAddress);
}
