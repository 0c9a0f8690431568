import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  BeaconUnavailableError,
  checkRelayChain,
  fetchBeacon,
  fetchBeaconFromRelays,
  parsePastedBeacon,
} from '../../../server/draws/drand-relay.js';
import { InputError, VerificationError } from '../../../shared/errors.js';
import { roundTime } from '../../../shared/drand-chains.js';
import { startDrandRelay, type TestDrandRelay } from '../../helpers/drand-relay.js';

let relay: TestDrandRelay;
beforeAll(async () => {
  relay = await startDrandRelay();
});
afterAll(async () => {
  await relay.close();
});
beforeEach(async () => {
  await relay.up();
  relay.reset();
});

async function rejection(p: Promise<unknown>): Promise<{ code?: string } & Error> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e as { code?: string } & Error
  );
}

async function expectRejects(
  p: Promise<unknown>,
  cls: new (...a: never[]) => Error,
  code: string
): Promise<void> {
  const e = await rejection(p);
  expect(e).toBeInstanceOf(cls);
  expect(e.code).toBe(code);
}

const later = () => new Date('2030-01-01T00:00:00Z');

describe('fetchBeacon against a local relay serving recorded rounds', () => {
  it.each([
    ['quicknet', 123],
    ['quicknet', 30663002],
    ['default', 1],
    ['default', 72785],
  ] as const)('does fetch and verify %s round %i', async (chain, round) => {
    const beacon = await fetchBeacon(relay.url, chain, round, { now: later });
    const rec = relay.recorded(chain).rounds.find((r) => r.round === round)!;
    expect(beacon).toEqual({
      chain,
      round,
      signature: rec.signature,
      ...(rec.previous_signature ? { previousSignature: rec.previous_signature } : {}),
      randomness: rec.randomness,
    });
    expect(relay.requests.at(-1)).toBe(`/${relay.recorded(chain).info.hash}/public/${round}`);
  });

  it('does accept a relay URL with a trailing slash', async () => {
    const b = await fetchBeacon(relay.url + '/', 'quicknet', 2, { now: later });
    expect(b.round).toBe(2);
  });

  it('when the relay is down, does answer RELAY_UNAVAILABLE, and recovers when it is back', async () => {
    await relay.down();
    await expectRejects(
      fetchBeacon(relay.url, 'quicknet', 123, { now: later }),
      BeaconUnavailableError,
      'RELAY_UNAVAILABLE'
    );
    await relay.up();
    expect((await fetchBeacon(relay.url, 'quicknet', 123, { now: later })).round).toBe(123);
  });

  it('when the relay never answers, does give up after the timeout with RELAY_UNAVAILABLE', async () => {
    relay.setMode('hang');
    const e = await rejection(fetchBeacon(relay.url, 'default', 2, { now: later, timeoutMs: 200 }));
    expect(e).toBeInstanceOf(BeaconUnavailableError);
    expect(e.code).toBe('RELAY_UNAVAILABLE');
    expect(e.message).toMatch(/200 ms/);
  });

  it('when the relay fails with 500, does answer RELAY_UNAVAILABLE', async () => {
    relay.setMode('error');
    await expectRejects(
      fetchBeacon(relay.url, 'default', 2, { now: later }),
      BeaconUnavailableError,
      'RELAY_UNAVAILABLE'
    );
  });

  it('when the round time has not come, does answer BEACON_NOT_YET_AVAILABLE without asking the relay', async () => {
    const before = relay.requests.length;
    const at = roundTime('quicknet', 30663002);
    const e = await rejection(
      fetchBeacon(relay.url, 'quicknet', 30663002, { now: () => new Date((at - 1) * 1000) })
    );
    expect(e).toBeInstanceOf(BeaconUnavailableError);
    expect(e.code).toBe('BEACON_NOT_YET_AVAILABLE');
    expect((e as BeaconUnavailableError).details).toEqual({ availableAt: at });
    expect(relay.requests.length).toBe(before);
    // At the round's second it is asked for.
    const b = await fetchBeacon(relay.url, 'quicknet', 30663002, {
      now: () => new Date(at * 1000),
    });
    expect(b.round).toBe(30663002);
  });

  it.each([404, 425] as const)(
    'when the relay has not produced the round yet (HTTP %i), does answer BEACON_NOT_YET_AVAILABLE',
    async (status) => {
      relay.tooEarlyStatus = status;
      relay.setHead('default', 3);
      await expectRejects(
        fetchBeacon(relay.url, 'default', 72785, { now: later }),
        BeaconUnavailableError,
        'BEACON_NOT_YET_AVAILABLE'
      );
      relay.setHead('default', undefined);
      expect((await fetchBeacon(relay.url, 'default', 72785, { now: later })).round).toBe(72785);
    }
  );

  it('when the relay serves a forged signature, does answer BEACON_SIGNATURE_INVALID', async () => {
    relay.tamper('quicknet', 3);
    relay.tamper('default', 3907447);
    await expectRejects(
      fetchBeacon(relay.url, 'quicknet', 3, { now: later }),
      VerificationError,
      'BEACON_SIGNATURE_INVALID'
    );
    await expectRejects(
      fetchBeacon(relay.url, 'default', 3907447, { now: later }),
      VerificationError,
      'BEACON_SIGNATURE_INVALID'
    );
  });

  it('when the relay answers another round than asked, does answer BEACON_ROUND_MISMATCH', async () => {
    // A relay that serves its latest round whatever is asked.
    const latestOnly: typeof fetch = (url, init) =>
      fetch(String(url).replace(/\/public\/\d+$/, '/public/latest'), init);
    await expectRejects(
      fetchBeacon(relay.url, 'default', 2, { now: later, fetchImpl: latestOnly }),
      VerificationError,
      'BEACON_ROUND_MISMATCH'
    );
  });

  it('when the relay answers something that is not a beacon, does answer RELAY_BAD_RESPONSE', async () => {
    // The relay's /info is valid JSON but not a round.
    const infoInstead: typeof fetch = (url, init) =>
      fetch(String(url).replace(/\/public\/\d+$/, '/info'), init);
    await expectRejects(
      fetchBeacon(relay.url, 'quicknet', 2, { now: later, fetchImpl: infoInstead }),
      BeaconUnavailableError,
      'RELAY_BAD_RESPONSE'
    );
  });

  it('does confirm the relay serves the pinned chains', async () => {
    await checkRelayChain(relay.url, 'quicknet');
    await checkRelayChain(relay.url, 'default');
    // The quicknet info served under the default chain's URL does not match the pinned default chain.
    const swapped: typeof fetch = (url, init) =>
      fetch(
        String(url).replace(
          relay.recorded('default').info.hash,
          relay.recorded('quicknet').info.hash
        ),
        init
      );
    await expectRejects(
      checkRelayChain(relay.url, 'default', { fetchImpl: swapped }),
      VerificationError,
      'RELAY_CHAIN_MISMATCH'
    );
  });
});

describe('parsePastedBeacon (the operator pastes what the relay shows)', () => {
  async function relayText(chain: 'quicknet' | 'default', round: number): Promise<string> {
    const res = await fetch(`${relay.url}/${relay.recorded(chain).info.hash}/public/${round}`);
    return res.text();
  }

  it('does accept the relay JSON and give the same record as fetching', async () => {
    for (const [chain, round] of [
      ['quicknet', 123],
      ['default', 3907446],
    ] as const) {
      const pasted = parsePastedBeacon(await relayText(chain, round), { chain, round });
      expect(pasted).toEqual(await fetchBeacon(relay.url, chain, round, { now: later }));
    }
  });

  it('does accept our own record format with its chain field, and whitespace', () => {
    const r = relay.recorded('default').rounds.find((x) => x.round === 2)!;
    const text = `\n  ${JSON.stringify({ chain: 'default', ...r, extra: 'ignored' }, null, 2)}\n`;
    expect(parsePastedBeacon(text).randomness).toBe(r.randomness);
  });

  it('does refuse a partial paste, another round or a round of the other chain', async () => {
    expect(() => parsePastedBeacon('{"round":1}', { chain: 'quicknet' })).toThrowWithCode(
      InputError,
      'BEACON_PASTE_INVALID'
    );
    const text = await relayText('quicknet', 2);
    expect(() => parsePastedBeacon(text, { chain: 'quicknet', round: 3 })).toThrowWithCode(
      VerificationError,
      'BEACON_ROUND_MISMATCH'
    );
    // A quicknet round pasted into a draw on the default chain: its signature is on the wrong group.
    expect(() => parsePastedBeacon(text, { chain: 'default', round: 2 })).toThrowWithCode(
      VerificationError,
      'BEACON_MALFORMED'
    );
  });

  it('does refuse text that is not JSON, a missing chain and a chain mismatch', () => {
    const r = relay.recorded('quicknet').rounds[0]!;
    expect(() => parsePastedBeacon('round 123 b75c…')).toThrowWithCode(
      InputError,
      'BEACON_PASTE_INVALID'
    );
    expect(() => parsePastedBeacon(JSON.stringify(r))).toThrowWithCode(
      InputError,
      'BEACON_CHAIN_REQUIRED'
    );
    expect(() =>
      parsePastedBeacon(JSON.stringify({ ...r, chain: 'quicknet' }), { chain: 'default' })
    ).toThrowWithCode(VerificationError, 'BEACON_CHAIN_MISMATCH');
  });

  it('does refuse a pasted beacon whose signature was edited', () => {
    const r = relay.recorded('quicknet').rounds[0]!;
    const sig = r.signature.slice(0, -1) + (r.signature.endsWith('0') ? '1' : '0');
    expect(() =>
      parsePastedBeacon(JSON.stringify({ ...r, signature: sig }), { chain: 'quicknet' })
    ).toThrowWithCode(VerificationError, 'BEACON_SIGNATURE_INVALID');
  });
});

describe('a bare signature pasted for the draw’s own chain and round', () => {
  it('does rebuild and verify a quicknet round from its signature alone', async () => {
    const r = relay.recorded('quicknet').rounds.find((x) => x.round === 123)!;
    const expected = await fetchBeacon(relay.url, 'quicknet', 123, { now: later });
    expect(
      parsePastedBeacon(`  ${r.signature.toUpperCase()}\n`, { chain: 'quicknet', round: 123 })
    ).toEqual(expected);
  });

  it('does need the previous signature on the chained default chain, as a second line', async () => {
    const r = relay.recorded('default').rounds.find((x) => x.round === 72785)!;
    const expected = await fetchBeacon(relay.url, 'default', 72785, { now: later });
    const round = { chain: 'default', round: 72785 } as const;
    expect(parsePastedBeacon(`${r.signature}\n${r.previous_signature!}`, round)).toEqual(expected);
    expect(() => parsePastedBeacon(r.signature, round)).toThrowWithCode(
      VerificationError,
      'BEACON_PREVIOUS_SIGNATURE_REQUIRED'
    );
  });

  it('does refuse a signature of another round, and a bare signature without a round', () => {
    const r = relay.recorded('quicknet').rounds.find((x) => x.round === 123)!;
    expect(() => parsePastedBeacon(r.signature, { chain: 'quicknet', round: 124 })).toThrowWithCode(
      VerificationError,
      'BEACON_SIGNATURE_INVALID'
    );
    expect(() => parsePastedBeacon(r.signature, { chain: 'quicknet' })).toThrowWithCode(
      InputError,
      'BEACON_PASTE_INVALID'
    );
  });
});

describe('fetchBeaconFromRelays (DRAND_URLS, tried in order)', () => {
  const dead = 'http://127.0.0.1:9';

  it('does skip a relay that is unreachable and take the round from the next', async () => {
    const before = relay.requests.length;
    const beacon = await fetchBeaconFromRelays([dead, relay.url], 'quicknet', 123, { now: later });
    expect(beacon.round).toBe(123);
    expect(relay.requests.length).toBe(before + 1);
  });

  it('does answer the first relay’s error when none can give the round', async () => {
    await relay.down();
    await expectRejects(
      fetchBeaconFromRelays([dead, relay.url], 'quicknet', 123, { now: later }),
      BeaconUnavailableError,
      'RELAY_UNAVAILABLE'
    );
  });

  it('does ask no relay before the round’s time', async () => {
    const before = relay.requests.length;
    const at = new Date((roundTime('quicknet', 123) - 5) * 1000);
    await expectRejects(
      fetchBeaconFromRelays([relay.url, dead], 'quicknet', 123, { now: () => at }),
      BeaconUnavailableError,
      'BEACON_NOT_YET_AVAILABLE'
    );
    expect(relay.requests.length).toBe(before);
  });
});
