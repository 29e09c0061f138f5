/**
 * The parent's side of test/ospf/instance/netns-child.ts: spawn the OSPF child in a namespace, send it JSON
 * commands, read its answers. Used by test/netns/ospf.test.ts and bench/ospf-converge.ts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { OspfInterfaceView, OspfNeighborView, OspfRouteView, OspfSummaryView } from '../../../ospf/views.js';

const CHILD = fileURLToPath(new URL('./netns-child.js', import.meta.url));

export interface ChildState {
  summary: OspfSummaryView;
  interfaces: OspfInterfaceView[];
  neighbors: OspfNeighborView[];
  routes: OspfRouteView[];
  rib: { prefix: string; metric: number; nexthops: { gateway: string | null; ifname?: string }[] }[];
}

/** The noverlay OSPF child: JSON commands in, one JSON answer per command out. */
export class OspfChild {
  private readonly child: ChildProcess;
  private nextId = 1;
  private readonly waiting = new Map<number, (v: Record<string, unknown>) => void>();
  readonly ready: Promise<void>;
  stderr = '';

  constructor(ns: string, arg: object) {
    this.child = spawn('ip', ['netns', 'exec', ns, process.execPath, CHILD, JSON.stringify(arg)], {
      cwd: process.cwd(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let ok: () => void = () => {};
    let fail: (e: Error) => void = () => {};
    this.ready = new Promise((res, rej) => {
      ok = res;
      fail = rej;
    });
    this.child.stderr?.on('data', (b: Buffer) => {
      this.stderr += b.toString();
    });
    this.child.on('exit', (code) => fail(new Error(`OSPF child exited (${code}): ${this.stderr.slice(-2000)}`)));
    createInterface({ input: this.child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const m = JSON.parse(line) as Record<string, unknown>;
      if (m.fatal) this.stderr += String(m.fatal);
      if (m.ready) ok();
      const w = this.waiting.get(m.id as number);
      if (w) {
        this.waiting.delete(m.id as number);
        w(m);
      }
    });
  }

  ask(cmd: string, more: object = {}): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.child.stdin?.write(`${JSON.stringify({ id, cmd, ...more })}\n`);
    });
  }

  async state(): Promise<ChildState> {
    return (await this.ask('state')) as unknown as ChildState;
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }
}
