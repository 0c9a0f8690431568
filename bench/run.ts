/**
 * `npm run bench [filter]`: runs every registered bench and writes docs/BENCHMARKS.md (machine, date,
 * medians). Add a bench module to `modules` below.
 */
import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import { cpus, totalmem, platform, release } from 'node:os';
import type { Bench, BenchResult } from './harness.js';

const modules: (() => Promise<{ benches: Bench[] }>)[] = [
  // one line per bench module
  () => import('./beacon.bench.js'),
  () => import('./log.bench.js'),
  () => import('./draw.bench.js'),
  () => import('./verify.bench.js'),
  () => import('./live.bench.js'),
  () => import('./feed.bench.js'),
  () => import('./backup.bench.js'),
  () => import('./page.bench.js'),
];

const filter = process.argv[2];
const sections: { section: string; results: BenchResult[] }[] = [];
for (const load of modules) {
  const { benches } = await load();
  for (const b of benches) {
    if (filter && !b.section.toLowerCase().includes(filter.toLowerCase())) continue;
    process.stdout.write(`bench: ${b.section} …\n`);
    const results = await b.run();
    for (const r of results)
      process.stdout.write(
        `  ${r.name}: ${r.value}${r.target ? ` (target ${r.target}${r.met === false ? ', NOT MET' : ''})` : ''}\n`
      );
    sections.push({ section: b.section, results });
  }
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${platform()} ${release()}, Node ${process.version}`;
const out = new URL('../docs/BENCHMARKS.md', import.meta.url);
// A filtered run keeps the other sections from the previous file.
const previous = filter && existsSync(out) ? readFileSync(out, 'utf8') : '';
const keep = previous
  .split(/\n(?=## )/)
  .filter((s) => s.startsWith('## ') && !sections.some((x) => s.startsWith(`## ${x.section}\n`)));
// Notes go under the table (numbered), so the table itself stays one valid Markdown table.
const body = sections.map(({ section, results }) => {
  const notes: string[] = [];
  const rows = results.map((r) => {
    let name = r.name;
    if (r.notes) {
      notes.push(r.notes);
      name += ` [${notes.length}]`;
    }
    const met = r.met === undefined ? '—' : r.met ? 'yes' : '**no**';
    return `| ${name} | ${r.value} | ${r.target ?? '—'} | ${met} |`;
  });
  return (
    `## ${section}\n\n| measurement | result | target | met |\n| --- | --- | --- | --- |\n` +
    rows.join('\n') +
    '\n' +
    (notes.length ? '\n' + notes.map((n, i) => `${i + 1}. ${n}`).join('\n') + '\n' : '')
  );
});
writeFileSync(
  out,
  `# Benchmarks\n\nWritten by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}.\nMachine: ${machine}.\nFigures are medians over several runs; targets come from the issues.\n\n` +
    [...keep.map((s) => s.trimEnd() + '\n'), ...body].join('\n')
);
process.stdout.write(`wrote ${out.pathname}\n`);
