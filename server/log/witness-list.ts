/**
 * The WITNESSES variable (docs/API.md "Witnesses"): the witnesses the log asks to cosign its
 * checkpoints, one per line or separated by ';', each `<name> <url> <cosigner vkey>`:
 *
 *   WITNESSES="ngo https://witness.ngo.example/ ngo.example/w+1a2b3c4d+BK…;
 *              uni https://w.uni.example/tlog uni.example/w+…"
 *
 * name: how the console and the pages call the witness (printable ASCII, no spaces, unique); url: the
 * witness's C2SP tlog-witness prefix (http or https; POST <url>/add-checkpoint); vkey: its cosigner
 * key as `adal witness key` prints it (type 0x04). None by default.
 */
import { z } from 'zod';
import { parseCosignerKey, type CosignerKey } from '../../shared/cosignature.js';

export interface ConfiguredWitness {
  name: string;
  /** the prefix, without a trailing slash */
  url: string;
  key: CosignerKey;
}

const NAME = /^[\x21-\x7e]{1,64}$/;

/** Parses the list; the error message names the entry and what is wrong with it. */
export function parseWitnessList(text: string): ConfiguredWitness[] {
  const out: ConfiguredWitness[] = [];
  const entries = text
    .split(/[;\n]/)
    .map((e) => e.trim())
    .filter((e) => e !== '');
  for (const [i, entry] of entries.entries()) {
    const at = `entry ${i + 1}`;
    const fields = entry.split(/\s+/);
    if (fields.length !== 3) throw new Error(`${at}: needs "<name> <url> <vkey>"`);
    const [name, url, vkey] = fields as [string, string, string];
    if (!NAME.test(name)) throw new Error(`${at}: the name must be printable ASCII`);
    if (out.some((w) => w.name === name)) throw new Error(`${at}: the name ${name} is repeated`);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`${at}: the URL does not parse`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
      throw new Error(`${at}: the URL must be http or https`);
    let key: CosignerKey;
    try {
      key = parseCosignerKey(vkey);
    } catch (e) {
      throw new Error(`${at}: ${(e as Error).message}`);
    }
    out.push({ name, url: parsed.href.replace(/\/+$/, ''), key });
  }
  return out;
}

/** The zod field of ConfigEnv: a string in, the parsed list out; the message names the entry. */
export const WitnessList = z.string().transform((text, ctx) => {
  try {
    return parseWitnessList(text);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
    return z.NEVER;
  }
});
