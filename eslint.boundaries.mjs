// The import directions of the layout (docs/ARCHITECTURE.md), as one ESLint rule: every relative
// import is resolved to a path in the repository and checked against the table below, so a reader
// learns the rules here and the linter keeps them.
import { dirname, join, normalize, relative } from 'node:path';

/** Lowest first: a feature may import only features before it (and never their routes or sockets). */
export const SERVER_FEATURES = [
  'workers',
  'http',
  'log',
  'accounts',
  'registry',
  'lots',
  'draws',
  'protocol',
  'live',
  'edge',
  'demo',
  'cli',
];

/** Which part of the repository a path belongs to. */
function partOf(path) {
  if (path.startsWith('shared/api/')) return 'wire';
  if (path.startsWith('shared/i18n/')) return 'catalog';
  if (path.startsWith('shared/')) return 'protocol';
  if (path.startsWith('db/')) return 'db';
  if (path.startsWith('auditor/')) return 'auditor';
  if (path.startsWith('client/verify/')) return 'client-verify';
  if (path.startsWith('client/')) return 'client';
  if (path.startsWith('server/')) return 'server';
  return 'other';
}

/** What each part may import (besides itself). Tests, bench and scripts may import anything. */
const MAY_IMPORT = {
  protocol: ['protocol'],
  wire: ['protocol', 'wire'],
  catalog: ['protocol', 'wire', 'catalog'],
  db: ['protocol', 'wire', 'db'],
  auditor: ['protocol', 'db', 'auditor', 'catalog'],
  'client-verify': ['protocol', 'client-verify', 'client', 'catalog'],
  client: ['protocol', 'wire', 'catalog', 'client', 'client-verify'],
  server: ['protocol', 'wire', 'catalog', 'db', 'auditor', 'server'],
};

const WHY = {
  protocol:
    'shared/ is the pure protocol: it imports nothing of ours outside it (not even shared/api/)',
  wire: 'shared/api/ (wire schemas) may use the protocol, nothing else of ours',
  catalog: 'the text catalog may use the protocol and wire codes only',
  db: 'db/ stores shared/ records: it imports shared/ only',
  auditor:
    'the auditor stands alone: shared/ protocol and read-only db/ only, never server/ or wire schemas',
  'client-verify': 'the browser verifier imports the protocol only (no wire schemas)',
  client: 'the browser imports shared/ and client/ only',
  server: 'the server never imports client/, tests/ or bench/',
};

/** server/<feature>/… → feature name; server/<file>.ts → null (the top: app, router, routes, index, context…). */
function featureOf(path) {
  const m = /^server\/([^/]+)\//.exec(path);
  return m ? m[1] : null;
}

/** Problems of one import, or null. */
export function boundaryProblem(fromPath, toPath) {
  const from = partOf(fromPath);
  const to = partOf(toPath);
  if (from === 'other' || to === 'other') return null;
  if (from !== to && !MAY_IMPORT[from]?.includes(to)) return WHY[from];
  if (from !== 'server' || to !== 'server') return null;
  const f = featureOf(fromPath);
  const g = featureOf(toPath);
  const top = ['server/context.ts', 'server/config.ts', 'server/logger.ts'];
  if (g === null) {
    if (f !== null && !top.includes(toPath))
      return `server/${f}/ is a feature: it may not import the app's top (${toPath})`;
    return null;
  }
  if (f === null || f === g) return null;
  if (/\.(routes|socket)\.ts$/.test(toPath))
    return `${toPath} belongs to server/${g}/'s edge: only server/routes.ts and server/live/ wire routes and sockets`;
  const fi = SERVER_FEATURES.indexOf(f);
  const gi = SERVER_FEATURES.indexOf(g);
  if (gi > fi)
    return `server/${f}/ may use only features below it (${SERVER_FEATURES.slice(0, fi).join(', ')}), not server/${g}/`;
  if (g === 'http' && !/\.(routes|socket)\.ts$/.test(fromPath) && !['cli'].includes(f))
    return `a service does not import server/http/ (only *.routes.ts do): ${fromPath}`;
  return null;
}

const root = dirname(new URL(import.meta.url).pathname);

export const boundariesRule = {
  meta: { type: 'problem', schema: [], messages: { wrong: '{{why}} ({{spec}})' } },
  create(context) {
    const file = relative(root, context.filename);
    const check = (node) => {
      const spec = node.source?.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = relative(root, normalize(join(dirname(context.filename), spec))).replace(
        /\.js$/,
        '.ts'
      );
      const why = boundaryProblem(file, target);
      if (why) context.report({ node, messageId: 'wrong', data: { why, spec } });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};
