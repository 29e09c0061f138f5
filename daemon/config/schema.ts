/**
 * The YAML configuration schema (JSON Schema via TypeBox) and the normalized config type the daemon runs on.
 *
 * The schema validates shape and ranges; `semantic.ts` checks what a schema cannot (prefix host bits, duplicate
 * neighbors, listen addresses). `errorMessage` on a node replaces ajv's generic text for that node.
 * Every key is documented in docs/config.md; keep the two in step.
 */
import { type Static, Type } from '@sinclair/typebox';
import type { CompiledPolicy } from '../../rib/policy/index.js';
import { PolicyCfgSchema } from '../../rib/policy/schema.js';
import { HostPort, Ipv4, LogLevel } from './atoms.js';
import { type BgpCfg, BgpCfgSchema } from './bgp.js';
import { type OspfCfg, OspfCfgSchema } from './ospf.js';
import { type FibCfg, FibCfgSchema, type RibCfg, RibCfgSchema } from './routing.js';

const strict = { additionalProperties: false } as const;

export const ApiCfgSchema = Type.Object(
  {
    listen: Type.Optional(HostPort),
    tokenFile: Type.Optional(Type.String({ minLength: 1 })),
    tokenEnv: Type.Optional(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' })),
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
    rib: Type.Optional(RibCfgSchema),
    fib: Type.Optional(FibCfgSchema),
    bgp: Type.Optional(BgpCfgSchema),
    ospf: Type.Optional(OspfCfgSchema),
    policy: Type.Optional(PolicyCfgSchema),
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
  rib: RibCfg;
  fib: FibCfg;
  bgp: BgpCfg | undefined;
  ospf: OspfCfg | undefined;
  /** Compiled routing policy (route maps and the lists they use), from the `policy` section. */
  policy: CompiledPolicy;
}

export interface ApiCfg {
  host: string;
  port: number;
  tokenFile: string | undefined;
  tokenEnv: string;
}

export const DEFAULTS = {
  logLevel: 'info' as LogLevelName,
  stateDir: '/var/lib/noverlay',
  apiListen: '127.0.0.1:9179',
  tokenEnv: 'NOVERLAY_API_TOKEN',
};
