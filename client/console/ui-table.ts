/**
 * Data tables of the console: a caption and column headers by message code, rows built by the
 * caller, in a box that scrolls sideways on a phone (a named, focusable region, so keyboard users
 * can scroll it too).
 */
import { h, type Attrs, type Child } from '../common/dom.js';
import type { MessageCode } from '../common/i18n.js';
import { tx } from './ui.js';

let tableSerial = 0;

/**
 * A table with a caption and column headers by message code; rows are built by the caller. Its box
 * scrolls sideways on a phone, so the box is a named, focusable region (keyboard users can scroll it).
 */
export function table(
  caption: MessageCode,
  columns: MessageCode[],
  rows: HTMLTableRowElement[],
  attrs: Attrs = {}
): HTMLDivElement {
  const captionId = `table-caption-${++tableSerial}`;
  return h(
    'div',
    { class: 'table-wrap', role: 'region', tabindex: 0, 'aria-labelledby': captionId, ...attrs },
    h(
      'table',
      { class: 'data' },
      tx('caption', caption, { id: captionId }),
      h('thead', {}, h('tr', {}, ...columns.map((c) => tx('th', c, { scope: 'col' })))),
      h('tbody', {}, ...rows)
    )
  );
}

export function row(...cells: Child[]): HTMLTableRowElement {
  return h('tr', {}, ...cells.map((c) => h('td', {}, c)));
}
