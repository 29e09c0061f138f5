/**
 * The `ospf` section: OSPFv2 (RFC 2328) router ID, areas and their interfaces (network type, cost, timers,
 * priority, passive, authentication), redistribution into AS-external LSAs, SPF throttling and the LSDB
 * limit. Documented in docs/config.md.
 */
import { type Static, Type } from '@sinclair/typebox';
import { parseIPv4 } from '../../lib/prefix.js';
import { IfPattern, Ipv4, strict } from './atoms.js';
import type { ConfigPath } from './diagnostic.js';

const PolicyName = Type.String({ minLength: 1, maxLength: 63, pattern: '^\\S+$' });
const AreaId = Type.Union([Ipv4, Type.Integer({ minimum: 0, maximum: 4294967295 })], {
  errorMessage: 'must be an area ID: dotted quad (0.0.0.0) or an integer',
});
const Seconds = (min: number, max: number) => Type.Integer({ minimum: min, maximum: max });

const AuthSchema = Type.Union(
  [
    Type.Object({ type: Type.Literal('null') }, strict),
    Type.Object({ type: Type.Literal('simple'), password: Type.String({ minLength: 1, maxLength: 8 }) }, strict),
    Type.Object(
      {
        type: Type.Union([
          Type.Literal('md5'),
          Type.Literal('hmac-sha-1'),
          Type.Literal('hmac-sha-256'),
          Type.Literal('hmac-sha-384'),
          Type.Literal('hmac-sha-512'),
        ]),
        keys: Type.Array(
          Type.Object(
            { id: Type.Integer({ minimum: 0, maximum: 255 }), key: Type.String({ minLength: 1, maxLength: 128 }) },
            strict,
          ),
          { minItems: 1, maxItems: 8 },
        ),
        sendKeyId: Type.Optional(Type.Integer({ minimum: 0, maximum: 255 })),
      },
      strict,
    ),
  ],
  {
    errorMessage:
      'must be {type: null}, {type: simple, password}, or {type: md5|hmac-sha-*, keys: [{id, key}], sendKeyId?}',
  },
);

export const OspfInterfaceSchema = Type.Object(
  {
    name: IfPattern,
    network: Type.Optional(Type.Union([Type.Literal('broadcast'), Type.Literal('point-to-point')])),
    cost: Type.Optional(Seconds(1, 65535)),
    helloInterval: Type.Optional(Seconds(1, 65535)),
    deadInterval: Type.Optional(Seconds(1, 65535)),
    retransmitInterval: Type.Optional(Seconds(1, 3600)),
    transmitDelay: Type.Optional(Seconds(1, 3600)),
    priority: Type.Optional(Type.Integer({ minimum: 0, maximum: 255 })),
    passive: Type.Optional(Type.Boolean()),
    mtuIgnore: Type.Optional(Type.Boolean()),
    authentication: Type.Optional(AuthSchema),
  },
  strict,
);

export const OspfCfgSchema = Type.Object(
  {
    routerId: Type.Optional(Ipv4),
    areas: Type.Array(Type.Object({ id: AreaId, interfaces: Type.Array(OspfInterfaceSchema) }, strict), {
      minItems: 1,
    }),
    redistribute: Type.Optional(
      Type.Array(
        Type.Object(
          {
            protocol: Type.Union([Type.Literal('connected'), Type.Literal('static'), Type.Literal('bgp')], {
              errorMessage: 'must be connected, static or bgp',
            }),
            routeMap: Type.Optional(PolicyName),
            metric: Type.Optional(Type.Integer({ minimum: 0, maximum: 16777214 })),
            metricType: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(2)])),
          },
          strict,
        ),
        { maxItems: 3 },
      ),
    ),
    spfTimers: Type.Optional(
      Type.Object(
        {
          delayMs: Type.Optional(Seconds(0, 600000)),
          initialHoldMs: Type.Optional(Seconds(0, 600000)),
          maxHoldMs: Type.Optional(Seconds(0, 600000)),
        },
        strict,
      ),
    ),
    maxLsas: Type.Optional(Type.Integer({ minimum: 100, maximum: 10_000_000 })),
  },
  strict,
);

export type RawOspfCfg = Static<typeof OspfCfgSchema>;
export type OspfAuthCfg = NonNullable<Static<typeof OspfInterfaceSchema>['authentication']>;

export interface OspfInterfaceCfg {
  /** Interface name or glob. */
  name: string;
  network: 'broadcast' | 'point-to-point';
  cost: number;
  helloInterval: number;
  deadInterval: number;
  retransmitInterval: number;
  transmitDelay: number;
  priority: number;
  passive: boolean;
  mtuIgnore: boolean;
  authentication: OspfAuthCfg;
}

export interface OspfCfg {
  routerId: string | undefined;
  areas: { id: number; interfaces: OspfInterfaceCfg[] }[];
  redistribute: {
    protocol: 'connected' | 'static' | 'bgp';
    routeMap: string | undefined;
    metric: number;
    metricType: 1 | 2;
  }[];
  spfTimers: { delayMs: number; initialHoldMs: number; maxHoldMs: number };
  maxLsas: number;
}

/** FRR's defaults: hello 10, dead 40, retransmit 5, transmit delay 1, priority 1, cost 10, SPF 0/50/5000 ms. */
export const OSPF_DEFAULTS = {
  cost: 10,
  helloInterval: 10,
  retransmitInterval: 5,
  transmitDelay: 1,
  priority: 1,
  redistMetric: 20,
  spf: { delayMs: 0, initialHoldMs: 50, maxHoldMs: 5000 },
  maxLsas: 100_000,
};

export function areaIdNumber(id: string | number): number {
  return typeof id === 'number' ? id : (parseIPv4(id) ?? 0);
}

export function normalizeOspf(raw: RawOspfCfg): OspfCfg {
  return {
    routerId: raw.routerId,
    areas: raw.areas.map((a) => ({
      id: areaIdNumber(a.id),
      interfaces: a.interfaces.map((i) => {
        const hello = i.helloInterval ?? OSPF_DEFAULTS.helloInterval;
        return {
          name: i.name,
          network: i.network ?? 'broadcast',
          cost: i.cost ?? OSPF_DEFAULTS.cost,
          helloInterval: hello,
          deadInterval: i.deadInterval ?? hello * 4,
          retransmitInterval: i.retransmitInterval ?? OSPF_DEFAULTS.retransmitInterval,
          transmitDelay: i.transmitDelay ?? OSPF_DEFAULTS.transmitDelay,
          priority: i.priority ?? OSPF_DEFAULTS.priority,
          passive: i.passive ?? false,
          mtuIgnore: i.mtuIgnore ?? false,
          authentication: i.authentication ?? { type: 'null' },
        };
      }),
    })),
    redistribute: (raw.redistribute ?? []).map((r) => ({
      protocol: r.protocol,
      routeMap: r.routeMap,
      metric: r.metric ?? OSPF_DEFAULTS.redistMetric,
      metricType: r.metricType ?? 2,
    })),
    spfTimers: { ...OSPF_DEFAULTS.spf, ...raw.spfTimers },
    maxLsas: raw.maxLsas ?? OSPF_DEFAULTS.maxLsas,
  };
}

export function checkOspf(raw: RawOspfCfg, routeMaps: ReadonlySet<string>): { path: ConfigPath; message: string }[] {
  const out: { path: ConfigPath; message: string }[] = [];
  const seenIf = new Map<string, string>();
  const seenArea = new Set<number>();
  raw.areas.forEach((a, ai) => {
    const id = areaIdNumber(a.id);
    if (seenArea.has(id)) out.push({ path: ['ospf', 'areas', ai, 'id'], message: 'area listed twice' });
    seenArea.add(id);
    a.interfaces.forEach((i, ii) => {
      const path: ConfigPath = ['ospf', 'areas', ai, 'interfaces', ii];
      const first = seenIf.get(i.name);
      if (first !== undefined)
        out.push({ path: [...path, 'name'], message: `interface ${i.name} is already in ${first}` });
      else seenIf.set(i.name, `ospf.areas[${ai}]`);
      const hello = i.helloInterval ?? OSPF_DEFAULTS.helloInterval;
      if (i.deadInterval !== undefined && i.deadInterval <= hello) {
        out.push({ path: [...path, 'deadInterval'], message: `must exceed helloInterval (${hello})` });
      }
      const auth = i.authentication;
      if (auth && 'keys' in auth) {
        const ids = auth.keys.map((k) => k.id);
        if (new Set(ids).size !== ids.length)
          out.push({ path: [...path, 'authentication', 'keys'], message: 'key ids must be unique' });
        if (auth.sendKeyId !== undefined && !ids.includes(auth.sendKeyId)) {
          out.push({ path: [...path, 'authentication', 'sendKeyId'], message: `no key with id ${auth.sendKeyId}` });
        }
      }
    });
  });
  (raw.redistribute ?? []).forEach((r, i) => {
    if (r.routeMap !== undefined && !routeMaps.has(r.routeMap)) {
      out.push({
        path: ['ospf', 'redistribute', i, 'routeMap'],
        message: `unknown route map "${r.routeMap}" (define it under policy.routeMaps)`,
      });
    }
  });
  return out;
}
