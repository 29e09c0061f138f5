/**
 * Shared pieces of policy compilation: the diagnostic type, the compile context, sequence numbering and value
 * parsing helpers used by compile.ts and compile-route-map.ts.
 */
import { AFI_IPV4, type Afi, parseAddr } from '../../lib/prefix.js';
import type { Result } from '../../lib/result.js';
import type { CompiledAsPathList, CompiledLargeCommunityList, CompiledStdCommunityList, TextCache } from './lists.js';
import type { CompiledPrefixList } from './prefix-list.js';
import type { CompiledRouteMap } from './route-map.js';

export type PolicyPath = (string | number)[];

export interface PolicyDiag {
  /** Keys from the document root to the offending node. */
  path: PolicyPath;
  reason: string;
}

export interface CompiledPolicy {
  prefixLists: ReadonlyMap<string, CompiledPrefixList>;
  asPathLists: ReadonlyMap<string, CompiledAsPathList>;
  communityLists: ReadonlyMap<string, CompiledStdCommunityList>;
  largeCommunityLists: ReadonlyMap<string, CompiledLargeCommunityList>;
  routeMaps: ReadonlyMap<string, CompiledRouteMap>;
}

/** Shared state while compiling. */
export interface CompileCtx {
  diags: PolicyDiag[];
  texts: TextCache;
  prefixLists: Map<string, CompiledPrefixList>;
  asPathLists: Map<string, CompiledAsPathList>;
  communityLists: Map<string, CompiledStdCommunityList>;
  largeCommunityLists: Map<string, CompiledLargeCommunityList>;
}

export const LIST_SEQ_MAX = 4294967295;
export const ROUTE_MAP_SEQ_MAX = 65535;
/** Automatic numbering: highest seq so far + SEQ_STEP, from SEQ_STEP (FRR prefix-list rule). */
export const SEQ_STEP = 5;

export interface Sequenced<E> {
  cfg: E;
  seq: number;
  /** Position in the YAML list (for diagnostic paths). */
  index: number;
}

/** Give every entry its seq (explicit or automatic), report duplicates/overflow, return them in seq order. */
export function sequence<E extends { seq?: number }>(
  ctx: CompileCtx,
  entries: readonly E[],
  path: PolicyPath,
  max: number,
): Sequenced<E>[] {
  const out: Sequenced<E>[] = [];
  const seen = new Map<number, number>();
  let highest = 0;
  entries.forEach((cfg, index) => {
    const seq = cfg.seq ?? highest + SEQ_STEP;
    if (cfg.seq === undefined && seq > max)
      ctx.diags.push({ path: [...path, index], reason: `automatic sequence number ${seq} exceeds ${max}` });
    const prior = seen.get(seq);
    if (prior !== undefined) {
      ctx.diags.push({
        path: [...path, index, 'seq'],
        reason: `duplicate sequence number ${seq} (entry ${prior} has it too)`,
      });
      return;
    }
    seen.set(seq, index);
    highest = Math.max(highest, seq);
    out.push({ cfg, seq, index });
  });
  return out.sort((a, b) => a.seq - b.seq);
}

/** Resolve "a.b.c.d" to u32 or "x::y" to 16 octets. */
export function addressValue(text: string): { afi: Afi; value: number | Uint8Array } | undefined {
  const a = parseAddr(text);
  if (!a) return undefined;
  if (a.afi === AFI_IPV4) {
    const b = a.addr;
    return { afi: a.afi, value: (((b[0] ?? 0) << 24) | ((b[1] ?? 0) << 16) | ((b[2] ?? 0) << 8) | (b[3] ?? 0)) >>> 0 };
  }
  return { afi: a.afi, value: a.addr };
}

/** Parse community texts; diagnostics at path/j. */
export function parseValues<V>(
  ctx: CompileCtx,
  texts: readonly string[],
  path: PolicyPath,
  parse: (t: string) => Result<V, string>,
): V[] | undefined {
  const out: V[] = [];
  let bad = false;
  texts.forEach((t, j) => {
    const r = parse(t);
    if (r.ok) out.push(r.value);
    else {
      ctx.diags.push({ path: [...path, j], reason: r.error });
      bad = true;
    }
  });
  return bad ? undefined : out;
}
