/**
 * The coordinator's side of an agent (bench/agent.ts): spawn it inside a namespace pinned to a CPU, send it
 * commands, and wait for its events. An agent's error event, or its exit, fails every wait on it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { AgentCommand, AgentEvent, AgentSpec } from './protocol.js';

const AGENT = fileURLToPath(new URL('../agent.js', import.meta.url));

type Waiter = { pred: (e: AgentEvent) => boolean; resolve: (e: AgentEvent) => void; reject: (e: Error) => void };

export class AgentProc {
  readonly child: ChildProcess;
  private readonly backlog: AgentEvent[] = [];
  private readonly waiters: Waiter[] = [];
  private failure: Error | undefined;
  private stderr = '';

  constructor(
    readonly name: string,
    ns: string,
    cpu: number,
    spec: AgentSpec,
  ) {
    const args = ['netns', 'exec', ns, 'taskset', '-c', String(cpu), process.execPath];
    this.child = spawn('ip', [...args, '--max-old-space-size=4096', AGENT, JSON.stringify(spec)], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    createInterface({ input: this.child.stdout as NodeJS.ReadableStream }).on('line', (l) => this.onLine(l));
    this.child.stderr?.on('data', (b: Buffer) => {
      this.stderr = (this.stderr + b.toString()).slice(-4000);
    });
    this.child.on('exit', (code, sig) => {
      this.fail(new Error(`agent ${name} exited (${sig ?? code})${this.stderr ? `: ${this.stderr.trim()}` : ''}`));
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  private onLine(l: string): void {
    if (!l.startsWith('{')) return;
    const e = JSON.parse(l) as AgentEvent;
    if (e.ev === 'error') {
      this.fail(new Error(`agent ${this.name}: ${e.message}`));
      return;
    }
    const i = this.waiters.findIndex((w) => w.pred(e));
    if (i >= 0) {
      const [w] = this.waiters.splice(i, 1);
      w?.resolve(e);
    } else this.backlog.push(e);
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const w of this.waiters.splice(0)) w.reject(this.failure);
  }

  send(c: AgentCommand): void {
    this.child.stdin?.write(`${JSON.stringify(c)}\n`);
  }

  /** The first event (already received or to come) of kind `ev`. */
  wait<K extends AgentEvent['ev']>(ev: K, timeoutMs: number): Promise<Extract<AgentEvent, { ev: K }>> {
    const pred = (e: AgentEvent) => e.ev === ev;
    const i = this.backlog.findIndex(pred);
    if (i >= 0) return Promise.resolve(this.backlog.splice(i, 1)[0] as Extract<AgentEvent, { ev: K }>);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const k = this.waiters.indexOf(w);
        if (k >= 0) this.waiters.splice(k, 1);
        reject(new Error(`agent ${this.name}: no "${ev}" within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      const w: Waiter = {
        pred,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e as Extract<AgentEvent, { ev: K }>);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.waiters.push(w);
    });
  }

  /** Ask for counters. */
  async stats(timeoutMs = 10_000): Promise<Extract<AgentEvent, { ev: 'stats' }>> {
    this.send({ cmd: 'stats' });
    return this.wait('stats', timeoutMs);
  }

  /** Ask the agent to close its sessions and exit; kill it if it does not. */
  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.failure ??= new Error(`agent ${this.name} closed`);
    this.send({ cmd: 'close' });
    const t = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(t);
  }
}
