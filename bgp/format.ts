/** Path attributes and prefixes as JSON for the API and CLI (edges only; never in a hot path). */
import { formatAddr, formatIPv4, formatPrefix, type PrefixKey } from '../lib/prefix.js';
import { communitiesText, formatLargeCommunity } from '../rib/policy/community.js';
import { formatAsPath } from '../rib/policy/index.js';
import type { PathAttrs } from './packet/types.js';

export interface AttrsJson {
  origin?: 'igp' | 'egp' | 'incomplete';
  asPath: string;
  nextHop?: string;
  nextHopLinkLocal?: string;
  med?: number;
  localPref?: number;
  atomicAggregate?: boolean;
  aggregator?: string;
  communities?: string[];
  largeCommunities?: string[];
  extCommunities?: string[];
  originatorId?: string;
  clusterList?: string[];
  unknown?: { type: number; flags: number; length: number }[];
}

const ORIGIN = ['igp', 'egp', 'incomplete'] as const;

export function attrsJson(a: Readonly<PathAttrs>): AttrsJson {
  const out: AttrsJson = { asPath: formatAsPath(a.asPath) };
  if (a.origin !== undefined) out.origin = ORIGIN[a.origin];
  if (a.mpReach) {
    const nh = a.mpReach.nextHop;
    out.nextHop = formatAddr(nh.length === 32 ? nh.subarray(0, 16) : nh);
    if (nh.length === 32) out.nextHopLinkLocal = formatAddr(nh.subarray(16));
  } else if (a.nextHop !== undefined) out.nextHop = formatIPv4(a.nextHop);
  if (a.med !== undefined) out.med = a.med;
  if (a.localPref !== undefined) out.localPref = a.localPref;
  if (a.atomicAggregate) out.atomicAggregate = true;
  if (a.aggregator) out.aggregator = `${a.aggregator.asn} ${formatIPv4(a.aggregator.address)}`;
  if (a.communities?.length) out.communities = communitiesText(a.communities).split(' ');
  if (a.largeCommunities?.length) out.largeCommunities = a.largeCommunities.map((c) => formatLargeCommunity(c));
  if (a.extCommunities?.length) out.extCommunities = a.extCommunities.map((e) => Buffer.from(e).toString('hex'));
  if (a.originatorId !== undefined) out.originatorId = formatIPv4(a.originatorId);
  if (a.clusterList?.length) out.clusterList = a.clusterList.map(formatIPv4);
  if (a.unknown?.length) out.unknown = a.unknown.map((u) => ({ type: u.type, flags: u.flags, length: u.value.length }));
  return out;
}

export function prefixText(p: PrefixKey): string {
  return formatPrefix(p);
}

/** A next-hop key (u32 or 16-char latin1 string) as text. */
export function nexthopText(nh: number | string | undefined): string | undefined {
  if (nh === undefined) return undefined;
  if (typeof nh === 'number') return formatIPv4(nh);
  const b = new Uint8Array(16);
  for (let i = 0; i < 16; i++) b[i] = nh.charCodeAt(i);
  return formatAddr(b);
}
