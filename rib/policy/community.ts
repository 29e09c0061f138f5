/**
 * Community text forms for people, the API and expanded community-list regexes.
 *
 * RFC 1997 communities are u32 ("AA:NN" = AA * 65536 + NN); RFC 8092 large communities are [GA, L1, L2] u32
 * triples ("GA:L1:L2"). Well-known values and their names follow the IANA "BGP Well-known Communities" registry
 * and FRR's spellings (bgpd/bgp_community.c), so `show` output and regexes written for FRR behave the same.
 */
import { err, ok, type Result } from '../../lib/result.js';

/** Canonical (FRR) name → value. */
export const WELL_KNOWN_COMMUNITIES: Readonly<Record<string, number>> = {
  internet: 0x00000000, // FRR prints 0:0 as "internet"
  'graceful-shutdown': 0xffff0000, // RFC 8326
  'accept-own': 0xffff0001, // RFC 7611
  'route-filter-translated-v4': 0xffff0002, // draft-l3vpn-legacy-rtc
  'route-filter-v4': 0xffff0003,
  'route-filter-translated-v6': 0xffff0004,
  'route-filter-v6': 0xffff0005,
  'llgr-stale': 0xffff0006, // RFC 9494
  'no-llgr': 0xffff0007, // RFC 9494
  'accept-own-nexthop': 0xffff0008, // draft-agrewal-idr-accept-own-nexthop
  blackhole: 0xffff029a, // RFC 7999
  'no-export': 0xffffff01, // RFC 1997
  'no-advertise': 0xffffff02, // RFC 1997
  'local-AS': 0xffffff03, // RFC 1997 NO_EXPORT_SUBCONFED; FRR calls it local-AS
  'no-peer': 0xffffff04, // RFC 3765
};

/** Accepted on input only. */
const ALIASES: Readonly<Record<string, number>> = {
  'local-as': 0xffffff03,
  'no-export-subconfed': 0xffffff03,
};

const NAME_OF = new Map<number, string>(Object.entries(WELL_KNOWN_COMMUNITIES).map(([n, v]) => [v, n]));

export const COMMUNITY_NO_EXPORT = 0xffffff01;
export const COMMUNITY_NO_ADVERTISE = 0xffffff02;
export const COMMUNITY_NO_EXPORT_SUBCONFED = 0xffffff03;
export const COMMUNITY_NO_PEER = 0xffffff04;
export const COMMUNITY_BLACKHOLE = 0xffff029a;
export const COMMUNITY_GRACEFUL_SHUTDOWN = 0xffff0000;

const DEC = /^(0|[1-9][0-9]*)$/;

function parseU(text: string, max: number): number | undefined {
  if (!DEC.test(text) || text.length > 10) return undefined;
  const n = Number(text);
  return n <= max ? n : undefined;
}

/** Parse "65000:100" or a well-known name ("no-export", "local-AS", ...) to the u32 value. */
export function parseCommunity(text: string): Result<number, string> {
  const named = Object.hasOwn(WELL_KNOWN_COMMUNITIES, text)
    ? WELL_KNOWN_COMMUNITIES[text]
    : Object.hasOwn(ALIASES, text)
      ? ALIASES[text]
      : undefined;
  if (named !== undefined) return ok(named);
  const colon = text.indexOf(':');
  if (colon < 0) return err(`not a community: ${JSON.stringify(text)} (want AA:NN or a well-known name)`);
  const hi = parseU(text.slice(0, colon), 65535);
  const lo = parseU(text.slice(colon + 1), 65535);
  if (hi === undefined || lo === undefined)
    return err(`not a community: ${JSON.stringify(text)} (each half must be 0..65535)`);
  return ok(hi * 65536 + lo);
}

/** FRR text form: the well-known name, else "AA:NN". */
export function formatCommunity(value: number): string {
  const name = NAME_OF.get(value);
  if (name !== undefined) return name;
  return `${Math.floor(value / 65536)}:${value % 65536}`;
}

/**
 * The text an expanded community-list regex runs over: values sorted ascending (FRR keeps them sorted),
 * space-separated, well-known ones by name. No communities → "".
 */
export function communitiesText(values: readonly number[] | undefined): string {
  if (!values || values.length === 0) return '';
  const sorted = values.length === 1 ? values : [...values].sort((a, b) => a - b);
  let s = '';
  for (let i = 0; i < sorted.length; i++) s += (i === 0 ? '' : ' ') + formatCommunity(sorted[i] ?? 0);
  return s;
}

export type LargeCommunity = [number, number, number];

/** Parse "GA:L1:L2" (RFC 8092 §3: three u32 fields). */
export function parseLargeCommunity(text: string): Result<LargeCommunity, string> {
  const parts = text.split(':');
  if (parts.length !== 3) return err(`not a large community: ${JSON.stringify(text)} (want GA:L1:L2)`);
  const out: number[] = [];
  for (const p of parts) {
    const v = parseU(p, 0xffffffff);
    if (v === undefined) return err(`not a large community: ${JSON.stringify(text)} (each part must be 0..4294967295)`);
    out.push(v);
  }
  return ok(out as LargeCommunity);
}

export function formatLargeCommunity(c: readonly [number, number, number]): string {
  return `${c[0]}:${c[1]}:${c[2]}`;
}

export function compareLargeCommunity(a: readonly number[], b: readonly number[]): number {
  return (a[0] ?? 0) - (b[0] ?? 0) || (a[1] ?? 0) - (b[1] ?? 0) || (a[2] ?? 0) - (b[2] ?? 0);
}

export function sameLargeCommunity(a: readonly number[], b: readonly number[]): boolean {
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
}

/** Regex subject for expanded large-community lists: sorted, space-separated "GA:L1:L2". */
export function largeCommunitiesText(values: readonly (readonly [number, number, number])[] | undefined): string {
  if (!values || values.length === 0) return '';
  const sorted = values.length === 1 ? values : [...values].sort(compareLargeCommunity);
  let s = '';
  for (let i = 0; i < sorted.length; i++) {
    const c = sorted[i];
    if (c) s += (i === 0 ? '' : ' ') + formatLargeCommunity(c);
  }
  return s;
}
