/**
 * Every file, folder and section the repo's comments and Markdown cite can be opened: paths from the
 * repo's root (shared/errors.ts, with or without .ts/.js/.md, `{a,b}` and `*` included), paths
 * relative to the citing file in code comments and Markdown links, bare file names (found anywhere
 * in the repo), `§Section` after a Markdown file's name (a heading it starts, or that starts it) and
 * `#anchors` (GitHub's heading slugs). Comments come from the TypeScript parser, so string literals
 * and regexes are never read as prose. tests/fixtures/v1 is left out: it is frozen with the code it was
 * made by (tests/fixtures/v1/README.md).
 */
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SKIP_DIRS = new Set(['node_modules', 'dist', 'data', 'coverage', 'test-artifacts', '.git']);
const FROZEN = 'tests/fixtures/v1';
const SCANNED = /\.(ts|js|mjs|md|sql|css|html)$/;

/**
 * Stale references in files other engineers are changing right now, each `file: reference`; the lead
 * fixes them after merging, and then this list is empty again. Nothing else belongs here.
 */
const KNOWN_STALE = new Set<string>([
  'client/common/lang.ts: DOMAIN.md',
  'client/console/screen-draws.ts: DOMAIN.md',
  'client/live/draws-api.ts: docs/LIFECYCLE.md §Public view',
  'server/log/log.routes.ts: ./cached-json.ts',
  'shared/schemas/draw-draft.ts: docs/LIFECYCLE.md §Draft',
  'shared/schemas/draw-spec.ts: DOMAIN.md',
  'shared/verify.ts: client/i18n',
]);

/** Another project's files are cited after its name ("sigstore error.ts"); those are not ours. */
const OTHER_PROJECTS = ['sigstore', 'noble', 'socket.io', 'dockge', 'uptime-kuma', 'trpc'];

const files: string[] = [];
const dirs = new Set<string>(['']);
(function walk(dir: string) {
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = dir ? `${dir}/${e.name}` : e.name;
    if (e.isSymbolicLink() || SKIP_DIRS.has(e.name)) continue;
    if (e.isDirectory()) {
      dirs.add(path);
      walk(path);
    } else files.push(path);
  }
})('');
const fileSet = new Set(files);
const basenames = new Set(files.map((f) => basename(f)));

const exists = (p: string) => fileSet.has(p) || dirs.has(p.replace(/\/$/, ''));

/** The prose of a file: its comments (without their markers, lines joined) or all its Markdown. */
function proseOf(file: string, text: string): string[] {
  if (file.endsWith('.md')) return [text];
  if (/\.(ts|js|mjs)$/.test(file)) {
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
    const found = new Map<number, string>();
    const add = (ranges: ts.CommentRange[] | undefined) => {
      for (const r of ranges ?? []) found.set(r.pos, text.slice(r.pos, r.end));
    };
    const visit = (n: ts.Node) => {
      add(ts.getLeadingCommentRanges(text, n.getFullStart()));
      add(ts.getTrailingCommentRanges(text, n.getEnd()));
      ts.forEachChild(n, visit);
    };
    visit(sf);
    return [...found.values()].map((c) =>
      c
        .replace(/^\/\*+|\*+\/$/g, '')
        .split('\n')
        .map((l) => l.replace(/^\s*(\/\/+|\*(?!\/))?\s?/, ''))
        .join(' ')
    );
  }
  const comments = file.endsWith('.sql')
    ? text.match(/--.*$/gm)
    : file.endsWith('.css')
      ? text.match(/\/\*[\s\S]*?\*\//g)
      : text.match(/<!--[\s\S]*?-->/g);
  return comments ?? [];
}

/** `a/{b,c}.ts` → a/b.ts, a/c.ts (one level, as comments write them). */
function expandBraces(p: string): string[] {
  const m = /\{([^{}]*)\}/.exec(p);
  if (!m) return [p];
  return m[1]!.split(',').flatMap((alt) => expandBraces(p.replace(m[0], alt)));
}

/** `**` any folders, `*` any name within one. */
function globMatches(pattern: string): boolean {
  const source = pattern
    .split('**')
    .map((part) => part.replace(/[.+^$()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
    .join('.*');
  const re = new RegExp(`^${source}$`);
  return files.some((f) => re.test(f)) || [...dirs].some((d) => re.test(d));
}

/** A path from the root or relative to the citing file, as ESM imports and prose spell it. */
function resolves(path: string): boolean {
  return expandBraces(path).every((p) => {
    if (p.includes('*')) return globMatches(p);
    return (
      exists(p) ||
      exists(p.replace(/\.js$/, '.ts')) ||
      ['.ts', '.js', '.md'].some((ext) => exists(p + ext))
    );
  });
}

const headings = new Map<string, string[]>();
function headingsOf(doc: string): string[] {
  let found = headings.get(doc);
  if (!found) {
    found = readFileSync(join(ROOT, doc), 'utf8')
      .split('\n')
      .filter((l) => /^#{1,6} /.test(l))
      .map((l) => l.replace(/^#+ /, '').replace(/[`*_]/g, '').trim());
    headings.set(doc, found);
  }
  return found;
}

/** GitHub's anchors: lower case, punctuation dropped, spaces to '-', repeats numbered -1, -2, … */
function slugsOf(doc: string): Set<string> {
  const seen = new Map<string, number>();
  const slugs = new Set<string>();
  for (const h of headingsOf(doc)) {
    const base = h
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    slugs.add(n === 0 ? base : `${base}-${n}`);
  }
  return slugs;
}

/**
 * A section is cited by the words its heading starts with ("§Actions": "Actions and transitions"),
 * by its heading and more words ("§Checks 1–3": "Checks, in order"), or by one of the topics a heading
 * lists ("§Declines": "Run, declines, close, cancel").
 */
function sectionResolves(doc: string, section: string): boolean {
  const ref = section.toLowerCase();
  const startsWithWord = (s: string, prefix: string) =>
    s.startsWith(prefix) && !/[\p{L}\p{N}]/u.test(s.charAt(prefix.length));
  return headingsOf(doc).some((h) =>
    [h, ...h.split(/,\s*/)].some((name) => {
      const n = name.toLowerCase();
      return startsWithWord(n, ref) || startsWithWord(ref, n);
    })
  );
}

/** The Markdown file a name in `file`'s prose means: beside it, at the root or in docs/. */
function docFor(file: string, name: string): string | undefined {
  if (name.includes('/')) return fileSet.has(name) ? name : undefined;
  return [normalize(join(dirname(file), name)), name, `docs/${name}`].find((d) => fileSet.has(d));
}

const ROOTED =
  /(?<![\w.@/~-])(?:server|shared|auditor|client|db|docs|tests|bench|scripts)\/[\w.*{},/-]*[\w*}/]/g;
const RELATIVE = /(?<![\w.@/~-])\.\.?\/[\w.*{},/-]*[\w*}]/g;
const MD_LINK = /\]\(([^)\s]+)\)/g;
const BARE = /(?<![\w.@/~*-])[A-Za-z][\w.-]*\.(?:ts|js|mjs|sql|md)\b/g;
const SECTIONS = /((?:docs\/)?[\w-]+\.md)((?:,?[ \t]*§[^§,;:()\n]+)+)/g;
/** A Markdown file's name with an anchor, anywhere; a Markdown link to an anchor of its own file. */
const ANCHOR = /(?:([\w./-]*\.md)|\]\()#([\w-]+)/g;

/** Every reference of one file that does not resolve. */
function staleIn(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const stale = new Set<string>();
  const here = dirname(file);
  const proses = proseOf(file, text);
  for (const prose of proses) {
    for (const [path] of prose.matchAll(ROOTED)) if (!resolves(path)) stale.add(path);
    if (!file.endsWith('.md'))
      for (const [path] of prose.matchAll(RELATIVE))
        if (!resolves(normalize(join(here, path)))) stale.add(path);
    for (const m of prose.matchAll(BARE)) {
      const name = m[0];
      const before = prose.slice(0, m.index).replace(/[`'"\s]+$/, '');
      if (OTHER_PROJECTS.some((p) => before.endsWith(p))) continue;
      const found = name.endsWith('.md')
        ? docFor(file, name) !== undefined
        : basenames.has(name) || basenames.has(name.replace(/\.js$/, '.ts'));
      if (!found) stale.add(name);
    }
    for (const m of prose.matchAll(SECTIONS)) {
      const doc = docFor(file, m[1]!);
      if (!doc) continue; // the file name itself is reported above
      for (const s of m[2]!.split('§').slice(1)) {
        const section = s.replace(/[\s.]+$/, '').trim();
        if (!sectionResolves(doc, section)) stale.add(`${m[1]} §${section}`);
      }
    }
  }
  if (file.endsWith('.md')) {
    for (const [, target] of text.matchAll(MD_LINK)) {
      if (/^[a-z]+:/i.test(target!) || target!.startsWith('#')) continue;
      const path = target!.split('#')[0]!;
      if (!resolves(normalize(join(here, path)))) stale.add(target!);
    }
  }
  for (const prose of proses)
    for (const m of prose.matchAll(ANCHOR)) {
      const doc = m[1] ? docFor(file, m[1]) : file.endsWith('.md') ? file : undefined;
      if (doc && !slugsOf(doc).has(m[2]!)) stale.add(m[0]);
    }
  return [...stale].map((r) => `${file}: ${r}`);
}

describe('references in comments and Markdown', () => {
  const scanned = files.filter((f) => SCANNED.test(f) && !f.startsWith(`${FROZEN}/`));
  const stale = scanned.flatMap(staleIn);

  it('does find every cited file, folder and section', () => {
    expect(stale.filter((r) => !KNOWN_STALE.has(r))).toEqual([]);
  });

  it('does list as known-stale only references that are still stale', () => {
    expect([...KNOWN_STALE].filter((r) => !stale.includes(r))).toEqual([]);
  });

  it('does read code, Markdown and SQL, and leaves the frozen fixtures alone', () => {
    expect(scanned.length).toBeGreaterThan(300);
    for (const f of ['server/app.ts', 'docs/PROTOCOL.md', 'db/migrations/0001-init.sql'])
      expect([f, scanned.includes(f)]).toEqual([f, true]);
    const frozen = (f: string) => f.startsWith(`${FROZEN}/`);
    expect([files.some(frozen), scanned.some(frozen)]).toEqual([true, false]);
  });
});
