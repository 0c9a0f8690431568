/**
 * Entry of the standalone verify page: a dropped or chosen bundle file is read and hashed in the
 * browser; nothing is uploaded. The step-by-step checks of shared/verify.ts render into #checks.
 */
import { byId, show } from '../common/dom.js';
import { formatBytes, groupHex } from '../common/format.js';
import { currentLang, errorText, onLanguageChange, t } from '../common/i18n.js';
import { initPage } from '../common/page.js';
import { wireDropZone } from './drop-zone.js';
import {
  BundleFileError,
  MAX_BUNDLE_BYTES,
  parseJsonBytes,
  readFileBytes,
  sha256Hex,
} from './read-bundle.js';

interface VerifyState {
  file: { name: string; size: number; sha256Hex?: string; parsed: boolean } | null;
  error: string | null;
}

const state: VerifyState = { file: null, error: null };

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
  byId('checks-note', HTMLParagraphElement).textContent = t(
    file?.parsed ? 'verify.checks.unavailable' : 'verify.checks.pending'
  );
}

async function onFile(file: File): Promise<void> {
  state.file = { name: file.name, size: file.size, parsed: false };
  state.error = null;
  render();
  try {
    const bytes = await readFileBytes(file);
    state.file.sha256Hex = sha256Hex(bytes);
    parseJsonBytes(bytes);
    state.file.parsed = true;
  } catch (e) {
    state.error = e instanceof BundleFileError ? e.code : 'VERIFY_READ_FAILED';
  }
  render();
}

initPage();
onLanguageChange(render);
render();
wireDropZone(byId('drop-zone', HTMLDivElement), byId('bundle-file', HTMLInputElement), (f) => {
  void onFile(f);
});
