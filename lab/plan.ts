/**
 * The lab topology as data (pure): namespaces, links, addresses, FRR configs and noverlayd configs for a
 * leaf-and-host fabric. `lab.ts` executes a plan; tests inspect one without root.
 *
 *   tor1 ──────────── tor2            ToRs: FRR (zebra, bgpd, ospfd), eBGP between them, dynamic BGP
 *    │ br "hosts"      │ br "hosts"         neighbors from their host subnet 10.0.R.0/24
 *   h11   h12         h21   h22       hosts: noverlayd; eth0 = 10.0.R.(10+H)/24 on a veth to the ToR bridge
 *    │cbr0 │cbr0       │     │              cbr0 = 10.244.N.1/24 (N = host number), one "pod" behind it
 *   p11   p12         p21   p22       pods: eth0 = 10.244.N.2/24, default route via cbr0
 *
 * Hosts get no default route: every route beyond their own subnets must come from noverlay.
 */
import { stringify } from 'yaml';

export interface LabParams {
  name: string;
  racks: number;
  hostsPerRack: number;
  /** How hosts and ToRs exchange routes: BGP (default; eBGP, dynamic neighbors) or OSPF (area 0). */
  mode?: 'bgp' | 'ospf';
  /** Directory holding per-node configs, logs, pid files and the lab state. */
  dir: string;
}

export interface TorPlan {
  kind: 'tor';
  rack: number;
  ns: string;
  node: string;
  asn: number;
  routerId: string;
  /** Host-facing bridge address and subnet. */
  bridgeAddr4: string;
  bridgeAddr6: string;
  hostSubnet4: string;
  hostSubnet6: string;
}

export interface HostPlan {
  kind: 'host';
  rack: number;
  index: number;
  ns: string;
  podNs: string;
  node: string;
  asn: number;
  addr4: string;
  addr6: string;
  podSubnet4: string;
  cbr0Addr4: string;
  podAddr4: string;
  podSubnet6: string;
  cbr0Addr6: string;
  podAddr6: string;
  torAddr4: string;
  torAddr6: string;
  torAsn: number;
}

export interface LinkEnd {
  ns: string;
  ifname: string;
  addrs: string[];
  /** Enslave this end to the named bridge. */
  bridge?: string;
}

/** A veth pair between two namespaces. */
export interface LinkPlan {
  a: LinkEnd;
  b: LinkEnd;
}

export interface LabPlan {
  params: LabParams;
  tors: TorPlan[];
  hosts: HostPlan[];
  links: LinkPlan[];
  /** ToR-to-ToR eBGP sessions (IPv4 and IPv6) between racks a and b. */
  torPeers: { a: number; aAddr: string; b: number; bAddr: string; aAddr6: string; bAddr6: string }[];
  namespaces: string[];
}

export const TOR_ASN_BASE = 65000;
export const HOST_ASN_BASE = 64600;

export function nsPrefix(name: string): string {
  return `nv-${name}-`;
}

export function planLab(p: LabParams): LabPlan {
  const pre = nsPrefix(p.name);
  const tors: TorPlan[] = [];
  const hosts: HostPlan[] = [];
  const links: LinkPlan[] = [];
  for (let r = 1; r <= p.racks; r++) {
    tors.push({
      kind: 'tor',
      rack: r,
      ns: `${pre}tor${r}`,
      node: `tor${r}`,
      asn: TOR_ASN_BASE + r,
      routerId: `10.0.${r}.1`,
      bridgeAddr4: `10.0.${r}.1/24`,
      bridgeAddr6: `fd00:0:${r}::1/64`,
      hostSubnet4: `10.0.${r}.0/24`,
      hostSubnet6: `fd00:0:${r}::/64`,
    });
    for (let h = 1; h <= p.hostsPerRack; h++) {
      const n = (r - 1) * p.hostsPerRack + h;
      const host: HostPlan = {
        kind: 'host',
        rack: r,
        index: n,
        ns: `${pre}h${r}${h}`,
        podNs: `${pre}p${r}${h}`,
        node: `h${r}${h}`,
        asn: HOST_ASN_BASE + n,
        addr4: `10.0.${r}.${10 + h}/24`,
        addr6: `fd00:0:${r}::${10 + h}/64`,
        podSubnet4: `10.244.${n}.0/24`,
        cbr0Addr4: `10.244.${n}.1/24`,
        podAddr4: `10.244.${n}.2/24`,
        podSubnet6: `fd00:244:${n}::/64`,
        cbr0Addr6: `fd00:244:${n}::1/64`,
        podAddr6: `fd00:244:${n}::2/64`,
        torAddr4: `10.0.${r}.1`,
        torAddr6: `fd00:0:${r}::1`,
        torAsn: TOR_ASN_BASE + r,
      };
      hosts.push(host);
      links.push({
        a: { ns: host.ns, ifname: 'eth0', addrs: [host.addr4, host.addr6] },
        b: { ns: `${pre}tor${r}`, ifname: `h${r}${h}`, addrs: [], bridge: 'hosts' },
      });
      links.push({
        a: { ns: host.podNs, ifname: 'eth0', addrs: [host.podAddr4, host.podAddr6] },
        b: { ns: host.ns, ifname: 'pod0', addrs: [], bridge: 'cbr0' },
      });
    }
  }
  const torPeers: LabPlan['torPeers'] = [];
  let pair = 0;
  for (let a = 1; a <= p.racks; a++) {
    for (let b = a + 1; b <= p.racks; b++) {
      const aAddr = `10.255.${pair}.0`;
      const bAddr = `10.255.${pair}.1`;
      const aAddr6 = `fd00:255:${pair}::`;
      const bAddr6 = `fd00:255:${pair}::1`;
      links.push({
        a: { ns: `${pre}tor${a}`, ifname: `tor${b}`, addrs: [`${aAddr}/31`, `${aAddr6}/127`] },
        b: { ns: `${pre}tor${b}`, ifname: `tor${a}`, addrs: [`${bAddr}/31`, `${bAddr6}/127`] },
      });
      torPeers.push({ a, aAddr, b, bAddr, aAddr6, bAddr6 });
      pair++;
    }
  }
  const namespaces = [...tors.map((t) => t.ns), ...hosts.flatMap((h) => [h.ns, h.podNs])];
  return { params: p, tors, hosts, links, torPeers, namespaces };
}

/**
 * FRR configuration for one ToR (bgpd + zebra + ospfd read the same integrated file): dynamic IPv4 and IPv6
 * neighbors from the host subnets, and IPv4 and IPv6 sessions to every other ToR.
 */
export function torFrrConfig(plan: LabPlan, t: TorPlan, logFile: string): string {
  if (plan.params.mode === 'ospf') return torOspfConfig(plan, t, logFile);
  const peers = plan.torPeers.flatMap((p) =>
    p.a === t.rack
      ? [{ addr: p.bAddr, addr6: p.bAddr6, asn: TOR_ASN_BASE + p.b }]
      : p.b === t.rack
        ? [{ addr: p.aAddr, addr6: p.aAddr6, asn: TOR_ASN_BASE + p.a }]
        : [],
  );
  return `frr defaults datacenter
hostname ${t.node}
log file ${logFile} informational
!
router bgp ${t.asn}
 bgp router-id ${t.routerId}
 no bgp ebgp-requires-policy
 no bgp default ipv4-unicast
 bgp bestpath as-path multipath-relax
 neighbor HOSTS peer-group
 neighbor HOSTS remote-as external
 bgp listen range ${t.hostSubnet4} peer-group HOSTS
 neighbor HOSTS6 peer-group
 neighbor HOSTS6 remote-as external
 bgp listen range ${t.hostSubnet6} peer-group HOSTS6
${peers.map((p) => ` neighbor ${p.addr} remote-as ${p.asn}\n neighbor ${p.addr6} remote-as ${p.asn}\n`).join('')} !
 address-family ipv4 unicast
  network ${t.hostSubnet4}
  neighbor HOSTS activate
${peers.map((p) => `  neighbor ${p.addr} activate\n`).join('')}  maximum-paths 16
 exit-address-family
 !
 address-family ipv6 unicast
  network ${t.hostSubnet6}
  neighbor HOSTS6 activate
${peers.map((p) => `  neighbor ${p.addr6} activate\n`).join('')}  maximum-paths 16
 exit-address-family
exit
!
`;
}

/** OSPF mode: the ToR runs ospfd in area 0 on its host bridge and its links to the other ToRs. */
function torOspfConfig(plan: LabPlan, t: TorPlan, logFile: string): string {
  const peers = plan.torPeers.filter((p) => p.a === t.rack || p.b === t.rack);
  const links = peers.map((p) => `${p.aAddr}/31`);
  const ifs = peers.map((p) => `tor${p.a === t.rack ? p.b : p.a}`);
  return `frr defaults datacenter
hostname ${t.node}
log file ${logFile} informational
!
interface hosts
 ip ospf hello-interval 2
 ip ospf dead-interval 8
exit
${ifs.map((i) => `interface ${i}\n ip ospf network point-to-point\n ip ospf hello-interval 2\n ip ospf dead-interval 8\nexit\n`).join('')}!
router ospf
 ospf router-id ${t.routerId}
 network ${t.hostSubnet4} area 0
${links.map((l) => ` network ${l} area 0\n`).join('')}exit
!
`;
}

/** noverlayd configuration for one host (BGP or OSPF mode). */
export function hostConfig(h: HostPlan, stateDir: string, tokenFile: string, mode: 'bgp' | 'ospf' = 'bgp'): string {
  const base = {
    routerId: h.addr4.split('/')[0],
    hostname: h.node,
    logLevel: 'info',
    stateDir,
    api: { listen: '127.0.0.1:9179', tokenFile },
  };
  if (mode === 'ospf') {
    return stringify({
      ...base,
      ospf: {
        areas: [
          {
            id: '0.0.0.0',
            interfaces: [
              { name: 'eth0', network: 'broadcast', helloInterval: 2, deadInterval: 8 },
              { name: 'cbr0', passive: true },
            ],
          },
        ],
      },
    });
  }
  return stringify({
    ...base,
    // RFC 8212: an eBGP neighbor needs an import policy; the host accepts pod and host subnets from its ToR.
    policy: {
      prefixLists: {
        FABRIC: [
          { action: 'permit', prefix: '10.244.0.0/16', le: 32 },
          { action: 'permit', prefix: '10.0.0.0/16', le: 32 },
          { action: 'permit', prefix: 'fd00:244::/32', le: 128 },
          { action: 'permit', prefix: 'fd00::/32', le: 128 },
        ],
      },
      routeMaps: { 'FROM-TOR': [{ action: 'permit', match: { prefixList: 'FABRIC' } }] },
    },
    bgp: {
      asn: h.asn,
      neighbors: [
        {
          address: h.torAddr4,
          remoteAs: h.torAsn,
          description: `tor${h.rack}`,
          importPolicy: 'FROM-TOR',
          connectRetry: 2,
        },
        {
          address: h.torAddr6,
          remoteAs: h.torAsn,
          description: `tor${h.rack} (IPv6)`,
          families: ['ipv6-unicast'],
          importPolicy: 'FROM-TOR',
          connectRetry: 2,
        },
      ],
      advertise: { interfaces: ['cbr0'], prefixes: [] },
    },
  });
}
