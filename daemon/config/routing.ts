/**
 * The `rib` and `fib` sections: administrative distances, static routes, and how routes reach the kernel
 * (noverlay's own rtnetlink protocol number, table, metric, timers). Documented in docs/config.md.
 */
import { type Static, Type } from '@sinclair/typebox';
import { parseAddr, parsePrefix } from '../../lib/prefix.js';
import { IfPattern, IpAddr, Prefix, strict } from './atoms.js';
import type { ConfigPath } from './diagnostic.js';

const Distance = Type.Integer({ minimum: 1, maximum: 255, errorMessage: 'must be a distance 1..255' });

export const RibCfgSchema = Type.Object(
  {
    distances: Type.Optional(
      Type.Object(
        {
          static: Type.Optional(Distance),
          ebgp: Type.Optional(Distance),
          ospf: Type.Optional(Distance),
          ibgp: Type.Optional(Distance),
        },
        strict,
      ),
    ),
    staticRoutes: Type.Optional(
      Type.Array(
        Type.Object(
          {
            prefix: Prefix,
            via: Type.Optional(Type.Union([IpAddr, Type.Array(IpAddr, { minItems: 1, maxItems: 64 })])),
            interface: Type.Optional(IfPattern),
            metric: Type.Optional(Type.Integer({ minimum: 0, maximum: 4294967295 })),
          },
          strict,
        ),
      ),
    ),
  },
  strict,
);

export const FibCfgSchema = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean()),
    protocol: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 255, errorMessage: 'must be an rtnetlink protocol number 1..255' }),
    ),
    table: Type.Optional(Type.Integer({ minimum: 1, maximum: 4294967295 })),
    metric: Type.Optional(Type.Integer({ minimum: 0, maximum: 4294967295 })),
    sweepSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 86400 })),
    reconcileSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 86400 })),
  },
  strict,
);

export type RawRibCfg = Static<typeof RibCfgSchema>;
export type RawFibCfg = Static<typeof FibCfgSchema>;

export interface StaticRouteCfg {
  prefix: string;
  via: string[];
  interface: string | undefined;
  metric: number;
}

export interface RibCfg {
  distances: { static?: number; ebgp?: number; ospf?: number; ibgp?: number };
  staticRoutes: StaticRouteCfg[];
}

export interface FibCfg {
  enabled: boolean;
  protocol: number;
  table: number;
  metric: number;
  sweepSeconds: number;
  reconcileSeconds: number;
}

/** Protocol numbers that belong to others (kernel, boot, static, zebra, BIRD, kube-router, Calico, FRR). */
export const FOREIGN_PROTOCOLS: ReadonlyMap<number, string> = new Map([
  [1, 'redirect'],
  [2, 'kernel'],
  [3, 'boot'],
  [4, 'static'],
  [11, 'zebra'],
  [12, 'BIRD'],
  [16, 'dhcp'],
  [17, 'kube-router'],
  [18, 'keepalived'],
  [42, 'babel'],
  [80, 'Calico'],
  ...Array.from({ length: 12 }, (_, i): [number, string] => [186 + i, 'FRR']),
]);

export const FIB_DEFAULTS: FibCfg = {
  enabled: true,
  protocol: 201,
  table: 254,
  metric: 20,
  sweepSeconds: 120,
  reconcileSeconds: 60,
};

export function normalizeRib(raw: RawRibCfg | undefined): RibCfg {
  return {
    distances: { ...raw?.distances },
    staticRoutes: (raw?.staticRoutes ?? []).map((r) => ({
      prefix: r.prefix,
      via: r.via === undefined ? [] : Array.isArray(r.via) ? r.via : [r.via],
      interface: r.interface,
      metric: r.metric ?? 0,
    })),
  };
}

export function normalizeFib(raw: RawFibCfg | undefined): FibCfg {
  return {
    enabled: raw?.enabled ?? FIB_DEFAULTS.enabled,
    protocol: raw?.protocol ?? FIB_DEFAULTS.protocol,
    table: raw?.table ?? FIB_DEFAULTS.table,
    metric: raw?.metric ?? FIB_DEFAULTS.metric,
    sweepSeconds: raw?.sweepSeconds ?? FIB_DEFAULTS.sweepSeconds,
    reconcileSeconds: raw?.reconcileSeconds ?? FIB_DEFAULTS.reconcileSeconds,
  };
}

export function checkRouting(
  rib: RawRibCfg | undefined,
  fib: RawFibCfg | undefined,
): { path: ConfigPath; message: string }[] {
  const out: { path: ConfigPath; message: string }[] = [];
  if (fib?.protocol !== undefined && FOREIGN_PROTOCOLS.has(fib.protocol)) {
    out.push({
      path: ['fib', 'protocol'],
      message: `protocol ${fib.protocol} belongs to ${FOREIGN_PROTOCOLS.get(fib.protocol)}; pick another`,
    });
  }
  (rib?.staticRoutes ?? []).forEach((r, i) => {
    const path: ConfigPath = ['rib', 'staticRoutes', i];
    const pr = parsePrefix(r.prefix, true);
    if (!pr.ok) out.push({ path: [...path, 'prefix'], message: pr.error });
    const via = r.via === undefined ? [] : Array.isArray(r.via) ? r.via : [r.via];
    if (via.length === 0 && r.interface === undefined)
      out.push({ path, message: 'needs "via" (gateways) or "interface"' });
    const fam = r.prefix.includes(':') ? 2 : 1;
    for (const v of via)
      if (parseAddr(v)?.afi !== fam)
        out.push({ path: [...path, 'via'], message: `${v} is not of the prefix's address family` });
  });
  return out;
}
