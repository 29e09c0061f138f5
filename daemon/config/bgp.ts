/**
 * The `bgp` section: schema, normalized types and defaults. Peer groups carry session settings that
 * neighbors and dynamic-neighbor ranges inherit; a neighbor's own keys win over its group's.
 * Every key is documented in docs/config.md.
 */
import { type Static, Type } from '@sinclair/typebox';
import { AFI_IPV4, parseAddr } from '../../lib/prefix.js';
import { Asn, IfPattern, IpAddr, Ipv4, Prefix, strict } from './atoms.js';
import type { ConfigPath } from './diagnostic.js';

const PolicyName = Type.String({ minLength: 1, maxLength: 63, pattern: '^\\S+$' });

const RemoteAs = Type.Union(
  [Asn, Type.Literal('internal'), Type.Literal('external'), Type.Object({ min: Asn, max: Asn }, strict)],
  { errorMessage: 'must be an AS number 1..4294967295, "internal", "external" or {min, max}' },
);
const Family = Type.Union([Type.Literal('ipv4-unicast'), Type.Literal('ipv6-unicast')], {
  errorMessage: 'must be ipv4-unicast or ipv6-unicast',
});
const HoldTime = Type.Integer({
  minimum: 0,
  maximum: 65535,
  errorMessage: 'must be 0 (no keepalives) or 3..65535 seconds',
});

/** Session settings shared by neighbors, peer groups and dynamic-neighbor ranges. */
const sessionKeys = {
  description: Type.Optional(Type.String({ maxLength: 200 })),
  password: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
  passive: Type.Optional(Type.Boolean()),
  shutdown: Type.Optional(Type.Boolean()),
  port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
  localAddress: Type.Optional(IpAddr),
  ebgpMultihop: Type.Optional(Type.Integer({ minimum: 1, maximum: 255 })),
  ttlSecurity: Type.Optional(Type.Integer({ minimum: 1, maximum: 254 })),
  holdTime: Type.Optional(HoldTime),
  keepalive: Type.Optional(Type.Integer({ minimum: 1, maximum: 21845 })),
  connectRetry: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
  families: Type.Optional(Type.Array(Family, { minItems: 1, uniqueItems: true })),
  routeReflectorClient: Type.Optional(Type.Boolean()),
  nextHopSelf: Type.Optional(Type.Boolean()),
  importPolicy: Type.Optional(PolicyName),
  exportPolicy: Type.Optional(PolicyName),
  allowasIn: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })),
  softReconfigurationInbound: Type.Optional(Type.Boolean()),
  weight: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
  maxPrefixes: Type.Optional(Type.Integer({ minimum: 1 })),
};

export const BgpNeighborSchema = Type.Object(
  { address: IpAddr, remoteAs: Type.Optional(RemoteAs), peerGroup: Type.Optional(PolicyName), ...sessionKeys },
  strict,
);
export const BgpPeerGroupSchema = Type.Object({ remoteAs: Type.Optional(RemoteAs), ...sessionKeys }, strict);
export const BgpDynamicSchema = Type.Object(
  {
    range: Prefix,
    remoteAs: Type.Optional(RemoteAs),
    peerGroup: Type.Optional(PolicyName),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
    ...sessionKeys,
  },
  strict,
);

export const BgpCfgSchema = Type.Object(
  {
    asn: Asn,
    routerId: Type.Optional(Ipv4),
    clusterId: Type.Optional(Ipv4),
    listen: Type.Optional(
      Type.Union([
        Type.Literal(false),
        Type.Object(
          { address: Type.Optional(IpAddr), port: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })) },
          strict,
        ),
      ]),
    ),
    neighbors: Type.Optional(Type.Array(BgpNeighborSchema)),
    peerGroups: Type.Optional(Type.Record(Type.String({ pattern: '^\\S{1,63}$' }), BgpPeerGroupSchema)),
    dynamicNeighbors: Type.Optional(Type.Array(BgpDynamicSchema)),
    gatewayPeer: Type.Optional(
      Type.Object({ remoteAs: Type.Optional(RemoteAs), peerGroup: Type.Optional(PolicyName), ...sessionKeys }, strict),
    ),
    advertise: Type.Optional(
      Type.Object(
        { interfaces: Type.Optional(Type.Array(IfPattern)), prefixes: Type.Optional(Type.Array(Prefix)) },
        strict,
      ),
    ),
    redistribute: Type.Optional(
      Type.Array(
        Type.Object(
          {
            protocol: Type.Union([Type.Literal('connected'), Type.Literal('static'), Type.Literal('ospf')], {
              errorMessage: 'must be connected, static or ospf',
            }),
            routeMap: Type.Optional(PolicyName),
          },
          strict,
        ),
        { maxItems: 3 },
      ),
    ),
    multipath: Type.Optional(
      Type.Object(
        {
          ebgp: Type.Optional(Type.Integer({ minimum: 1, maximum: 256 })),
          ibgp: Type.Optional(Type.Integer({ minimum: 1, maximum: 256 })),
          asPathRelax: Type.Optional(Type.Boolean()),
        },
        strict,
      ),
    ),
    bestPath: Type.Optional(
      Type.Object(
        { alwaysCompareMed: Type.Optional(Type.Boolean()), medMissingAsWorst: Type.Optional(Type.Boolean()) },
        strict,
      ),
    ),
  },
  strict,
);

export type RawBgpCfg = Static<typeof BgpCfgSchema>;
type RawSession = Static<typeof BgpPeerGroupSchema>;

export type RemoteAsCfg = number | 'internal' | 'external' | readonly [number, number];
export type FamilyName = 'ipv4-unicast' | 'ipv6-unicast';

export interface BgpSessionCfg {
  remoteAs: RemoteAsCfg;
  description: string | undefined;
  password: string | undefined;
  passive: boolean;
  shutdown: boolean;
  port: number;
  localAddress: string | undefined;
  ebgpMultihop: number | undefined;
  ttlSecurity: number | undefined;
  holdTime: number;
  keepalive: number;
  connectRetry: number;
  /** undefined → by the neighbor's address family. */
  families: FamilyName[] | undefined;
  routeReflectorClient: boolean;
  nextHopSelf: boolean;
  importPolicy: string | undefined;
  exportPolicy: string | undefined;
  allowasIn: number;
  softReconfigurationInbound: boolean;
  weight: number;
  maxPrefixes: number | undefined;
}

export interface BgpNeighborCfg extends BgpSessionCfg {
  address: string;
  peerGroup: string | undefined;
}

export interface BgpDynamicCfg extends BgpSessionCfg {
  range: string;
  peerGroup: string | undefined;
  limit: number;
}

export interface BgpCfg {
  asn: number;
  routerId: string | undefined;
  clusterId: string | undefined;
  listen: { address: string; port: number } | undefined;
  neighbors: BgpNeighborCfg[];
  dynamicNeighbors: BgpDynamicCfg[];
  gatewayPeer: BgpSessionCfg | undefined;
  advertise: { interfaces: string[]; prefixes: string[] };
  /** Routes of these protocols, selected in the RIB, are originated into BGP (origin incomplete), through the route map. */
  redistribute: { protocol: 'connected' | 'static' | 'ospf'; routeMap: string | undefined }[];
  multipath: { ebgp: number; ibgp: number; asPathRelax: boolean };
  bestPath: { alwaysCompareMed: boolean; medMissingAsWorst: boolean };
}

export const BGP_DEFAULTS = {
  port: 179,
  holdTime: 90,
  keepalive: 30,
  connectRetry: 10,
  listenAddress: '::',
  multipathEbgp: 16,
  multipathIbgp: 16,
  dynamicLimit: 100,
};

function session(own: RawSession, group: RawSession | undefined): BgpSessionCfg {
  const pick = <K extends keyof RawSession>(k: K): RawSession[K] | undefined =>
    own[k] !== undefined ? own[k] : group?.[k];
  const ra = pick('remoteAs');
  return {
    remoteAs: ra === undefined ? 'external' : typeof ra === 'object' ? [ra.min, ra.max] : ra,
    description: pick('description'),
    password: pick('password'),
    passive: pick('passive') ?? false,
    shutdown: pick('shutdown') ?? false,
    port: pick('port') ?? BGP_DEFAULTS.port,
    localAddress: pick('localAddress'),
    ebgpMultihop: pick('ebgpMultihop'),
    ttlSecurity: pick('ttlSecurity'),
    holdTime: pick('holdTime') ?? BGP_DEFAULTS.holdTime,
    keepalive: pick('keepalive') ?? Math.max(1, Math.floor((pick('holdTime') ?? BGP_DEFAULTS.holdTime) / 3)),
    connectRetry: pick('connectRetry') ?? BGP_DEFAULTS.connectRetry,
    families: pick('families'),
    routeReflectorClient: pick('routeReflectorClient') ?? false,
    nextHopSelf: pick('nextHopSelf') ?? false,
    importPolicy: pick('importPolicy'),
    exportPolicy: pick('exportPolicy'),
    allowasIn: pick('allowasIn') ?? 0,
    softReconfigurationInbound: pick('softReconfigurationInbound') ?? false,
    weight: pick('weight') ?? 0,
    maxPrefixes: pick('maxPrefixes'),
  };
}

export function normalizeBgp(raw: RawBgpCfg): BgpCfg {
  const groups = raw.peerGroups ?? {};
  const listen = raw.listen;
  return {
    asn: raw.asn,
    routerId: raw.routerId,
    clusterId: raw.clusterId,
    listen:
      listen === false
        ? undefined
        : { address: listen?.address ?? BGP_DEFAULTS.listenAddress, port: listen?.port ?? BGP_DEFAULTS.port },
    neighbors: (raw.neighbors ?? []).map((n) => ({
      ...session(n, n.peerGroup ? groups[n.peerGroup] : undefined),
      address: n.address,
      peerGroup: n.peerGroup,
    })),
    dynamicNeighbors: (raw.dynamicNeighbors ?? []).map((d) => ({
      ...session(d, d.peerGroup ? groups[d.peerGroup] : undefined),
      range: d.range,
      peerGroup: d.peerGroup,
      limit: d.limit ?? BGP_DEFAULTS.dynamicLimit,
    })),
    gatewayPeer:
      raw.gatewayPeer &&
      session(raw.gatewayPeer, raw.gatewayPeer.peerGroup ? groups[raw.gatewayPeer.peerGroup] : undefined),
    advertise: { interfaces: raw.advertise?.interfaces ?? [], prefixes: raw.advertise?.prefixes ?? [] },
    redistribute: (raw.redistribute ?? []).map((r) => ({ protocol: r.protocol, routeMap: r.routeMap })),
    multipath: {
      ebgp: raw.multipath?.ebgp ?? BGP_DEFAULTS.multipathEbgp,
      ibgp: raw.multipath?.ibgp ?? BGP_DEFAULTS.multipathIbgp,
      asPathRelax: raw.multipath?.asPathRelax ?? true,
    },
    bestPath: {
      alwaysCompareMed: raw.bestPath?.alwaysCompareMed ?? false,
      medMissingAsWorst: raw.bestPath?.medMissingAsWorst ?? false,
    },
  };
}

/** The address families a neighbor runs: configured, else its own address family. */
export function familiesOf(s: BgpSessionCfg, address: string | undefined): FamilyName[] {
  if (s.families) return s.families;
  if (address === undefined) return ['ipv4-unicast', 'ipv6-unicast'];
  return parseAddr(address)?.afi === AFI_IPV4 ? ['ipv4-unicast'] : ['ipv6-unicast'];
}

export interface BgpProblem {
  path: ConfigPath;
  message: string;
}

/** Checks the schema cannot express: references, ranges, timer rules, duplicates. */
export function checkBgp(raw: RawBgpCfg, policyNames: ReadonlySet<string>): BgpProblem[] {
  const out: BgpProblem[] = [];
  const groups = raw.peerGroups ?? {};
  const checkSession = (s: RawSession, path: ConfigPath, group?: string) => {
    if (group !== undefined && !(group in groups))
      out.push({ path: [...path, 'peerGroup'], message: `unknown peer group "${group}"` });
    if (s.holdTime !== undefined && s.holdTime > 0 && s.holdTime < 3) {
      out.push({ path: [...path, 'holdTime'], message: 'must be 0 (no keepalives) or 3..65535 seconds' });
    }
    if (s.keepalive !== undefined && s.holdTime !== undefined && s.holdTime > 0 && s.keepalive > s.holdTime / 3) {
      out.push({
        path: [...path, 'keepalive'],
        message: `must be at most holdTime / 3 (${Math.floor(s.holdTime / 3)})`,
      });
    }
    if (s.ebgpMultihop !== undefined && s.ttlSecurity !== undefined) {
      out.push({ path: [...path, 'ttlSecurity'], message: 'cannot be combined with ebgpMultihop (as in FRR)' });
    }
    if (typeof s.remoteAs === 'object' && s.remoteAs.min > s.remoteAs.max) {
      out.push({ path: [...path, 'remoteAs'], message: 'min must not exceed max' });
    }
    for (const k of ['importPolicy', 'exportPolicy'] as const) {
      const name = s[k];
      if (name !== undefined && !policyNames.has(name))
        out.push({ path: [...path, k], message: `unknown route map "${name}" (define it under policy.routeMaps)` });
    }
  };
  for (const [name, g] of Object.entries(groups)) checkSession(g, ['bgp', 'peerGroups', name]);
  const seen = new Map<string, number>();
  (raw.neighbors ?? []).forEach((n, i) => {
    const path: ConfigPath = ['bgp', 'neighbors', i];
    checkSession(n, path, n.peerGroup);
    const key = parseAddr(n.address);
    const k = key ? Buffer.from(key.addr).toString('hex') : n.address;
    const first = seen.get(k);
    if (first !== undefined)
      out.push({ path: [...path, 'address'], message: `duplicate neighbor (also bgp.neighbors[${first}])` });
    else seen.set(k, i);
    if (n.remoteAs === undefined && (n.peerGroup === undefined || groups[n.peerGroup]?.remoteAs === undefined)) {
      out.push({ path, message: 'missing required key "remoteAs" (here or in its peer group)' });
    }
  });
  (raw.dynamicNeighbors ?? []).forEach((d, i) => {
    checkSession(d, ['bgp', 'dynamicNeighbors', i], d.peerGroup);
  });
  if (raw.gatewayPeer) checkSession(raw.gatewayPeer, ['bgp', 'gatewayPeer'], raw.gatewayPeer.peerGroup);
  const seenProto = new Set<string>();
  (raw.redistribute ?? []).forEach((r, i) => {
    if (seenProto.has(r.protocol))
      out.push({ path: ['bgp', 'redistribute', i, 'protocol'], message: `${r.protocol} is listed twice` });
    seenProto.add(r.protocol);
    if (r.routeMap !== undefined && !policyNames.has(r.routeMap)) {
      out.push({
        path: ['bgp', 'redistribute', i, 'routeMap'],
        message: `unknown route map "${r.routeMap}" (define it under policy.routeMaps)`,
      });
    }
  });
  return out;
}
