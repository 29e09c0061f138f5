/**
 * Router-LSA body (RFC 2328 §A.4.2).
 *
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |    0    |V|E|B|        0      |            # links            |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                          Link ID                              |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         Link Data                             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Type      |     # TOS     |            metric             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      TOS      |        0      |          TOS  metric          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                              ...                              |
 *
 * The whole flags octet is kept (the bits after V/E/B: W of RFC 1584, Nt of RFC 3101) so that re-encoding
 * gives the received octets back; the reserved octets are written as zero.
 */
import { err, ok, type Result } from '../../lib/result.js';
import { ROUTER_LINK_LEN, TOS_ENTRY_LEN } from './iana.js';
import type { RouterLink, RouterLsaBody } from './types.js';
import { get16, get32, put16, put32 } from './wire.js';

const FIXED_LEN = 4;

export function routerBodySize(body: RouterLsaBody): number {
  let n = FIXED_LEN;
  for (const l of body.links) n += ROUTER_LINK_LEN + TOS_ENTRY_LEN * l.tos.length;
  return n;
}

export function writeRouterBody(body: RouterLsaBody, b: Uint8Array, at: number): number {
  b[at] = body.flags;
  b[at + 1] = 0;
  put16(b, at + 2, body.links.length);
  let p = at + FIXED_LEN;
  for (const l of body.links) {
    put32(b, p, l.linkId);
    put32(b, p + 4, l.linkData);
    b[p + 8] = l.type;
    b[p + 9] = l.tos.length;
    put16(b, p + 10, l.metric);
    p += ROUTER_LINK_LEN;
    for (const t of l.tos) {
      b[p] = t.tos;
      b[p + 1] = 0;
      put16(b, p + 2, t.metric);
      p += TOS_ENTRY_LEN;
    }
  }
  return p;
}

/** Decode `b[from..to)`. The link count must describe exactly the octets present (as FRR's ospfd checks). */
export function readRouterBody(b: Uint8Array, from: number, to: number): Result<RouterLsaBody, string> {
  if (to - from < FIXED_LEN) return err(`router-LSA body of ${to - from} octets`);
  const count = get16(b, from + 2);
  // Each link takes at least 12 octets: refuse an impossible count before allocating anything.
  if (count * ROUTER_LINK_LEN > to - from - FIXED_LEN) return err(`router-LSA claims ${count} links`);
  const links: RouterLink[] = [];
  let p = from + FIXED_LEN;
  for (let i = 0; i < count; i++) {
    if (to - p < ROUTER_LINK_LEN) return err(`router-LSA link ${i} overruns the LSA`);
    const type = b[p + 8] as number;
    if (type < 1 || type > 4) return err(`router-LSA link ${i} has unknown type ${type}`);
    const ntos = b[p + 9] as number;
    const link: RouterLink = {
      linkId: get32(b, p),
      linkData: get32(b, p + 4),
      type: type as RouterLink['type'],
      metric: get16(b, p + 10),
      tos: [],
    };
    p += ROUTER_LINK_LEN;
    if (to - p < ntos * TOS_ENTRY_LEN) return err(`router-LSA link ${i} TOS entries overrun the LSA`);
    for (let t = 0; t < ntos; t++, p += TOS_ENTRY_LEN) link.tos.push({ tos: b[p] as number, metric: get16(b, p + 2) });
    links.push(link);
  }
  if (p !== to) return err(`router-LSA has ${to - p} octets after its ${count} links`);
  return ok({ kind: 'router', flags: b[from] as number, links });
}
