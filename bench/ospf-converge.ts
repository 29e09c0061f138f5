/**
 * OSPF convergence against FRR on the real kernel: FRR (zebra + ospfd) in one namespace redistributes N
 * kernel routes (blackholes) as AS-external-LSAs; noverlay's OSPF instance (test/ospf/instance/netns-child.ts:
 * native raw sockets, the netlink dataplane, a RIB) starts in another namespace, on a point-to-point veth.
 * Measured: start -> neighbor Full, and Full -> all N routes selected in the RIB (Database Exchange, LS
 * Requests, SPF, RIB flush). Needs root, iproute2 and FRR.
 *
 *   node dist/bench/ospf-converge.js [--routes 500,2000] [--runs 3]
 */
import { vtyshJson } from '../lab/frr.js';
import { ip, run } from '../lab/sh.js';
import { Fabric } from '../test/helpers/fabric.js';
import { waitFor } from '../test/helpers/proc.js';
import { OspfChild } from '../test/ospf/instance/child-client.js';

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt;
}

interface Result {
  routes: number;
  startToFullMs: number;
  fullToRibMs: number;
  spfRuns: number;
  lastSpfMs: number;
}

const FRR_CONF = `frr defaults traditional
hostname fr
!
interface eth0
 ip ospf network point-to-point
 ip ospf hello-interval 1
 ip ospf dead-interval 4
!
router ospf
 ospf router-id 1.1.1.1
 network 10.88.0.0/30 area 0
 redistribute kernel
!
`;

async function once(n: number): Promise<Result> {
  const f = new Fabric('ospfbench');
  await f.up();
  let nv: OspfChild | undefined;
  try {
    const fr = f.ns('fr');
    const nvNs = f.ns('nv');
    for (const ns of [fr, nvNs]) {
      ip('netns', 'add', ns);
      ip('-n', ns, 'link', 'set', 'lo', 'up');
    }
    ip('link', 'add', 'eth0', 'netns', nvNs, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', fr);
    ip('-n', nvNs, 'addr', 'add', '10.88.0.2/30', 'dev', 'eth0');
    ip('-n', fr, 'addr', 'add', '10.88.0.1/30', 'dev', 'eth0');
    ip('-n', nvNs, 'link', 'set', 'eth0', 'up');
    ip('-n', fr, 'link', 'set', 'eth0', 'up');
    const batch: string[] = [];
    for (let i = 0; i < n; i++) batch.push(`route add blackhole 172.${16 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}/32`);
    run('ip', ['-n', fr, '-batch', '-'], { input: `${batch.join('\n')}\n` });
    const dir = f.frr('fr', FRR_CONF);
    await waitFor(
      `FRR originating ${n} externals`,
      () => {
        const j = vtyshJson<{ lsaExternalCounter?: number }>(dir, 'show ip ospf json');
        return (j.lsaExternalCounter ?? 0) >= n || undefined;
      },
      60_000,
      200,
    );
    nv = new OspfChild(nvNs, {
      routerId: '2.2.2.2',
      ospf: {
        areas: [
          { id: 0, interfaces: [{ name: 'eth0', network: 'point-to-point', helloInterval: 1, deadInterval: 4 }] },
        ],
      },
    });
    await nv.ready;
    const started = Date.now();
    const all = (await nv.ask('await-rib', { count: n })) as { at: number };
    const full = /"msg":"OSPF neighbor state change"[^\n]*"to":"Full"/.exec(nv.stderr);
    const fullAt = full
      ? (JSON.parse(nv.stderr.slice(nv.stderr.lastIndexOf('\n', full.index) + 1).split('\n')[0]!) as { t: number }).t
      : NaN;
    const s = await nv.state();
    return {
      routes: n,
      startToFullMs: fullAt - started,
      fullToRibMs: all.at - fullAt,
      spfRuns: s.summary.spf.runs,
      lastSpfMs: Math.round(s.summary.spf.lastDurationMs * 100) / 100,
    };
  } finally {
    nv?.kill();
    await f.down();
  }
}

async function main(): Promise<void> {
  const sizes = arg('--routes', '500').split(',').map(Number);
  const runs = Number(arg('--runs', '3'));
  const out: Result[] = [];
  for (const n of sizes) {
    for (let r = 0; r < runs; r++) {
      const res = await once(n);
      out.push(res);
      process.stdout.write(`${JSON.stringify(res)}\n`);
    }
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  for (const n of sizes) {
    const rs = out.filter((r) => r.routes === n);
    process.stdout.write(
      `routes=${n} runs=${rs.length} median start->Full ${med(rs.map((r) => r.startToFullMs))} ms, Full->all in RIB ${med(rs.map((r) => r.fullToRibMs))} ms\n`,
    );
  }
}

main().catch((e: Error) => {
  process.stderr.write(`${e.stack ?? e.message}\n`);
  process.exit(1);
});
