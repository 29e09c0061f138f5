/** Schema building blocks shared by the config sections; `errorMessage` replaces ajv's generic text. */
import { Type } from '@sinclair/typebox';

export const strict = { additionalProperties: false } as const;

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
export const IfPattern = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^[A-Za-z0-9_.:@*?-]+$',
  errorMessage: 'must be an interface name or glob pattern like cbr0 or virbr*',
});
