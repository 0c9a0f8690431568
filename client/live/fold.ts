/**
 * Long lists folded behind their count (issue 17: on a phone the unfolded pool and fairness tables made
 * the page ~30,000 px tall). Each fold is a <details> whose summary names how many rows it holds; its
 * search box filters the rows by their text, and typing in it opens the fold.
 */
import { byId } from '../common/dom.js';

/** Hides the items of `container` matching `selector` that `query` does not find; returns how many show. */
export function filterItems(container: HTMLElement, selector: string, query: string): number {
  const q = query.trim().toLocaleLowerCase();
  let shown = 0;
  for (const el of container.querySelectorAll<HTMLElement>(selector)) {
    // the row's text, and its expert's registry number (a fairness row shows only the pool number)
    const text = `${el.textContent ?? ''} ${el.dataset['registryNo'] ?? ''}`.toLocaleLowerCase();
    const match = q === '' || text.includes(q);
    el.hidden = !match;
    if (match) shown += 1;
  }
  return shown;
}

/** Opens the fold `foldId` whenever its search `inputId` holds text, then calls `apply`. */
export function wireFoldSearch(foldId: string, inputId: string, apply: () => void): void {
  const fold = byId(foldId, HTMLDetailsElement);
  const input = byId(inputId, HTMLInputElement);
  input.addEventListener('input', () => {
    if (input.value.trim() !== '') fold.open = true;
    apply();
  });
}

/** The summary of a fold: "Show all 73" while folded, "Hide the list" while open (texts kept per fold). */
export function labelFold(foldId: string, folded: string, open: string): void {
  const fold = byId(foldId, HTMLDetailsElement);
  fold.dataset['folded'] = folded;
  fold.dataset['open'] = open;
  const label = () => {
    const summary = fold.querySelector('summary');
    if (summary)
      summary.textContent = (fold.open ? fold.dataset['open'] : fold.dataset['folded']) ?? '';
  };
  label();
  if (fold.dataset['wired'] !== '1') {
    fold.dataset['wired'] = '1';
    fold.addEventListener('toggle', label);
  }
}
