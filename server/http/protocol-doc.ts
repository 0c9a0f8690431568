/**
 * GET /protocol: docs/PROTOCOL.md as a plain HTML page, so each check on the verify pages links to
 * the section that says what it computes (/protocol#seed, …: GitHub's heading ids). The spec is
 * the one text in the repository; this renders the little Markdown it uses (headings, paragraphs,
 * lists, tables, code blocks, `code`, **bold**, links) once, on first request. Everything is
 * HTML-escaped before the few inline forms are turned into tags.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Request, Response, NextFunction } from 'express';

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** GitHub's heading id: lower case, punctuation dropped, spaces to hyphens. */
export function headingSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

function inline(text: string): string {
  return esc(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_w, label: string, href: string) =>
      /^(#|https?:)/.test(href) ? `<a href="${href}">${label}</a>` : label
    );
}

const cells = (row: string) =>
  row
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((c) => inline(c.trim().replace(/\\\|/g, '|')));

/** The HTML body of a Markdown text (the subset docs/PROTOCOL.md is written in). */
export function markdownHtml(md: string): string {
  const out: string[] = [];
  const seen = new Map<string, number>();
  const lines = md.split('\n');
  for (let i = 0; i < lines.length;) {
    const line = lines[i]!;
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (line.startsWith('```')) {
      const body: string[] = [];
      for (i++; i < lines.length && !lines[i]!.startsWith('```'); i++) body.push(lines[i]!);
      i++;
      out.push(`<pre><code>${esc(body.join('\n'))}</code></pre>`);
    } else if (heading) {
      const text = heading[2]!;
      const base = headingSlug(text.replace(/`/g, ''));
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      const id = n === 0 ? base : `${base}-${n}`;
      const level = heading[1]!.length;
      out.push(`<h${level} id="${esc(id)}">${inline(text)}</h${level}>`);
      i++;
    } else if (line.startsWith('|')) {
      const rows: string[] = [];
      for (; i < lines.length && lines[i]!.startsWith('|'); i++) rows.push(lines[i]!);
      const [head, , ...body] = rows;
      out.push(
        '<table><thead><tr>' +
          cells(head!)
            .map((c) => `<th>${c}</th>`)
            .join('') +
          '</tr></thead><tbody>' +
          body
            .map(
              (r) =>
                `<tr>${cells(r)
                  .map((c) => `<td>${c}</td>`)
                  .join('')}</tr>`
            )
            .join('') +
          '</tbody></table>'
      );
    } else if (/^\s*([-*]|\d+\.)\s/.test(line)) {
      const items: string[] = [];
      for (; i < lines.length && lines[i]!.trim() !== '' && !lines[i]!.startsWith('#'); i++) {
        if (/^\s*([-*]|\d+\.)\s/.test(lines[i]!))
          items.push(lines[i]!.replace(/^\s*([-*]|\d+\.)\s/, ''));
        else items[items.length - 1] += ' ' + lines[i]!.trim();
      }
      out.push(`<ul>${items.map((t) => `<li>${inline(t)}</li>`).join('')}</ul>`);
    } else if (line.trim() === '') i++;
    else {
      const para: string[] = [];
      for (; i < lines.length && lines[i]!.trim() !== '' && !/^(#|\||```)/.test(lines[i]!); i++)
        para.push(lines[i]!.trim());
      out.push(`<p>${inline(para.join(' '))}</p>`);
    }
  }
  return out.join('\n');
}

/** The handler of GET /protocol, rendering `<root>/docs/PROTOCOL.md` once. */
export function protocolDocHandler(root: string) {
  let page: Promise<string> | null = null;
  const render = async () => {
    const md = await readFile(join(root, 'docs', 'PROTOCOL.md'), 'utf8');
    return (
      '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
      '<meta name="viewport" content="width=device-width, initial-scale=1">' +
      '<title>Adal Draw protocol</title><link rel="icon" href="data:,"></head>' +
      `<body><main>${markdownHtml(md)}</main></body></html>`
    );
  };
  return (_req: Request, res: Response, next: NextFunction): void => {
    page ??= render();
    page.then(
      (html) => {
        res.setHeader('Cache-Control', 'no-cache');
        res.type('html').send(html);
      },
      (e: unknown) => {
        page = null;
        next(e);
      }
    );
  };
}
