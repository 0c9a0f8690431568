/**
 * Entry of the standalone verify page: a bundle file dropped or chosen (read and hashed in the browser,
 * nothing uploaded — this works with the network gone), a draw's bundle downloaded from this server
 * by its id (`?draw=D-…` in the address does that at once), or a bundle read by its address from this
 * or another server that allows it (`?bundle=<url>`: the link a journalist shares) is verified in the
 * browser by shared/verify.ts against the trusted key shown on the page. The results panel comes
 * first: the verdict in large type with the first difference, every error, the shareable link, and
 * each check with its result.
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
  bundleUrl,
  downloadBundle,
  downloadBundleFrom,
  parseJsonBytes,
  readFileBytes,
  sha256Hex,
} from './read-bundle.js';
import { fetchLogKeyOf } from './trusted-key.js';
import { VerifyOptions } from './verify-options.js';
import { runVerification, type VerifyRun } from './verify-run.js';
import { renderVerdict, renderVerifyRun } from './verify-view.js';

interface VerifyState {
  file: { name: string; size: number; sha256Hex?: string; parsed: boolean } | null;
  /** the parsed bundle JSON, kept to verify again with other options */
  input: { value: unknown } | null;
  run: VerifyRun | null;
  busy: boolean;
  error: string | null;
  /** the address that verifies the same bundle again (`?draw=` or `?bundle=`), null for a file */
  share: string | null;
}

const state: VerifyState = {
  file: null,
  input: null,
  run: null,
  busy: false,
  error: null,
  share: null,
};
/** The trusted key is filled (pinned or fetched) before the first verification runs. */
let keyReady: Promise<void> = Promise.resolve();

function render(): void {
  const { file, error } = state;
  const max = formatBytes(MAX_BUNDLE_BYTES, currentLang());
  byId('verify-error', HTMLParagraphElement).textContent = error ? errorText(error, { max }) : '';
  renderVerdict(byId('verdict', HTMLDivElement), state.busy ? null : state.run, error);
  show(byId('share', HTMLParagraphElement), state.share !== null);
  if (state.share) byId('share-link', HTMLAnchorElement).href = state.share;
  show(byId('file-info', HTMLElement), file !== null);
  if (file) {
    byId('file-name', HTMLElement).textContent = file.name;
    byId('file-size', HTMLElement).textContent = formatBytes(file.size, currentLang());
    byId('file-sha256', HTMLElement).textContent = file.sha256Hex ? groupHex(file.sha256Hex) : '';
    show(byId('file-json', HTMLParagraphElement), file.parsed);
  }
  const note = byId('checks-note', HTMLParagraphElement);
  note.textContent = state.busy ? t('verify.running') : t('verify.checks.pending');
  show(note, state.run === null && error === null);
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

async function load(
  name: string,
  read: () => Promise<Uint8Array>,
  share: string | null = null
): Promise<void> {
  state.share = share;
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
  if (state.error !== null) return;
  await keyReady;
  verify();
}

/** This page's address that verifies the same bundle again. */
function shareLink(param: 'draw' | 'bundle', value: string): string {
  const url = new URL('/verify', window.location.href);
  url.searchParams.set(param, value);
  return url.href;
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
  void load(`${id.data}.json`, () => downloadBundle(id.data), shareLink('draw', id.data));
}

function onUrl(raw: string): void {
  const url = bundleUrl(raw, window.location.href);
  if (!url) {
    state.error = 'VERIFY_URL_INVALID';
    state.share = null;
    render();
    return;
  }
  // Another server's bundle is checked with that server's published key, said so on the page.
  if (url.origin !== window.location.origin)
    keyReady = keyReady
      .then(() => fetchLogKeyOf(url.origin))
      .then((vkey) => options.useKeyOf(url.origin, vkey));
  const name = url.pathname.split('/').filter(Boolean).at(-2) ?? url.hostname;
  void load(`${name}.json`, () => downloadBundleFrom(url), shareLink('bundle', url.href));
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
const urlInput = byId('bundle-url', HTMLInputElement);
byId('url-form', HTMLFormElement).addEventListener('submit', (e) => {
  e.preventDefault();
  onUrl(urlInput.value);
});
byId('verify-again', HTMLButtonElement).addEventListener('click', verify);
keyReady = options.load();
const query = new URLSearchParams(window.location.search);
const drawFromAddress = query.get('draw');
const bundleFromAddress = query.get('bundle');
if (drawFromAddress) {
  drawInput.value = drawFromAddress;
  onDownload(drawFromAddress);
} else if (bundleFromAddress) {
  urlInput.value = bundleFromAddress;
  onUrl(bundleFromAddress);
}
