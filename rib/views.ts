/** The RIB as JSON for the API and CLI: every candidate per prefix, the selected one, and why the others lost. */
import { contains, formatAddr, formatPrefix, type PrefixKey } from '../lib/prefix.js';
import type { Nexthop, Rib } from './rib.js';

export interface NexthopView {
  gateway: string | null;
  interface: string | null;
}

export interface CandidateView {
  protocol: string;
  distance: number;
  metric: number;
  selected: boolean;
  /** Why this candidate is not the selected one. */
  why: string | null;
  /** For a recursive route: the gateways as given (the next hops are what they resolved to). */
  recursiveVia: string[] | null;
  nexthops: NexthopView[];
}

export interface RouteView {
  prefix: string;
  candidates: CandidateView[];
}

const nh = (n: Nexthop): NexthopView => ({
  gateway: n.gateway ? formatAddr(n.gateway) : null,
  interface: n.ifname ?? null,
});

export function routeViews(rib: Rib, prefix: PrefixKey | undefined, longer: boolean, limit: number): RouteView[] {
  const keys =
    prefix !== undefined && !longer
      ? [prefix]
      : rib.prefixes(prefix === undefined ? undefined : (p) => contains(prefix, p));
  const out: RouteView[] = [];
  for (const k of keys) {
    if (out.length >= limit) break;
    const { selected, candidates } = rib.candidates(k);
    if (candidates.length === 0) continue;
    out.push({
      prefix: formatPrefix(k),
      candidates: candidates.map((c) => {
        const isSel = selected?.protocol === c.protocol;
        let why: string | null = null;
        if (!isSel) {
          if (
            !selected ||
            c.distance < selected.distance ||
            (c.distance === selected.distance && c.metric < selected.metric)
          ) {
            why = 'next hop unresolvable';
          } else if (c.distance > selected.distance) why = `distance ${c.distance} > ${selected.distance}`;
          else why = `metric ${c.metric} >= ${selected.metric}`;
        }
        const shown = isSel && selected ? selected : c;
        return {
          protocol: c.protocol,
          distance: c.distance,
          metric: c.metric,
          selected: isSel,
          why,
          recursiveVia: c.recursive
            ? c.nexthops.filter((n) => n.gateway).map((n) => formatAddr(n.gateway as Uint8Array))
            : null,
          nexthops: (c.recursive && !isSel ? [] : shown.nexthops).map(nh),
        };
      }),
    });
  }
  return out;
}
