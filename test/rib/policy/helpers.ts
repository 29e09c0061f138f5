/** Shared helpers for the policy tests. */
import assert from 'node:assert/strict';
import type { AsPathSegment, PathAttrs } from '../../../bgp/packet/types.js';
import { type PrefixKey, parsePrefix } from '../../../lib/prefix.js';
import { type CompiledPolicy, compilePolicy, type PolicyDiag } from '../../../rib/policy/compile.js';
import type { PolicyRoute } from '../../../rib/policy/route-map.js';
import type { PolicyCfg } from '../../../rib/policy/schema.js';

export function pfx(s: string): PrefixKey {
  const r = parsePrefix(s);
  assert.ok(r.ok, s);
  return r.value;
}

export function compiled(cfg: PolicyCfg): CompiledPolicy {
  const r = compilePolicy(cfg);
  if (!r.ok) assert.fail(`unexpected diagnostics: ${JSON.stringify(r.error)}`);
  return r.value;
}

export function diagsOf(cfg: PolicyCfg): PolicyDiag[] {
  const r = compilePolicy(cfg);
  assert.equal(r.ok, false, 'expected diagnostics');
  return r.ok ? [] : r.error;
}

/** Deep-freeze so any mutation attempt throws in strict mode (ESM is strict). */
export function frozen<T>(v: T): T {
  if (v && typeof v === 'object' && !ArrayBuffer.isView(v)) {
    for (const x of Object.values(v)) frozen(x);
    Object.freeze(v);
  }
  return v;
}

export function route(prefix: string, attrs: PathAttrs, extra: Partial<PolicyRoute> = {}): PolicyRoute {
  return { prefix: pfx(prefix), attrs, protocol: 'bgp', ...extra };
}

export const seqPath = (...segs: number[][]): AsPathSegment[] => segs.map((asns) => ({ type: 2, asns }));
