/**
 * AS-path lists and (large) community lists (FRR bgpd/bgp_filter.c, bgpd/bgp_clist.c semantics):
 * entries in seq order, the first that matches decides permit/deny, none → deny (also for an empty list).
 *
 * RFC 1997 communities, RFC 8092 large communities, RFC 4271 §5.1.2 AS_PATH.
 *
 * Results are cached per attribute object (WeakMap keyed by PathAttrs): the RIB interns attributes and many
 * prefixes share one object, so each regex runs once per distinct attribute set. This relies on PathAttrs being
 * immutable once published, which is the RIB's rule (and route maps here never mutate their input).
 */
import type { PathAttrs } from '../../bgp/packet/types.js';
import { communitiesText, largeCommunitiesText, sameLargeCommunity } from './community.js';
import { formatAsPath } from './regex.js';
import type { PolicyAction } from './schema.js';

/** Per-policy caches of the regex subject texts, shared by all lists of one compiled policy. */
export interface TextCache {
  asPath: WeakMap<PathAttrs, string>;
  communities: WeakMap<PathAttrs, string>;
  largeCommunities: WeakMap<PathAttrs, string>;
}

export function newTextCache(): TextCache {
  return { asPath: new WeakMap(), communities: new WeakMap(), largeCommunities: new WeakMap() };
}

// ---- AS-path lists ----

export interface AsPathListEntry {
  seq: number;
  action: PolicyAction;
  /** As configured. */
  regex: string;
  re: RegExp;
}

export interface CompiledAsPathList {
  name: string;
  entries: readonly AsPathListEntry[];
  texts: TextCache;
  cache: WeakMap<PathAttrs, boolean>;
}

export function asPathText(texts: TextCache, attrs: PathAttrs): string {
  let s = texts.asPath.get(attrs);
  if (s === undefined) {
    s = formatAsPath(attrs.asPath);
    texts.asPath.set(attrs, s);
  }
  return s;
}

/** FRR as_list_apply. An absent list denies. */
export function matchAsPathList(list: CompiledAsPathList | undefined, attrs: PathAttrs): PolicyAction {
  if (list === undefined) return 'deny';
  let permit = list.cache.get(attrs);
  if (permit === undefined) {
    permit = false;
    const text = asPathText(list.texts, attrs);
    for (const e of list.entries) {
      if (e.re.test(text)) {
        permit = e.action === 'permit';
        break;
      }
    }
    list.cache.set(attrs, permit);
  }
  return permit ? 'permit' : 'deny';
}

// ---- community lists ----

export type CommunityListEntry<V> =
  | { seq: number; action: PolicyAction; kind: 'standard'; values: readonly V[] }
  | { seq: number; action: PolicyAction; kind: 'expanded'; regex: string; re: RegExp };

export interface CompiledCommunityList<V> {
  name: string;
  large: boolean;
  entries: readonly CommunityListEntry<V>[];
  texts: TextCache;
  cache: WeakMap<PathAttrs, boolean>;
  exactCache: WeakMap<PathAttrs, boolean>;
}
export type CompiledStdCommunityList = CompiledCommunityList<number>;
export type CompiledLargeCommunityList = CompiledCommunityList<[number, number, number]>;

type Eq<V> = (a: V, b: V) => boolean;

function has<V>(route: readonly V[], v: V, eq: Eq<V>): boolean {
  for (const r of route) if (eq(r, v)) return true;
  return false;
}

/** community_match: every value of the entry is on the route. */
function includesAll<V>(route: readonly V[], want: readonly V[], eq: Eq<V>): boolean {
  for (const w of want) if (!has(route, w, eq)) return false;
  return true;
}

/** community_cmp: the same set (duplicates ignored). */
function sameSet<V>(route: readonly V[], want: readonly V[], eq: Eq<V>): boolean {
  return includesAll(route, want, eq) && includesAll(want, route, eq);
}

const eqNum: Eq<number> = (a, b) => a === b;
const eqLarge: Eq<[number, number, number]> = sameLargeCommunity;

function subjectText(list: CompiledCommunityList<unknown>, attrs: PathAttrs): string {
  const map = list.large ? list.texts.largeCommunities : list.texts.communities;
  let s = map.get(attrs);
  if (s === undefined) {
    s = list.large ? largeCommunitiesText(attrs.largeCommunities) : communitiesText(attrs.communities);
    map.set(attrs, s);
  }
  return s;
}

function evaluate<V>(list: CompiledCommunityList<V>, attrs: PathAttrs, route: readonly V[], exact: boolean): boolean {
  const eq = (list.large ? eqLarge : eqNum) as Eq<V>;
  for (const e of list.entries) {
    let hit: boolean;
    if (e.kind === 'standard') {
      // An attribute-less route never matches a standard entry (the entry always lists >= 1 value).
      hit = route.length > 0 && (exact ? sameSet(route, e.values, eq) : includesAll(route, e.values, eq));
    } else {
      // Expanded entries behave the same with exact-match (FRR community_list_exact_match).
      hit = e.re.test(subjectText(list, attrs));
    }
    if (hit) return e.action === 'permit';
  }
  return false;
}

/** FRR community_list_match / community_list_exact_match. An absent list denies. */
export function matchCommunityList(
  list: CompiledStdCommunityList | undefined,
  attrs: PathAttrs,
  exact = false,
): PolicyAction {
  return matchAny(list, attrs, exact, attrs.communities ?? []);
}

/** FRR lcommunity_list_match / lcommunity_list_exact_match. An absent list denies. */
export function matchLargeCommunityList(
  list: CompiledLargeCommunityList | undefined,
  attrs: PathAttrs,
  exact = false,
): PolicyAction {
  return matchAny(list, attrs, exact, attrs.largeCommunities ?? []);
}

function matchAny<V>(
  list: CompiledCommunityList<V> | undefined,
  attrs: PathAttrs,
  exact: boolean,
  route: readonly V[],
): PolicyAction {
  if (list === undefined) return 'deny';
  const cache = exact ? list.exactCache : list.cache;
  let permit = cache.get(attrs);
  if (permit === undefined) {
    permit = evaluate(list, attrs, route, exact);
    cache.set(attrs, permit);
  }
  return permit ? 'permit' : 'deny';
}

/**
 * FRR community_list_match_delete: for each value on the route, the first entry that covers it (standard: the
 * value is one of the entry's; expanded: the regex matches that single value's text) decides; permit → delete.
 * Returns the kept values (the same array when nothing is deleted).
 */
export function communityListDelete<V>(
  list: CompiledCommunityList<V>,
  values: readonly V[],
  textOf: (v: V) => string,
): readonly V[] {
  const eq = (list.large ? eqLarge : eqNum) as Eq<V>;
  let kept: V[] | undefined;
  values.forEach((v, i) => {
    let del = false;
    for (const e of list.entries) {
      const covers = e.kind === 'standard' ? has(e.values, v, eq) : e.re.test(textOf(v));
      if (covers) {
        del = e.action === 'permit';
        break;
      }
    }
    if (del && kept === undefined) kept = values.slice(0, i);
    else if (!del && kept !== undefined) kept.push(v);
  });
  return kept ?? values;
}
