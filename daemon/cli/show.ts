/** `noverlay show …`: readable views of the daemon's API; `--json` prints the raw JSON instead. */
import type { NeighborView, RibEntry, RouteRow } from '../../bgp/views.js';
import type { FibRouteView, FibSummary } from '../../fib/manager.js';
import type {
  OspfDatabaseView,
  OspfInterfaceView,
  OspfLsaView,
  OspfNeighborView,
  OspfRouteView,
} from '../../ospf/views.js';
import type { RouteView } from '../../rib/views.js';
import type { StatusInfo } from '../daemon.js';
import { CliError, type ClientOptions, getJson } from './client.js';
import { duration, keyValues, table } from './table.js';

interface ShowRequest {
  path: string;
  format: (body: never) => string;
}

type Topic = (args: string[], flags: { longer: boolean }) => ShowRequest;

const status: Topic = () => ({
  path: '/api/v1/status',
  format: (s: StatusInfo) =>
    keyValues([
      ['Version', s.version],
      ['Hostname', s.hostname],
      ['Router ID', s.routerId],
      ['Uptime', duration(s.uptimeSeconds)],
      ['Config', s.configPath],
      ['Config revision', `${s.configRevision} (sha256 ${s.configChecksum.slice(0, 12)})`],
      ['Ready', s.ready ? 'yes' : `no (waiting for: ${s.pending.join(', ')})`],
    ]),
});

interface NeighborsBody {
  localAs: number;
  routerId: string;
  neighbors: NeighborView[];
}

const upDown = (n: NeighborView) =>
  n.uptimeSeconds !== null
    ? duration(n.uptimeSeconds)
    : n.downSinceSeconds !== null
      ? duration(n.downSinceSeconds)
      : '-';
const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);

const bgpSummary: Topic = () => ({
  path: '/api/v1/bgp/neighbors',
  format: (b: NeighborsBody) =>
    `BGP router identifier ${b.routerId}, local AS number ${b.localAs}\n\n${table(
      ['Neighbor', 'AS', 'MsgRcvd', 'MsgSent', 'Up/Down', 'State/PfxRcd', 'PfxSnt', 'Desc'],
      b.neighbors.map((n) => [
        n.address,
        n.peerAs ?? n.remoteAs,
        sum(n.messages.in),
        sum(n.messages.out),
        upDown(n),
        n.state === 'Established' ? n.prefixes.accepted : n.adminDown ? 'Idle (Admin)' : n.state,
        n.prefixes.advertised,
        n.description ?? (n.dynamic ? '(dynamic)' : ''),
      ]),
    )}\n\nTotal number of neighbors ${b.neighbors.length}`,
});

function neighborDetail(n: NeighborView): string {
  const note = (x: NeighborView['lastNotificationSent']) =>
    x ? `${x.code}/${x.subcode}${x.message ? ` "${x.message}"` : ''} at ${x.at}` : '-';
  return keyValues([
    [
      'BGP neighbor',
      `${n.address}, remote AS ${n.peerAs ?? n.remoteAs}, local AS ${n.localAs}${n.dynamic ? ' (dynamic)' : ''}`,
    ],
    ['Description', n.description ?? '-'],
    [
      'State',
      `${n.state}${n.adminDown ? ` (admin down: ${n.adminDown})` : ''}, ${n.uptimeSeconds !== null ? 'up' : 'down'} for ${upDown(n)}`,
    ],
    ['Remote router ID', `${n.peerRouterId ?? '-'}${n.peerHostname ? ` (${n.peerHostname})` : ''}`],
    ['Local address', n.localAddress ?? '-'],
    ['Hold time / keepalive', n.holdTime !== null ? `${n.holdTime} / ${n.keepalive} s` : '-'],
    ['Address families', n.families.join(', ')],
    ['Capabilities', n.capabilities.join(', ') || '-'],
    [
      'Prefixes',
      `received ${n.prefixes.received}, accepted ${n.prefixes.accepted}, advertised ${n.prefixes.advertised}`,
    ],
    [
      'Messages in',
      Object.entries(n.messages.in)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
    ],
    [
      'Messages out',
      Object.entries(n.messages.out)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
    ],
    ['Established', `${n.establishedCount} times${n.lastDownReason ? `; last down: ${n.lastDownReason}` : ''}`],
    ['Last NOTIFICATION sent', note(n.lastNotificationSent)],
    ['Last NOTIFICATION received', note(n.lastNotificationReceived)],
  ]);
}

const bgpNeighbors: Topic = (args) => {
  const [address, what] = args;
  if (address === undefined) {
    return {
      path: '/api/v1/bgp/neighbors',
      format: (b: NeighborsBody) => b.neighbors.map(neighborDetail).join('\n\n'),
    };
  }
  if (what === undefined)
    return { path: `/api/v1/bgp/neighbors/${encodeURIComponent(address)}`, format: neighborDetail };
  const direction =
    what === 'advertised-routes'
      ? 'advertised'
      : what === 'routes' || what === 'received-routes'
        ? 'received'
        : undefined;
  if (!direction) throw new CliError('usage: show bgp neighbors ADDRESS [routes|advertised-routes]', 2);
  return {
    path: `/api/v1/bgp/neighbors/${encodeURIComponent(address)}/routes?direction=${direction}`,
    format: (rows: RouteRow[]) =>
      `${table(
        ['Network', 'Next Hop', 'MED', 'LocPrf', 'Path', 'Status'],
        rows.map((r) => [
          r.prefix,
          r.attrs?.nextHop ?? '-',
          r.attrs?.med ?? '',
          r.attrs?.localPref ?? '',
          `${r.attrs?.asPath ?? ''} ${r.attrs?.origin === 'igp' ? 'i' : r.attrs?.origin === 'egp' ? 'e' : '?'}`.trim(),
          r.accepted === false ? `rejected: ${r.rejectReason}` : '',
        ]),
      )}\n\nTotal: ${rows.length}`,
  };
};

const bgpRib: Topic = (args, flags) => {
  const q = new URLSearchParams();
  if (args[0]) q.set('prefix', args[0]);
  if (flags.longer) q.set('longer', 'true');
  return {
    path: `/api/v1/bgp/rib${q.size > 0 ? `?${q}` : ''}`,
    format: (entries: RibEntry[]) => {
      const rows: string[][] = [];
      for (const e of entries) {
        e.paths.forEach((p, i) => {
          const mark = `${p.eligible ? '*' : ' '}${p.best ? '>' : p.multipath ? '=' : ' '}`;
          rows.push([
            `${mark} ${i === 0 ? e.prefix : ''}`,
            p.from,
            p.nextHop ?? '0.0.0.0',
            String(p.localPref),
            String(p.weight),
            `${p.attrs.asPath} ${p.attrs.origin === 'igp' ? 'i' : p.attrs.origin === 'egp' ? 'e' : '?'}`.trim(),
            p.best ? '' : `${p.why ?? ''}${p.lostTo ? ` (lost to ${p.lostTo})` : ''}`,
          ]);
        });
        for (const r of e.rejected)
          rows.push([`   ${e.paths.length === 0 ? e.prefix : ''}`, r.from, '', '', '', '', `rejected: ${r.reason}`]);
      }
      return `Status: * valid, > best, = multipath\n\n${table(['   Network', 'From', 'Next Hop', 'LocPrf', 'Weight', 'Path', 'Why not best'], rows)}`;
    },
  };
};

const PROTO_CODE: Record<string, string> = {
  connected: 'C',
  static: 'S',
  ebgp: 'B',
  ibgp: 'B',
  ospf: 'O',
  announcer: 'A',
};

const ipRoute: Topic = (args, flags) => {
  const q = new URLSearchParams();
  if (args[0]) q.set('prefix', args[0]);
  if (flags.longer || !args[0]) q.set('longer', 'true');
  q.set('limit', '100000');
  return {
    path: `/api/v1/routes?${q}`,
    format: (routes: RouteView[]) => {
      const lines = ['Codes: C connected, S static, B BGP, O OSPF, A announcer; > selected, * in the FIB', ''];
      for (const r of routes) {
        for (const c of r.candidates) {
          const head = `${PROTO_CODE[c.protocol] ?? '?'}${c.selected ? '>*' : '  '} ${r.prefix} [${c.distance}/${c.metric}]`;
          const hops = c.nexthops.length > 0 ? c.nexthops : [{ gateway: null, interface: null }];
          hops.forEach((h, i) => {
            const where = h.gateway
              ? `via ${h.gateway}${h.interface ? `, ${h.interface}` : ''}`
              : `is directly connected, ${h.interface ?? '?'}`;
            const rec = c.recursiveVia && i === 0 ? ` (recursive via ${c.recursiveVia.join(', ')})` : '';
            const why = c.why ? ` (not selected: ${c.why})` : '';
            lines.push(`${i === 0 ? head : ' '.repeat(head.length)} ${where}${rec}${why}`);
          });
        }
      }
      return lines.join('\n');
    },
  };
};

interface FibBody {
  summary: FibSummary;
  routes: FibRouteView[];
}

const fibTopic: Topic = () => ({
  path: '/api/v1/fib?limit=100000',
  format: (b: FibBody) => {
    const s = b.summary;
    const head = `FIB: protocol ${s.protocol}, table ${s.table}, metric ${s.metric}; ${s.routes} routes (${
      Object.entries(s.byState)
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ') || 'none'
    })${s.converged ? '' : '; not yet converged (stale routes kept)'}`;
    const rows = b.routes.map((r) => [
      r.prefix,
      r.state,
      r.protocol ?? '-',
      r.nexthops.map((n) => `${n.gateway ?? 'direct'}${n.ifname ? `%${n.ifname}` : ''}`).join(', ') || '-',
      r.error
        ? `${r.error.code}${r.error.message ? `: ${r.error.message}` : ''}`
        : (r.reason ?? (r.conflictWith !== undefined ? `held by protocol ${r.conflictWith}` : '')),
    ]);
    return `${head}\n\n${table(['Prefix', 'State', 'From', 'Next hops', 'Note'], rows)}`;
  },
});

const ospfNeighbors: Topic = () => ({
  path: '/api/v1/ospf/neighbors',
  format: (ns: OspfNeighborView[]) =>
    table(
      ['Neighbor ID', 'Pri', 'State', 'Up Time', 'Dead Time', 'Address', 'Interface', 'RXmtL', 'RqstL'],
      ns.map((n) => [
        n.routerId,
        n.priority,
        `${n.state}${n.role !== '-' ? `/${n.role}` : ''}`,
        duration(n.stateForSeconds),
        n.deadTimeLeftMs === null ? '-' : `${(n.deadTimeLeftMs / 1000).toFixed(3)}s`,
        n.address,
        `${n.interface}:${n.area}`,
        n.retransmitList,
        n.requestList,
      ]),
    ),
});

const ospfInterfaces: Topic = () => ({
  path: '/api/v1/ospf/interfaces',
  format: (is: OspfInterfaceView[]) =>
    table(
      ['Interface', 'Area', 'Address', 'Network', 'State', 'Cost', 'Pri', 'DR', 'BDR', 'Nbrs/Adj', 'Auth'],
      is.map((i) => [
        i.name,
        i.area,
        i.address,
        i.passive ? 'passive' : i.network,
        i.state,
        i.cost,
        i.priority,
        i.dr?.routerId ?? '-',
        i.bdr?.routerId ?? '-',
        `${i.neighbors}/${i.adjacentNeighbors}`,
        i.authentication,
      ]),
    ),
});

const ospfDatabase: Topic = () => ({
  path: '/api/v1/ospf/database',
  format: (db: OspfDatabaseView) => {
    const rows = (ls: OspfLsaView[]) =>
      table(
        ['Type', 'Link ID', 'ADV Router', 'Age', 'Seq#', 'CkSum', 'Route'],
        ls.map((l) => [
          l.typeName,
          l.lsid,
          l.advRouter,
          l.age,
          l.seq,
          l.checksum,
          l.prefix
            ? `${l.prefix}${l.metricType ? ` ${l.metricType}` : ''}`
            : l.links !== undefined
              ? `${l.links} links`
              : '',
        ]),
      );
    const parts = [`OSPF Router with ID (${db.routerId})`];
    for (const a of db.areas) parts.push(`\nArea ${a.area}\n${rows(a.lsas)}`);
    if (db.external.length > 0) parts.push(`\nAS external\n${rows(db.external)}`);
    return parts.join('\n');
  },
});

const ospfRoutesTopic: Topic = () => ({
  path: '/api/v1/ospf/routes',
  format: (rs: OspfRouteView[]) =>
    table(
      ['Prefix', 'Type', 'Cost', 'Area', 'Next hops'],
      rs.map((r) => [
        r.prefix,
        r.type,
        r.type2Cost !== undefined ? `${r.cost}/${r.type2Cost}` : r.cost,
        r.area,
        r.nexthops.map((n) => `${n.address ?? 'directly attached'}, ${n.interface}`).join('; '),
      ]),
    ),
});

const TOPICS: Record<string, Topic> = {
  'ospf neighbors': ospfNeighbors,
  'ospf interfaces': ospfInterfaces,
  'ospf database': ospfDatabase,
  'ospf routes': ospfRoutesTopic,
  fib: fibTopic,
  'ip route': ipRoute,
  status,
  'bgp summary': bgpSummary,
  'bgp neighbors': bgpNeighbors,
  'bgp rib': bgpRib,
};

export function showTopics(): string[] {
  return Object.keys(TOPICS);
}

export async function show(
  words: string[],
  o: ClientOptions,
  json: boolean,
  flags = { longer: false },
): Promise<string> {
  for (let n = Math.min(words.length, 2); n > 0; n--) {
    const topic = TOPICS[words.slice(0, n).join(' ')];
    if (!topic) continue;
    const req = topic(words.slice(n), flags);
    const body = await getJson<never>(o, req.path);
    return json ? JSON.stringify(body, null, 2) : req.format(body);
  }
  throw new CliError(`unknown show topic "${words.join(' ')}"; try: ${showTopics().join(', ')}`, 2);
}
