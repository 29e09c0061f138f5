/** Shared fixtures for the BGP RIB tests: prefixes and addresses from text, a fake resolver, peers, UPDATEs. */
import assert from 'node:assert/strict';
import type { AsPathSegment, PathAttrs, UpdateMsg } from '../../../bgp/packet/types.js';
import { BgpRib } from '../../../bgp/rib/bgp-rib.js';
import type {
  BgpRibCfg,
  NexthopKey,
  NexthopResolver,
  NexthopState,
  PeerInfo,
  RibChange,
} from '../../../bgp/rib/types.js';
import { type PrefixKey, parseAddr, parseIPv4, parsePrefix } from '../../../lib/prefix.js';

export function pfx(s: string): PrefixKey {
  const r = parsePrefix(s);
  assert.ok(r.ok, s);
  return r.value;
}

export function ip(s: string): number {
  const v = parseIPv4(s);
  assert.ok(v !== undefined, s);
  return v;
}

export function addr(s: string): Uint8Array {
  const a = parseAddr(s);
  assert.ok(a, s);
  return a.addr;
}

/** IPv6 next-hop key (16-char latin1) from text. */
export function nh6(s: string): string {
  return String.fromCharCode(...addr(s));
}

export class FakeResolver implements NexthopResolver {
  readonly states = new Map<NexthopKey, NexthopState>();
  readonly tracked = new Set<NexthopKey>();
  resolve(nh: NexthopKey): NexthopState {
    return this.states.get(nh) ?? { reachable: true, metric: 0 };
  }
  track(nh: NexthopKey): void {
    this.tracked.add(nh);
  }
  untrack(nh: NexthopKey): void {
    this.tracked.delete(nh);
  }
}

export const LOCAL_AS = 65000;
export const ROUTER_ID = ip('10.255.0.1');

export interface Fixture {
  rib: BgpRib;
  resolver: FakeResolver;
  /** Every batch handed to the RIB sink. */
  sunk: RibChange[][];
  /** The latest change per prefix seen by the sink. */
  last(prefix: PrefixKey): RibChange | undefined;
}

export function fixture(cfg: Partial<BgpRibCfg> = {}): Fixture {
  const resolver = new FakeResolver();
  const sunk: RibChange[][] = [];
  const rib = new BgpRib(
    { localAs: LOCAL_AS, routerId: ROUTER_ID, ...cfg },
    { resolver, ribSink: (c) => sunk.push([...c]) },
  );
  return {
    rib,
    resolver,
    sunk,
    last(prefix) {
      for (let i = sunk.length - 1; i >= 0; i--) {
        const hit = sunk[i]!.find((c) => c.prefix === prefix);
        if (hit) return hit;
      }
      return undefined;
    },
  };
}

export const acceptAll = (r: { attrs: Readonly<PathAttrs> }) => r.attrs as PathAttrs;

let peerNo = 0;

/** A peer at 10.0.0.<n> with BGP id 1.1.1.<n>; eBGP peers get accept-all policies unless overridden. */
export function peerInfo(id: string, o: Partial<PeerInfo> & { n?: number } = {}): PeerInfo {
  const n = o.n ?? ++peerNo;
  const ibgp = o.ibgp ?? (o.asn === undefined ? false : o.asn === LOCAL_AS);
  const info: PeerInfo = {
    id,
    address: addr(`10.0.0.${n}`),
    asn: o.asn ?? (ibgp ? LOCAL_AS : 65100 + n),
    ibgp,
    routerId: ip(`1.1.1.${n}`),
    localAddress: addr('10.0.0.254'),
    nextHopV6: addr('2001:db8::fe'),
  };
  if (!ibgp) {
    info.importPolicy = acceptAll;
    info.exportPolicy = acceptAll;
  }
  const { n: _n, ...rest } = o;
  return { ...info, ...rest };
}

export function addUp(f: Fixture, info: PeerInfo): PeerInfo {
  f.rib.addPeer(info);
  f.rib.peerUp(info.id);
  return info;
}

export function seq(...asns: number[]): AsPathSegment[] {
  return [{ type: 2, asns }];
}

/** IPv4 UPDATE announcing `nlri` with `attrs` (origin IGP and a next hop unless given). */
export function announce(nlri: PrefixKey[], attrs: PathAttrs): UpdateMsg {
  return { type: 'update', withdrawn: [], attrs: { origin: 0, ...attrs }, nlri, errors: [] };
}

export function withdraw(prefixes: PrefixKey[]): UpdateMsg {
  return { type: 'update', withdrawn: prefixes, attrs: undefined, nlri: [], errors: [] };
}

/** All pending output of a peer, merged into: prefix → attrs (announce) or null (withdraw). */
export function drain(rib: BgpRib, peerId: string): { routes: Map<PrefixKey, PathAttrs | null>; eor: boolean } {
  const routes = new Map<PrefixKey, PathAttrs | null>();
  let eor = false;
  for (let out = rib.takeOutput(peerId); out; out = rib.takeOutput(peerId)) {
    for (const g of out.groups) for (const p of g.prefixes) routes.set(p, g.attrs as PathAttrs);
    for (const p of out.withdrawn) routes.set(p, null);
    eor ||= out.endOfRib;
  }
  return { routes, eor };
}
