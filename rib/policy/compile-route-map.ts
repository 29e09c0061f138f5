/**
 * Compile one route map (schema.ts RouteMapSchema) into CompiledRouteMap (route-map.ts), resolving list
 * references against what compile.ts already built and reporting problems at their YAML paths.
 *
 * FRR rules kept: sequence 1..65535; on-match goto must point forward (lib/routemap_cli.c refuses a goto to
 * a lower or equal sequence, which is what guarantees evaluation ends).
 */
import type { Result } from '../../lib/result.js';
import { parseCommunity, parseLargeCommunity } from './community.js';
import {
  addressValue,
  type CompileCtx,
  type PolicyPath,
  parseValues,
  ROUTE_MAP_SEQ_MAX,
  type Sequenced,
  sequence,
} from './compile-ctx.js';
import type { CompiledCommunityList } from './lists.js';
import { type CompiledMatch, type CompiledRouteMap, type CompiledRouteMapEntry, PROTOCOL_BIT } from './route-map.js';
import type {
  CommunitySetCfg,
  LargeCommunitySetCfg,
  RouteMapEntryCfg,
  RouteMapMatchCfg,
  RouteMapSetCfg,
} from './schema.js';
import type { CompiledCommunitySet, CompiledNextHopSet, CompiledSet } from './set.js';

const ORIGIN = { igp: 0, egp: 1, incomplete: 2 } as const;
const U32_MAX = 0xffffffff;

/** Look a name up in one of the list maps; report `kind` and the path when it is missing. */
function ref<T>(ctx: CompileCtx, map: ReadonlyMap<string, T>, name: string, kind: string, path: PolicyPath) {
  const v = map.get(name);
  if (v === undefined) ctx.diags.push({ path, reason: `unknown ${kind} ${JSON.stringify(name)}` });
  return v;
}

function address(ctx: CompileCtx, text: string, path: PolicyPath): number | Uint8Array | undefined {
  const a = addressValue(text);
  if (!a) ctx.diags.push({ path, reason: `not an IP address: ${JSON.stringify(text)}` });
  return a?.value;
}

function compileMatch(ctx: CompileCtx, m: RouteMapMatchCfg, path: PolicyPath): CompiledMatch {
  const out: CompiledMatch = {
    protocols: 0,
    metric: m.metric,
    localPref: m.localPref,
    origin: m.origin === undefined ? undefined : ORIGIN[m.origin],
    peer: m.peer === undefined ? undefined : address(ctx, m.peer, [...path, 'peer']),
    nextHopAddress: undefined,
    nextHopPrefixList: undefined,
    prefixList: undefined,
    asPathList: undefined,
    community: undefined,
    communityExact: false,
    largeCommunity: undefined,
    largeCommunityExact: false,
  };
  if (m.protocol !== undefined)
    for (const p of Array.isArray(m.protocol) ? m.protocol : [m.protocol]) out.protocols |= PROTOCOL_BIT[p];
  if (m.nextHop !== undefined) {
    if ('address' in m.nextHop) out.nextHopAddress = address(ctx, m.nextHop.address, [...path, 'nextHop', 'address']);
    else
      out.nextHopPrefixList = ref(ctx, ctx.prefixLists, m.nextHop.prefixList, 'prefix list', [
        ...path,
        'nextHop',
        'prefixList',
      ]);
  }
  if (m.prefixList !== undefined)
    out.prefixList = ref(ctx, ctx.prefixLists, m.prefixList, 'prefix list', [...path, 'prefixList']);
  if (m.asPathList !== undefined)
    out.asPathList = ref(ctx, ctx.asPathLists, m.asPathList, 'AS-path list', [...path, 'asPathList']);
  if (m.community !== undefined) {
    const byName = typeof m.community === 'string';
    const name = typeof m.community === 'string' ? m.community : m.community.list;
    const p = byName ? [...path, 'community'] : [...path, 'community', 'list'];
    out.community = ref(ctx, ctx.communityLists, name, 'community list', p);
    out.communityExact = typeof m.community !== 'string' && m.community.exactMatch === true;
  }
  if (m.largeCommunity !== undefined) {
    const lc = m.largeCommunity;
    const name = typeof lc === 'string' ? lc : lc.list;
    const p = typeof lc === 'string' ? [...path, 'largeCommunity'] : [...path, 'largeCommunity', 'list'];
    out.largeCommunity = ref(ctx, ctx.largeCommunityLists, name, 'large-community list', p);
    out.largeCommunityExact = typeof lc !== 'string' && lc.exactMatch === true;
  }
  return out;
}

function compileCommunitySet<V>(
  ctx: CompileCtx,
  cs: CommunitySetCfg | LargeCommunitySetCfg,
  path: PolicyPath,
  lists: ReadonlyMap<string, CompiledCommunityList<V>>,
  kind: string,
  parse: (t: string) => Result<V, string>,
): CompiledCommunitySet<V> {
  if (cs.none && cs.replace)
    ctx.diags.push({ path: [...path, 'none'], reason: '`none` and `replace` contradict each other' });
  const values = (k: 'replace' | 'remove' | 'add') => {
    const t = cs[k];
    return t === undefined ? undefined : parseValues(ctx, t, [...path, k], parse);
  };
  return {
    none: cs.none === true,
    replace: values('replace'),
    remove: values('remove'),
    removeList: cs.removeList === undefined ? undefined : ref(ctx, lists, cs.removeList, kind, [...path, 'removeList']),
    add: values('add'),
  };
}

function compileNextHop(ctx: CompileCtx, text: string, path: PolicyPath): CompiledNextHopSet | undefined {
  if (text === 'peer-address' || text === 'unchanged') return { kind: text };
  const a = address(ctx, text, path);
  return a === undefined ? undefined : { kind: 'address', address: a };
}

function compileSet(ctx: CompileCtx, s: RouteMapSetCfg, path: PolicyPath): CompiledSet {
  let med: number | undefined;
  let medRelative = false;
  if (typeof s.med === 'number') med = s.med;
  else if (typeof s.med === 'string') {
    const n = Number(s.med.slice(1));
    if (n > U32_MAX) ctx.diags.push({ path: [...path, 'med'], reason: `MED change ${s.med} exceeds 2^32-1` });
    med = s.med.startsWith('-') ? -n : n;
    medRelative = true;
  }
  return {
    localPref: s.localPref,
    med,
    medRelative,
    weight: s.weight,
    nextHop: s.nextHop === undefined ? undefined : compileNextHop(ctx, s.nextHop, [...path, 'nextHop']),
    asPathPrepend: s.asPathPrepend,
    asPathExclude: s.asPathExclude,
    community:
      s.community === undefined
        ? undefined
        : compileCommunitySet(ctx, s.community, [...path, 'community'], ctx.communityLists, 'community list', (t) =>
            parseCommunity(t),
          ),
    largeCommunity:
      s.largeCommunity === undefined
        ? undefined
        : compileCommunitySet(
            ctx,
            s.largeCommunity,
            [...path, 'largeCommunity'],
            ctx.largeCommunityLists,
            'large-community list',
            parseLargeCommunity,
          ),
    origin: s.origin === undefined ? undefined : ORIGIN[s.origin],
  };
}

/** Where evaluation continues after this (permit) entry matched: -1 exit, else an index into the sorted list. */
function continuation(ctx: CompileCtx, sorted: readonly Sequenced<RouteMapEntryCfg>[], at: number, path: PolicyPath) {
  const s = sorted[at] as Sequenced<RouteMapEntryCfg>;
  const om = s.cfg.onMatch;
  if (om === undefined || s.cfg.action === 'deny') return -1;
  if (om === 'next') return at + 1;
  if (om.goto <= s.seq) {
    ctx.diags.push({
      path: [...path, s.index, 'onMatch', 'goto'],
      reason: `goto ${om.goto} must be greater than this entry's sequence number ${s.seq}`,
    });
    return -1;
  }
  const target = sorted.findIndex((x) => x.seq >= om.goto);
  return target < 0 ? sorted.length : target;
}

export function compileRouteMap(
  ctx: CompileCtx,
  name: string,
  cfg: readonly RouteMapEntryCfg[],
  path: PolicyPath,
): CompiledRouteMap {
  const sorted = sequence(ctx, cfg, path, ROUTE_MAP_SEQ_MAX);
  const entries = sorted.map((s, at): CompiledRouteMapEntry => {
    const p = [...path, s.index];
    return {
      seq: s.seq,
      action: s.cfg.action,
      description: s.cfg.description,
      match: s.cfg.match === undefined ? undefined : compileMatch(ctx, s.cfg.match, [...p, 'match']),
      set: s.cfg.set === undefined ? undefined : compileSet(ctx, s.cfg.set, [...p, 'set']),
      next: continuation(ctx, sorted, at, path),
    };
  });
  return { name, entries };
}
