/**
 * Compile the `policy:` config section (schema.ts, already structurally valid) into evaluation structures, or
 * report every semantic problem at once, each with the exact path of the offending YAML node
 * (e.g. ['policy', 'routeMaps', 'HOST-IN', 0, 'match', 'prefixList']; indices are YAML positions).
 *
 * Checks: prefix syntax and host bits, ge/le ranges (len <= ge <= le <= max), duplicate or overflowing sequence
 * numbers, regex syntax (FRR dialect), community values, addresses, references to unknown lists, on-match goto
 * direction (forward only, so evaluation always ends, as in FRR), contradictory community sets.
 */
import { parsePrefix, prefixLen } from '../../lib/prefix.js';
import { err, ok, type Result } from '../../lib/result.js';
import { type LargeCommunity, parseCommunity, parseLargeCommunity } from './community.js';
import {
  type CompileCtx,
  type CompiledPolicy,
  LIST_SEQ_MAX,
  type PolicyDiag,
  type PolicyPath,
  parseValues,
  type Sequenced,
  sequence,
} from './compile-ctx.js';
import { compileRouteMap } from './compile-route-map.js';
import { type AsPathListEntry, type CommunityListEntry, type CompiledCommunityList, newTextCache } from './lists.js';
import { buildPrefixList, type PrefixListEntry } from './prefix-list.js';
import { compileFrrRegex } from './regex.js';
import type { CompiledRouteMap } from './route-map.js';
import type {
  AsPathListEntryCfg,
  CommunityListEntryCfg,
  LargeCommunityListEntryCfg,
  PolicyCfg,
  PrefixListEntryCfg,
} from './schema.js';

export type { CompiledPolicy, PolicyDiag, PolicyPath } from './compile-ctx.js';

// ---- prefix lists ----

function prefixEntry(ctx: CompileCtx, s: Sequenced<PrefixListEntryCfg>, path: PolicyPath): PrefixListEntry | undefined {
  const { cfg } = s;
  const p = parsePrefix(cfg.prefix, true);
  if (!p.ok) {
    ctx.diags.push({ path: [...path, 'prefix'], reason: p.error });
    return undefined;
  }
  const len = prefixLen(p.value);
  const max = typeof p.value === 'number' ? 32 : 128;
  let bad = false;
  for (const k of ['ge', 'le'] as const) {
    const v = cfg[k];
    if (v !== undefined && (v < len || v > max)) {
      ctx.diags.push({ path: [...path, k], reason: `${k} ${v} out of range for ${cfg.prefix}: want ${len}..${max}` });
      bad = true;
    }
  }
  if (!bad && cfg.ge !== undefined && cfg.le !== undefined && cfg.ge > cfg.le) {
    ctx.diags.push({ path: [...path, 'le'], reason: `le ${cfg.le} is less than ge ${cfg.ge}` });
    bad = true;
  }
  if (bad) return undefined;
  const e: PrefixListEntry = {
    seq: s.seq,
    action: cfg.action,
    prefix: p.value,
    minLen: cfg.ge ?? len,
    maxLen: cfg.le ?? (cfg.ge !== undefined ? max : len),
  };
  if (cfg.ge !== undefined) e.ge = cfg.ge;
  if (cfg.le !== undefined) e.le = cfg.le;
  return e;
}

function compilePrefixList(ctx: CompileCtx, name: string, cfg: readonly PrefixListEntryCfg[], path: PolicyPath) {
  const entries: PrefixListEntry[] = [];
  for (const s of sequence(ctx, cfg, path, LIST_SEQ_MAX)) {
    const e = prefixEntry(ctx, s, [...path, s.index]);
    if (e) entries.push(e);
  }
  ctx.prefixLists.set(name, buildPrefixList(name, entries));
}

// ---- AS-path and community lists ----

function regexOf(ctx: CompileCtx, src: string, path: PolicyPath): RegExp | undefined {
  const r = compileFrrRegex(src);
  if (r.ok) return r.value;
  ctx.diags.push({ path, reason: `bad regular expression ${JSON.stringify(src)}: ${r.error}` });
  return undefined;
}

function compileAsPathList(ctx: CompileCtx, name: string, cfg: readonly AsPathListEntryCfg[], path: PolicyPath) {
  const entries: AsPathListEntry[] = [];
  for (const s of sequence(ctx, cfg, path, LIST_SEQ_MAX)) {
    const re = regexOf(ctx, s.cfg.regex, [...path, s.index, 'regex']);
    if (re) entries.push({ seq: s.seq, action: s.cfg.action, regex: s.cfg.regex, re });
  }
  ctx.asPathLists.set(name, { name, entries, texts: ctx.texts, cache: new WeakMap() });
}

function compileCommunityList<V>(
  ctx: CompileCtx,
  name: string,
  cfg: readonly (CommunityListEntryCfg | LargeCommunityListEntryCfg)[],
  path: PolicyPath,
  large: boolean,
  parse: (t: string) => Result<V, string>,
): CompiledCommunityList<V> {
  const entries: CommunityListEntry<V>[] = [];
  for (const s of sequence(ctx, cfg, path, LIST_SEQ_MAX)) {
    const p = [...path, s.index];
    const c = s.cfg;
    if ('regex' in c) {
      const re = regexOf(ctx, c.regex, [...p, 'regex']);
      if (re) entries.push({ seq: s.seq, action: c.action, kind: 'expanded', regex: c.regex, re });
    } else {
      const values = parseValues(ctx, c.communities, [...p, 'communities'], parse);
      if (values) entries.push({ seq: s.seq, action: c.action, kind: 'standard', values });
    }
  }
  return { name, large, entries, texts: ctx.texts, cache: new WeakMap(), exactCache: new WeakMap() };
}

// ---- the section ----

/**
 * Compile a policy section. `base` is the path of the section itself in the document (default ['policy']).
 * An absent section compiles to an empty policy.
 */
export function compilePolicy(
  cfg: PolicyCfg | undefined,
  base: PolicyPath = ['policy'],
): Result<CompiledPolicy, PolicyDiag[]> {
  const ctx: CompileCtx = {
    diags: [],
    texts: newTextCache(),
    prefixLists: new Map(),
    asPathLists: new Map(),
    communityLists: new Map(),
    largeCommunityLists: new Map(),
  };
  const c = cfg ?? {};
  for (const [name, list] of Object.entries(c.prefixLists ?? {}))
    compilePrefixList(ctx, name, list, [...base, 'prefixLists', name]);
  for (const [name, list] of Object.entries(c.asPathLists ?? {}))
    compileAsPathList(ctx, name, list, [...base, 'asPathLists', name]);
  for (const [name, list] of Object.entries(c.communityLists ?? {})) {
    const path = [...base, 'communityLists', name];
    ctx.communityLists.set(name, compileCommunityList(ctx, name, list, path, false, parseCommunity));
  }
  for (const [name, list] of Object.entries(c.largeCommunityLists ?? {})) {
    const path = [...base, 'largeCommunityLists', name];
    const compiled = compileCommunityList<LargeCommunity>(ctx, name, list, path, true, parseLargeCommunity);
    ctx.largeCommunityLists.set(name, compiled);
  }
  const routeMaps = new Map<string, CompiledRouteMap>();
  for (const [name, map] of Object.entries(c.routeMaps ?? {}))
    routeMaps.set(name, compileRouteMap(ctx, name, map, [...base, 'routeMaps', name]));
  if (ctx.diags.length > 0) return err(ctx.diags);
  return ok({
    prefixLists: ctx.prefixLists,
    asPathLists: ctx.asPathLists,
    communityLists: ctx.communityLists,
    largeCommunityLists: ctx.largeCommunityLists,
    routeMaps,
  });
}
