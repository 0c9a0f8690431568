/**
 * `adal rfc3797 --pool-size N --count K --source "9319" --source "2 5 12 8 10" … [--json]`: the RFC
 * 3797 selection (shared/rfc3797.ts, docs/PROTOCOL.md §RFC 3797 mode). Sources are given as
 * published, in the announced order; values within a source may be unsorted, separated by spaces or
 * commas. A source of text (a team name, a score line) is written `text:…`. Exit 0 with the
 * selection; 2 on bad input.
 */
import { Command } from 'commander';
import { InputError } from '../../shared/errors.js';
import { rfc3797Select, type Rfc3797Source } from '../../shared/rfc3797.js';

interface Rfc3797Options {
  poolSize: string;
  count: string;
  source: string[];
  json?: boolean;
}

/** "2 5 12 8 10" → ["2","5","12","8","10"] (decimal strings keep leading zeros for the RFC rule); "text:W 4-1" → "W 4-1". */
export function parseSourceArg(arg: string, n: number): Rfc3797Source {
  if (arg.startsWith('text:')) return arg.slice('text:'.length);
  const tokens = arg.split(/[\s,]+/).filter((t) => t !== '');
  if (tokens.length === 0 || !tokens.every((t) => /^[0-9]+(\.[0-9]+)?$/.test(t)))
    throw new InputError(
      'RFC3797_SOURCE_INVALID',
      `--source ${n} "${arg}" is not a list of non-negative numbers (write text:… for a text source)`
    );
  return tokens;
}

function parseCount(name: string, text: string): number {
  if (!/^[1-9][0-9]{0,8}$/.test(text))
    throw new InputError('RFC3797_USAGE', `${name} must be a whole number ≥ 1, got "${text}"`);
  return Number(text);
}

function run(o: Rfc3797Options): void {
  const pool = parseCount('--pool-size', o.poolSize);
  const count = parseCount('--count', o.count);
  const sources = o.source.map((s, i) => parseSourceArg(s, i + 1));
  const result = rfc3797Select(sources, pool, count);
  if (o.json) {
    process.stdout.write(JSON.stringify(result) + '\n');
    return;
  }
  const lines = [
    `key ${result.key}`,
    `pool ${pool}, selecting ${count}`,
    '',
    'index  hex value of MD5                  div  selected',
    ...result.selections.map(
      (s) =>
        `${String(s.index).padStart(5)}  ${s.digest}  ${String(s.divisor).padStart(3)}  ${String(s.position).padStart(8)}`
    ),
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

export function register(program: Command): void {
  program
    .command('rfc3797')
    .description('select K of a numbered pool of N by the RFC 3797 algorithm from public sources')
    .requiredOption('--pool-size <N>', 'number of entries in the published pool list')
    .requiredOption('--count <K>', 'how many to select (selection order is the reserve order)')
    .requiredOption(
      '--source <values>',
      'one public source as published, in the announced order (repeat per source); text:… for text',
      (v: string, prev: string[] | undefined) => [...(prev ?? []), v]
    )
    .option('--json', 'print {"key", "selections":[{index, digest, divisor, position}]} as JSON')
    .action((o: Rfc3797Options) => run(o));
}
