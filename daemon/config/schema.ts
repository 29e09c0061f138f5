/**
 * The YAML configuration schema (JSON Schema via TypeBox) and the normalized config type the daemon runs on.
 *
 * The schema validates shape and ranges; `semantic.ts` checks what a schema cannot (prefix host bits, duplicate
 * neighbors, listen addresses). `errorMessage` on a node replaces ajv's generic text for that node.
 * Every key is documented in docs/config.md; keep the two in step.
 */
import { type Static, Type } from '@sinclair/typebox';

const strict = { additionalProperties: false } as const;

export const Ipv4 = Type.String({ format: 'ipv4', errorMessage: 'must be an IPv4 address like 10.0.0.1' });
export const IpAddr = Type.String({ format: 'ip', errorMessage: 'must be an IPv4 or IPv6 address' });
export const Prefix = Type.String({ format: 'prefix', errorMessage: 'must be a prefix like 10.0.0.0/24 or fd00::/64' });
export const Asn = Type.Integer({
  minimum: 1,
  maximum: 4294967295,
  errorMessage: 'must be an AS number 1..4294967295',
});
export const HostPort = Type.String({
  format: 'host-port',
  errorMessage: 'must be "address:port", e.g. "127.0.0.1:9179" or "[::1]:9179"',
});
export const LogLevel = Type.Union(
  ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
  { errorMessage: 'must be one of fatal, error, warn, info, debug, trace, silent' },
);
const IfPattern = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^[A-Za-z0-9_.:@*?-]+$',
  errorMessage: 'must be an interface name or glob pattern like cbr0 or virbr*',
});

export const ApiCfgSchema = Type.Object(
  {
    listen: Type.Optional(HostPort),
    tokenFile: Type.Optional(Type.String({ minLength: 1 })),
    tokenEnv: Type.Optional(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' })),
  },
  strict,
);

export const NeighborCfgSchema = Type.Object(
  {
    address: IpAddr,
    remoteAs: Type.Union([Asn, Type.Literal('internal'), Type.Literal('external')], {
      errorMessage: 'must be an AS number 1..4294967295, "internal" or "external"',
    }),
    description: Type.Optional(Type.String({ maxLength: 200 })),
  },
  strict,
);

export const AdvertiseCfgSchema = Type.Object(
  {
    interfaces: Type.Optional(Type.Array(IfPattern)),
    prefixes: Type.Optional(Type.Array(Prefix)),
  },
  strict,
);

export const BgpCfgSchema = Type.Object(
  {
    asn: Asn,
    neighbors: Type.Optional(Type.Array(NeighborCfgSchema)),
    advertise: Type.Optional(AdvertiseCfgSchema),
  },
  strict,
);

export const ConfigSchema = Type.Object(
  {
    routerId: Type.Optional(Ipv4),
    hostname: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    logLevel: Type.Optional(LogLevel),
    stateDir: Type.Optional(Type.String({ minLength: 1 })),
    api: Type.Optional(ApiCfgSchema),
    bgp: Type.Optional(BgpCfgSchema),
  },
  strict,
);

export type RawConfig = Static<typeof ConfigSchema>;
export type LogLevelName = Static<typeof LogLevel>;

/** The normalized config: every default filled in (defaults documented in docs/config.md). */
export interface DaemonConfig {
  /** undefined → chosen at start from the host's addresses. */
  routerId: string | undefined;
  hostname: string | undefined;
  logLevel: LogLevelName;
  stateDir: string;
  api: ApiCfg;
  bgp: BgpCfg | undefined;
}

export interface ApiCfg {
  host: string;
  port: number;
  tokenFile: string | undefined;
  tokenEnv: string;
}

export interface NeighborCfg {
  address: string;
  remoteAs: number | 'internal' | 'external';
  description: string | undefined;
}

export interface BgpCfg {
  asn: number;
  neighbors: NeighborCfg[];
  advertise: { interfaces: string[]; prefixes: string[] };
}

export const DEFAULTS = {
  logLevel: 'info' as LogLevelName,
  stateDir: '/var/lib/noverlay',
  apiListen: '127.0.0.1:9179',
  tokenEnv: 'NOVERLAY_API_TOKEN',
};
