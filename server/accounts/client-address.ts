/**
 * Who is asking: the client address behind the proxies the operator named (TRUST_PROXY), for the
 * sign-in throttle, the per-address limits and the socket cap. `X-Forwarded-For` is read right to
 * left and only while the hop that wrote it is trusted, so a client that is not a trusted proxy cannot
 * change its own key by sending the header (docs/SECURITY.md). One predicate serves express
 * (`trust proxy`) and socket.io alike, so both see the same address.
 */
import { BlockList, isIP } from 'node:net';

/** A TRUST_PROXY entry: an address, a CIDR (`10.0.0.0/8`, `fd00::/8`) or `loopback`. */
export function isTrustEntry(entry: string): boolean {
  if (entry === 'loopback') return true;
  const [addr, prefix, ...rest] = entry.split('/');
  const family = isIP(addr ?? '');
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/** `::ffff:1.2.3.4` (how a dual-stack socket shows an IPv4 peer) is 1.2.3.4. */
export function plainAddress(addr: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(addr);
  return m ? m[1]! : addr;
}

export type TrustsProxy = (addr: string) => boolean;

/** The predicate for a TRUST_PROXY list (entries checked by isTrustEntry); empty trusts nobody. */
export function trustProxy(entries: readonly string[]): TrustsProxy {
  if (entries.length === 0) return () => false;
  const list = new BlockList();
  const add = (entry: string) => {
    const [addr, prefix] = entry.split('/') as [string, string | undefined];
    const type = isIP(addr) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(addr, type);
    else list.addSubnet(addr, Number(prefix), type);
  };
  for (const entry of entries)
    if (entry === 'loopback') {
      add('127.0.0.0/8');
      add('::1/128');
    } else add(entry);
  return (raw) => {
    const addr = plainAddress(raw);
    const family = isIP(addr);
    return family !== 0 && list.check(addr, family === 6 ? 'ipv6' : 'ipv4');
  };
}

/**
 * The client's address: the peer, or — while the peer and each hop before it are trusted — the
 * next address to the left in `X-Forwarded-For`. What express computes as `req.ip` with the same
 * predicate.
 */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | string[] | undefined,
  trusts: TrustsProxy
): string {
  let addr = plainAddress(peer ?? 'unknown');
  if (forwardedFor === undefined) return addr;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h !== '');
  for (let i = hops.length - 1; i >= 0 && trusts(addr); i--) addr = plainAddress(hops[i]!);
  return addr;
}
