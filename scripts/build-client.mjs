// Builds the browser pages into dist/client/ with esbuild: one ES-module bundle per page (live, verify,
// console) plus shared chunks, one CSS bundle, and a tiny classic boot script that sets the display mode
// and language on <html> before first paint. Asset names carry a content hash (long-cached); the HTML
// templates in client/<page>/index.html name assets as /assets/<name>.<ext> and are rewritten here to the
// hashed names (HTML is served no-cache). The pages import the project's shared/ code directly.
//
//   node scripts/build-client.mjs              build now
//   node scripts/build-client.mjs --if-needed  build only when client/, shared/ or this script changed
//
// Concurrent callers (parallel test files) are serialised by a lock directory; the new build is written
// beside dist/client and swapped in, so a running server never serves a half-written page.
import * as esbuild from 'esbuild';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { basename, join, relative } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';

const root = new URL('..', import.meta.url).pathname;
const distDir = join(root, 'dist');
const outDir = join(distDir, 'client');
const stampFile = join(outDir, '.stamp');
const lockDir = join(distDir, '.client-build.lock');

/** Page bundles: name → entry. `/assets/<name>.js` in a template resolves to the hashed output. */
const pages = {
  live: 'client/live/main.ts',
  verify: 'client/verify/main.ts',
  find: 'client/find/main.ts',
  console: 'client/console/main.ts',
};
const styles = { app: 'client/styles/app.css', operator: 'client/styles/console.css' };
const boot = { boot: 'client/common/boot.ts' };
/** HTML templates: output file → template. */
const html = {
  'live.html': 'client/live/index.html',
  'verify.html': 'client/verify/index.html',
  'find.html': 'client/find/index.html',
  'console.html': 'client/console/index.html',
};
const inputs = ['client', 'shared', 'scripts/build-client.mjs', 'package.json'];

/**
 * zod re-exports all of its ~50 message locales as `z.locales`, which defeats tree-shaking (260 KB of
 * the bundle). The pages never show zod's own messages (UI text comes from shared/i18n by error code),
 * so the browser build keeps English only, the locale zod configures itself with.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[/\\]node_modules[/\\]zod[/\\]/.test(args.importer)
        ? { path: join(args.resolveDir, '..', 'locales', 'en.js'), namespace: 'zod-locales' }
        : undefined
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: root,
    }));
  },
};

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

function isFresh() {
  if (!existsSync(stampFile)) return false;
  const built = statSync(stampFile).mtimeMs;
  return Math.max(...inputs.map((p) => newestMtime(join(root, p)))) <= built;
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** mkdir is atomic: whoever creates the directory holds the lock. A lock older than 2 min is stale. */
function withLock(fn) {
  mkdirSync(distDir, { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      const age = Date.now() - statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs;
      if (age > 120_000 || Date.now() > deadline) rmSync(lockDir, { recursive: true, force: true });
      else sleep(100);
    }
  }
  return fn().finally(() => rmSync(lockDir, { recursive: true, force: true }));
}

/** Maps "<name>.<ext>" to the hashed file name in assets/, from esbuild's metafile. */
function assetMap(metafile, entries) {
  const byEntry = new Map(Object.entries(entries).map(([name, src]) => [src, name]));
  const map = {};
  for (const [out, info] of Object.entries(metafile.outputs)) {
    const name = info.entryPoint && byEntry.get(info.entryPoint);
    if (!name) continue;
    const ext = out.endsWith('.css') ? 'css' : 'js';
    map[`${name}.${ext}`] = basename(out);
  }
  return map;
}

/**
 * Brotli and gzip twins of every script and stylesheet (served by server/http/precompressed.ts by the
 * browser's Accept-Encoding): compressed once here at the highest levels, never per request.
 */
function precompress(dir) {
  for (const name of readdirSync(dir)) {
    if (!/\.(js|css)$/.test(name)) continue;
    const data = readFileSync(join(dir, name));
    writeFileSync(
      join(dir, `${name}.br`),
      brotliCompressSync(data, {
        params: {
          [zlib.BROTLI_PARAM_QUALITY]: 11,
          [zlib.BROTLI_PARAM_SIZE_HINT]: data.length,
        },
      })
    );
    writeFileSync(join(dir, `${name}.gz`), gzipSync(data, { level: 9 }));
  }
}

/** Per page, the chunks its module imports statically (followed through their imports). */
function staticChunks(metafile, entries) {
  const out = {};
  for (const [name, src] of Object.entries(entries)) {
    const entry = Object.entries(metafile.outputs).find(([, i]) => i.entryPoint === src);
    if (!entry) continue;
    out[name] = [...importClosure(metafile, [entry[0]])].map((f) => basename(f));
  }
  return out;
}

/** The chunks `files` import statically, followed through their imports. */
function importClosure(metafile, files) {
  const seen = new Set();
  const visit = (file) => {
    for (const imp of metafile.outputs[file]?.imports ?? []) {
      if (imp.kind !== 'import-statement' || seen.has(imp.path)) continue;
      seen.add(imp.path);
      visit(imp.path);
    }
  };
  files.forEach(visit);
  return seen;
}

/**
 * The live page's later modules: what its entry imports dynamically once the draw's title is painted
 * (client/live/main.ts), with their static imports, minus what the entry already has. Named in an
 * inert <template> of live.html that the entry turns into modulepreloads then (fetched all at once,
 * not one import level at a time; and not before, where they would share a slow phone's bandwidth
 * with the draw's detail the title comes from).
 */
function laterChunks(metafile, src) {
  const entry = Object.entries(metafile.outputs).find(([, i]) => i.entryPoint === src);
  if (!entry) return [];
  const now = importClosure(metafile, [entry[0]]);
  const dynamic = (metafile.outputs[entry[0]].imports ?? [])
    .filter((i) => i.kind === 'dynamic-import')
    .map((i) => i.path);
  const later = new Set([...dynamic, ...importClosure(metafile, dynamic)]);
  return [...later].filter((f) => !now.has(f)).map((f) => basename(f));
}

/** The chunk of each language's catalogue (shared/i18n/<lang>.json, imported on demand). */
function catalogChunks(metafile) {
  const out = {};
  for (const [file, info] of Object.entries(metafile.outputs)) {
    const m = /^shared\/i18n\/(kk|ru|en)\.json$/.exec(info.entryPoint ?? '');
    if (!m || !file.endsWith('.js')) continue;
    // both builds make the same chunk of a catalogue (same content, same hashed name): one per language
    if (out[m[1]] && out[m[1]] !== basename(file))
      throw new Error(`build: two different chunks of the ${m[1]} catalogue`);
    out[m[1]] = basename(file);
  }
  if (Object.keys(out).length !== 3)
    throw new Error('build: no catalogue chunk for every language');
  return out;
}

async function build() {
  // The stamp gets the start time, so a source edited during the build makes the next check stale.
  const started = new Date();
  const tmp = join(distDir, `client.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  const assets = join(tmp, 'assets');
  const common = {
    absWorkingDir: root,
    bundle: true,
    minify: true,
    sourcemap: 'linked',
    // es2022: the page modules wait for their language's catalogue with a top-level await
    target: 'es2022',
    platform: 'browser',
    outdir: assets,
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    metafile: true,
    logLevel: 'warning',
    legalComments: 'none',
    // Kazakh and Russian text as UTF-8 (2 bytes a letter), not \uXXXX escapes (6)
    charset: 'utf8',
    plugins: [zodEnglishOnly],
  };
  // The live page is built on its own: its static code is then one file, not a dozen chunks shared
  // with the other pages — on a phone's HTTP/1.1 connections each file costs a round trip (issue 17).
  // Its dynamic imports (catalogues, the BLS code, the verifier) still split into chunks.
  const split = { ...common, format: 'esm', splitting: true, chunkNames: 'chunk-[hash]' };
  const { live, ...others } = pages;
  const [liveBuild, rest] = [
    await esbuild.build({ ...split, entryPoints: { live } }),
    await esbuild.build({ ...split, entryPoints: { ...others, ...styles } }),
  ];
  const main = {
    metafile: { outputs: { ...rest.metafile.outputs, ...liveBuild.metafile.outputs } },
  };
  // boot.js starts loading the chosen language's catalogue chunk at once (client/common/boot.ts)
  const catalogs = catalogChunks(main.metafile);
  const early = await esbuild.build({
    ...common,
    entryPoints: boot,
    format: 'iife',
    define: { __ADAL_CATALOGS__: JSON.stringify(catalogs) },
  });
  const map = {
    ...assetMap(main.metafile, { ...pages, ...styles }),
    ...assetMap(early.metafile, boot),
    ...Object.fromEntries(
      Object.entries(catalogs).map(([lang, file]) => [`catalog-${lang}.js`, file])
    ),
  };
  const preloads = staticChunks(main.metafile, pages);
  const later = {
    live: `<template id="later-modules">${laterChunks(main.metafile, pages.live)
      .map((f) => `<link rel="modulepreload" href="/assets/${f}" />`)
      .join('')}</template>\n`,
  };
  for (const [out, template] of Object.entries(html)) {
    const page = out.replace(/\.html$/, '');
    const text = readFileSync(join(root, template), 'utf8')
      // every chunk the page module imports, fetched at once rather than after it is parsed
      .replace(
        '</head>',
        (preloads[page] ?? [])
          .map((f) => `  <link rel="modulepreload" href="/assets/${f}" />\n`)
          .join('') +
          (later[page] ? `  ${later[page]}` : '') +
          '  </head>'
      )
      .replace(/\/assets\/([a-z0-9-]+\.(?:js|css))/g, (_m, file) => {
        if (!map[file]) throw new Error(`${template}: no asset named ${file}`);
        return `/assets/${map[file]}`;
      });
    writeFileSync(join(tmp, out), text);
  }
  precompress(assets);
  writeFileSync(join(tmp, 'manifest.json'), JSON.stringify(map, null, 2) + '\n');
  writeFileSync(join(tmp, '.stamp'), started.toISOString());
  utimesSync(join(tmp, '.stamp'), started, started);
  rmSync(outDir, { recursive: true, force: true });
  renameSync(tmp, outDir);
  console.log(`client built: ${relative(root, outDir)}/ (${Object.keys(map).length} assets)`);
}

const ifNeeded = process.argv.includes('--if-needed');
if (!(ifNeeded && isFresh())) {
  await withLock(async () => {
    // Another process may have built while this one waited for the lock.
    if (ifNeeded && isFresh()) return;
    await build();
  });
}
