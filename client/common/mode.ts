/**
 * Display modes chosen by query parameters: `?embed=1` (an iframe on another site: no header or footer)
 * and `?overlay=1` (a streaming program's browser source: transparent page, large type, no chrome).
 * Pure: the caller passes location.search.
 */
export interface DisplayMode {
  embed: boolean;
  overlay: boolean;
}

function flag(params: URLSearchParams, name: string): boolean {
  const v = params.get(name);
  return v === '1' || v === 'true' || v === '';
}

export function parseDisplayMode(search: string): DisplayMode {
  const params = new URLSearchParams(search);
  return { embed: flag(params, 'embed'), overlay: flag(params, 'overlay') };
}

/** The classes put on <html>; styles/modes.css keys off them. */
export function modeClasses(mode: DisplayMode): string[] {
  const out: string[] = [];
  if (mode.embed || mode.overlay) out.push('mode-bare');
  if (mode.embed) out.push('mode-embed');
  if (mode.overlay) out.push('mode-overlay');
  return out;
}

export const OVERLAY_LAYOUTS = ['full', 'lower', 'side'] as const;
export type OverlayLayout = (typeof OVERLAY_LAYOUTS)[number];

/** The overlay's layout (?layout=full|lower|side): the whole frame, a lower third, a side panel. */
export function overlayLayout(search: string): OverlayLayout {
  const v = new URLSearchParams(search).get('layout');
  return OVERLAY_LAYOUTS.find((l) => l === v) ?? 'full';
}

/** `href` with the page's display and language parameters kept, so navigation stays in the mode. */
export function keepModeParams(href: string, search: string): string {
  const from = new URLSearchParams(search);
  const url = new URL(href, 'http://x');
  for (const name of ['embed', 'overlay', 'layout', 'lang']) {
    const v = from.get(name);
    if (v !== null && !url.searchParams.has(name)) url.searchParams.set(name, v);
  }
  return url.pathname + url.search + url.hash;
}
