/**
 * Prefix lists (FRR lib/plist.c semantics) compiled to a per-family binary trie.
 *
 * Semantics: the entry with the lowest seq that matches decides permit/deny; no match → deny (implicit deny);
 * a list with no entries at all → permit (FRR `plist->count == 0`); an absent list → deny.
 * An entry matches prefix P when P lies inside the entry prefix and len(P) is within [minLen, maxLen]
 * (exact when neither ge nor le was given; see schema.ts).
 *
 * Why a trie: every entry that can match P sits on P's path from the root (its prefix contains P). Walking at
 * most len(P) nodes, each holding "lowest entry index per query length", costs O(32) / O(128) instead of
 * O(entries). Entries are indexed in seq order, so "lowest seq" is "lowest index"; each node also stores the
 * lowest index found in its subtree so the walk stops as soon as nothing deeper can beat the current best.
 * Everything lives in typed arrays: no allocation per lookup.
 */
import { type PrefixKey, prefixLen } from '../../lib/prefix.js';
import type { PolicyAction } from './schema.js';

export interface PrefixListEntry {
  seq: number;
  action: PolicyAction;
  prefix: PrefixKey;
  /** As configured (for show output). */
  ge?: number;
  le?: number;
  /** Effective length range. */
  minLen: number;
  maxLen: number;
}

/** Walk structure for one address family. */
interface Trie {
  /** Address bits: 32 or 128. */
  width: number;
  /** child[node * 2 + bit] = node index, or -1. Node 0 is the root (depth 0). */
  child: Int32Array;
  /** Lowest entry index stored in the node's subtree (NONE when empty). */
  subMin: Int32Array;
  /** Row of `byLen` for nodes holding entries, else -1. */
  row: Int32Array;
  /** byLen[row * (width + 1) + len] = lowest entry index at this node matching that length, or NONE. */
  byLen: Int32Array;
}

export interface CompiledPrefixList {
  name: string;
  /** Sorted by seq. */
  entries: readonly PrefixListEntry[];
  /** permit[i] = 1 when entries[i] permits. */
  permit: Uint8Array;
  v4: Trie | undefined;
  v6: Trie | undefined;
}

const NONE = 0x7fffffff;

function bitOf(key: PrefixKey, depth: number): number {
  if (typeof key === 'number') return (Math.floor(key / 64) >>> (31 - depth)) & 1;
  return (key.charCodeAt(depth >> 3) >> (7 - (depth & 7))) & 1;
}

function buildTrie(entries: readonly PrefixListEntry[], v4: boolean): Trie | undefined {
  const width = v4 ? 32 : 128;
  const child: number[] = [-1, -1];
  const subMin: number[] = [NONE];
  const row: number[] = [-1];
  const byLen: number[] = [];
  let any = false;
  entries.forEach((e, index) => {
    if ((typeof e.prefix === 'number') !== v4) return;
    any = true;
    const len = prefixLen(e.prefix);
    let node = 0;
    subMin[0] = Math.min(subMin[0] ?? NONE, index);
    for (let d = 0; d < len; d++) {
      const slot = node * 2 + bitOf(e.prefix, d);
      let next = child[slot] ?? -1;
      if (next < 0) {
        next = subMin.length;
        child[slot] = next;
        child.push(-1, -1);
        subMin.push(NONE);
        row.push(-1);
      }
      node = next;
      subMin[node] = Math.min(subMin[node] ?? NONE, index);
    }
    let r = row[node] ?? -1;
    if (r < 0) {
      r = byLen.length / (width + 1);
      row[node] = r;
      for (let l = 0; l <= width; l++) byLen.push(NONE);
    }
    // Entries arrive in seq order, so the first writer of a length is the lowest seq.
    for (let l = e.minLen; l <= e.maxLen; l++) {
      const at = r * (width + 1) + l;
      if (byLen[at] === NONE) byLen[at] = index;
    }
  });
  if (!any) return undefined;
  return {
    width,
    child: Int32Array.from(child),
    subMin: Int32Array.from(subMin),
    row: Int32Array.from(row),
    byLen: Int32Array.from(byLen),
  };
}

/** Build from entries already validated (host bits clear, ranges checked) and sorted by seq. */
export function buildPrefixList(name: string, entries: readonly PrefixListEntry[]): CompiledPrefixList {
  return {
    name,
    entries,
    permit: Uint8Array.from(entries, (e) => (e.action === 'permit' ? 1 : 0)),
    v4: buildTrie(entries, true),
    v6: buildTrie(entries, false),
  };
}

function lookupV4(t: Trie, key: number): number {
  const len = key % 64;
  const addr = (key - len) / 64;
  const stride = t.width + 1;
  let best = NONE;
  let node = 0;
  for (let d = 0; ; d++) {
    if ((t.subMin[node] as number) >= best) break;
    const r = t.row[node] as number;
    if (r >= 0) {
      const e = t.byLen[r * stride + len] as number;
      if (e < best) best = e;
    }
    if (d === len) break;
    node = t.child[node * 2 + ((addr >>> (31 - d)) & 1)] as number;
    if (node < 0) break;
  }
  return best;
}

function lookupV6(t: Trie, key: string): number {
  const len = key.charCodeAt(16);
  const stride = t.width + 1;
  let best = NONE;
  let node = 0;
  for (let d = 0; ; d++) {
    if ((t.subMin[node] as number) >= best) break;
    const r = t.row[node] as number;
    if (r >= 0) {
      const e = t.byLen[r * stride + len] as number;
      if (e < best) best = e;
    }
    if (d === len) break;
    node = t.child[node * 2 + ((key.charCodeAt(d >> 3) >> (7 - (d & 7))) & 1)] as number;
    if (node < 0) break;
  }
  return best;
}

/** Index (into `entries`) of the deciding entry, or -1 when none matches. */
export function prefixListLookup(list: CompiledPrefixList, prefix: PrefixKey): number {
  let best = NONE;
  if (typeof prefix === 'number') {
    if (list.v4) best = lookupV4(list.v4, prefix);
  } else if (list.v6) best = lookupV6(list.v6, prefix);
  return best === NONE ? -1 : best;
}

/** FRR prefix_list_apply: absent list → deny; list without entries → permit; else first match by seq, or deny. */
export function matchPrefixList(list: CompiledPrefixList | undefined, prefix: PrefixKey): PolicyAction {
  if (list === undefined) return 'deny';
  if (list.entries.length === 0) return 'permit';
  const i = prefixListLookup(list, prefix);
  return i >= 0 && list.permit[i] === 1 ? 'permit' : 'deny';
}
