/**
 * Small netns topologies for interop tests: one L2 segment (a bridge in its own namespace) with nodes on
 * veths, noverlayd or BIRD running in nodes, and teardown of every process and namespace the fabric made.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFrr } from '../../lab/frr.js';
import { addRouterNamespace, ip, listNamespaces, nsPids, run, stopPids } from '../../lab/sh.js';
import { waitFor } from './proc.js';

const NOVERLAYD = fileURLToPath(new URL('../../daemon/bin/noverlayd.js', import.meta.url));

export class Fabric {
  readonly dir: string;
  private readonly children: ChildProcess[] = [];
  private readonly pre: string;
  private readonly sw: string;

  constructor(readonly name: string) {
    this.pre = `nv-${name}-`;
    this.sw = `${this.pre}sw`;
    this.dir = `/run/noverlay-test/${name}`;
  }

  /** Remove leftovers of an earlier run, then create the segment. */
  async up(): Promise<void> {
    await this.down();
    mkdirSync(this.dir, { recursive: true });
    ip('netns', 'add', this.sw);
    ip('-n', this.sw, 'link', 'add', 'br0', 'type', 'bridge');
    ip('-n', this.sw, 'link', 'set', 'br0', 'up');
  }

  ns(node: string): string {
    return `${this.pre}${node}`;
  }

  /** A node on the segment with the given addresses on its eth0. */
  node(node: string, addrs: string[]): string {
    const ns = this.ns(node);
    addRouterNamespace(ns);
    ip('link', 'add', 'eth0', 'netns', ns, 'type', 'veth', 'peer', 'name', node, 'netns', this.sw);
    ip('-n', this.sw, 'link', 'set', node, 'master', 'br0');
    ip('-n', this.sw, 'link', 'set', node, 'up');
    for (const a of addrs) ip('-n', ns, 'addr', 'add', a, 'dev', 'eth0', ...(a.includes(':') ? ['nodad'] : []));
    ip('-n', ns, 'link', 'set', 'eth0', 'up');
    return ns;
  }

  /** A point-to-point veth between two existing nodes, with addresses on each end. */
  link(a: string, aIf: string, aAddrs: string[], b: string, bIf: string, bAddrs: string[]): void {
    ip('link', 'add', aIf, 'netns', this.ns(a), 'type', 'veth', 'peer', 'name', bIf, 'netns', this.ns(b));
    for (const [node, ifname, addrs] of [
      [a, aIf, aAddrs],
      [b, bIf, bAddrs],
    ] as const) {
      for (const x of addrs)
        ip('-n', this.ns(node), 'addr', 'add', x, 'dev', ifname, ...(x.includes(':') ? ['nodad'] : []));
      ip('-n', this.ns(node), 'link', 'set', ifname, 'up');
    }
  }

  /** A node with no segment port (only point-to-point links added with `link`). */
  bareNode(node: string): string {
    const ns = this.ns(node);
    addRouterNamespace(ns);
    return ns;
  }

  /** A container bridge stand-in (a bridge without ports; this kernel has no dummy driver) with addresses. */
  dummy(node: string, ifname: string, addrs: string[]): void {
    const ns = this.ns(node);
    ip('-n', ns, 'link', 'add', ifname, 'type', 'bridge');
    for (const a of addrs) ip('-n', ns, 'addr', 'add', a, 'dev', ifname, ...(a.includes(':') ? ['nodad'] : []));
    ip('-n', ns, 'link', 'set', ifname, 'up');
  }

  /** Start noverlayd in a node with this YAML (stateDir and api are filled in) and wait until it serves. */
  async noverlay(node: string, yaml: string): Promise<void> {
    const d = join(this.dir, node);
    mkdirSync(d, { recursive: true });
    const cfg = join(d, 'noverlay.yaml');
    writeFileSync(cfg, `stateDir: ${join(d, 'state')}\napi: { listen: "127.0.0.1:9179" }\n${yaml}`);
    const log = join(d, 'noverlayd.log');
    const out = openSync(log, 'a');
    const c = spawn('ip', ['netns', 'exec', this.ns(node), process.execPath, NOVERLAYD, '--config', cfg], {
      stdio: ['ignore', out, out],
    });
    this.children.push(c);
    const started = () => readFileSync(log, 'utf8').includes('"msg":"noverlayd started"') || undefined;
    await waitFor(`noverlayd on ${node} started`, started, 20_000).catch((e: Error) => {
      throw new Error(`${e.message}; its log:\n${readFileSync(log, 'utf8').slice(-2000)}`);
    });
  }

  log(node: string): string {
    return readFileSync(join(this.dir, node, 'noverlayd.log'), 'utf8');
  }

  /** Start FRR (zebra, bgpd, ospfd) in a node; returns the directory of its vty sockets (for vtysh). */
  frr(node: string, conf: string): string {
    const d = join(this.dir, node);
    mkdirSync(d, { recursive: true });
    startFrr(this.ns(node), d, conf);
    return d;
  }

  /** Start BIRD 2 in a node; returns the control socket path for birdc. */
  bird(node: string, conf: string): string {
    const d = join(this.dir, node);
    mkdirSync(d, { recursive: true });
    const file = join(d, 'bird.conf');
    writeFileSync(file, conf);
    const sock = join(d, 'bird.ctl');
    const out = openSync(join(d, 'bird.log'), 'a');
    const c = spawn('ip', ['netns', 'exec', this.ns(node), 'bird', '-f', '-c', file, '-s', sock], {
      stdio: ['ignore', out, out],
    });
    this.children.push(c);
    return sock;
  }

  /** Start a background process in a node (e.g. tshark); it is stopped by `down`. */
  spawnIn(node: string, cmd: string, args: string[], logName: string): ChildProcess {
    const out = openSync(join(this.dir, logName), 'a');
    const c = spawn('ip', ['netns', 'exec', this.ns(node), cmd, ...args], { stdio: ['ignore', out, out] });
    this.children.push(c);
    return c;
  }

  async down(): Promise<void> {
    const pids = new Set<number>();
    for (const c of this.children) if (c.pid !== undefined && c.exitCode === null) pids.add(c.pid);
    const namespaces = listNamespaces().filter((n) => n.startsWith(this.pre));
    for (const ns of namespaces) for (const p of nsPids(ns)) pids.add(p);
    await stopPids([...pids]);
    for (const ns of namespaces) ip('netns', 'del', ns);
    rmSync(this.dir, { recursive: true, force: true });
    this.children.length = 0;
  }
}

export function birdc(sock: string, cmd: string): string {
  return run('birdc', ['-s', sock, ...cmd.split(' ')], { allowFail: true, timeoutMs: 10_000 });
}
