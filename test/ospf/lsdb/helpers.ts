/** Builders for hand-made LSAs and LSDBs (LSDB and SPF tests). */
import { formatIPv4, formatPrefix, parseIPv4 } from '../../../lib/prefix.js';
import { Lsdb } from '../../../ospf/lsdb.js';
import type { Lsa, LsaBody, LsaHeader, LsaType, RouterLink } from '../../../ospf/packet/types.js';
import type { SpfResult } from '../../../ospf/spf.js';

export const ip = (s: string): number => {
  const v = parseIPv4(s);
  if (v === undefined) throw new Error(`bad address ${s}`);
  return v;
};

export interface HdrOpts {
  seq?: number;
  age?: number;
  checksum?: number;
  options?: number;
}

function lengthOf(body: LsaBody): number {
  switch (body.kind) {
    case 'router':
      return 24 + 12 * body.links.length;
    case 'network':
      return 24 + 4 * body.attached.length;
    case 'summary':
      return 28;
    case 'external':
      return 36;
    case 'opaque':
      return 20 + body.data.length;
  }
}

export function lsa(type: LsaType, lsid: number, adv: number, body: LsaBody, o: HdrOpts = {}): Lsa {
  const header: LsaHeader = {
    age: o.age ?? 0,
    options: o.options ?? 0x02,
    type,
    lsid,
    advRouter: adv,
    seq: o.seq ?? -0x7fffffff,
    checksum: o.checksum ?? 0x1234,
    length: lengthOf(body),
  };
  return { header, body };
}

/** links: [type, linkId, linkData, metric] with dotted-quad text. */
export type L = [1 | 2 | 3 | 4, string, string, number];

export function routerLsa(rid: string, links: L[], o: HdrOpts & { flags?: number } = {}): Lsa {
  const ls: RouterLink[] = links.map(([type, id, data, metric]) => ({
    type,
    linkId: ip(id),
    linkData: ip(data),
    metric,
    tos: [],
  }));
  return lsa(1, ip(rid), ip(rid), { kind: 'router', flags: o.flags ?? 0, links: ls }, o);
}

export function networkLsa(drAddr: string, adv: string, mask: string, attached: string[], o: HdrOpts = {}): Lsa {
  return lsa(2, ip(drAddr), ip(adv), { kind: 'network', mask: ip(mask), attached: attached.map(ip) }, o);
}

export function summaryLsa(type: 3 | 4, id: string, adv: string, mask: string, metric: number, o: HdrOpts = {}): Lsa {
  return lsa(type, ip(id), ip(adv), { kind: 'summary', mask: ip(mask), metric, tos: [] }, o);
}

export function externalLsa(
  id: string,
  adv: string,
  mask: string,
  metric: number,
  x: { e2?: boolean; fwd?: string; tag?: number } = {},
  o: HdrOpts = {},
): Lsa {
  return lsa(
    5,
    ip(id),
    ip(adv),
    {
      kind: 'external',
      mask: ip(mask),
      e2: x.e2 ?? true,
      metric,
      forwarding: ip(x.fwd ?? '0.0.0.0'),
      tag: x.tag ?? 0,
      tos: [],
    },
    o,
  );
}

/** An LSDB for router `rid` with every LSA installed in `area` at time 0. */
export function makeLsdb(rid: string, lsas: Lsa[], area = 0, more: Record<number, Lsa[]> = {}): Lsdb {
  const db = new Lsdb({ routerId: ip(rid) });
  db.addArea(area);
  for (const l of lsas) {
    const r = db.install(area, l, undefined, 0);
    if (!r.ok) throw new Error(r.error.detail);
  }
  for (const [a, ls] of Object.entries(more)) {
    db.addArea(Number(a));
    for (const l of ls) {
      const r = db.install(Number(a), l, undefined, 0);
      if (!r.ok) throw new Error(r.error.detail);
    }
  }
  return db;
}

/** The routing table as sorted text lines: exact prefixes, types, costs, areas and next hops. */
export function dumpRoutes(r: SpfResult): string[] {
  const out: string[] = [];
  for (const [k, v] of r.routes) {
    const cost = v.type === 'e2' ? `${v.cost}/${v.type2Cost}` : `${v.cost}`;
    const nh = v.nexthops.map((n) => `${n.address === 0 ? 'direct' : formatIPv4(n.address)}%${n.ifIndexOrName}`);
    out.push(`${formatPrefix(k)} ${v.type} ${cost} area ${formatIPv4(v.area)} [${nh.join(' ')}]`);
  }
  return out.sort();
}
