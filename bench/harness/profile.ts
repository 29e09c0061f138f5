/**
 * A V8 .cpuprofile (node --cpu-prof) summarized: self and total (inclusive) time per function
 * (name file:line), self time per source file, and the time spent idle. Pure given the parsed profile.
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface FrameTime {
  frame: string;
  ms: number;
  /** Of the busy (non-idle) time. */
  share: number;
}

export interface ProfileSummary {
  busyMs: number;
  idleMs: number;
  self: FrameTime[];
  total: FrameTime[];
  files: FrameTime[];
}

function fileOf(f: CallFrame): string {
  return f.url.replace(/^file:\/\//, '').replace(/^.*?\/(?:[^/]*-)?dist\//, '');
}

function frameName(f: CallFrame): string {
  const file = fileOf(f);
  return `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}` : ''}`;
}

function ranked(m: Map<string, number>, busy: number, limit: number): FrameTime[] {
  return [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([frame, ms]) => ({ frame, ms, share: busy > 0 ? ms / busy : 0 }));
}

const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);

/**
 * `window` (ms on CLOCK_MONOTONIC, which is also the profile's clock, in µs) keeps only the samples taken
 * inside it: the measurement, without start-up and teardown.
 */
export function summarizeProfile(p: CpuProfile, limit = 25, window?: { from: number; to: number }): ProfileSummary {
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const n of p.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const files = new Map<string, number>();
  let idle = 0;
  let busy = 0;
  let at = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    const id = p.samples[i] as number;
    const n = byId.get(id);
    at += p.timeDeltas[i] ?? 0;
    const dt = (p.timeDeltas[i] ?? 0) / 1000;
    if (!n) continue;
    if (window && (at < window.from * 1000 || at > window.to * 1000)) continue;
    if (n.callFrame.functionName === '(idle)') {
      idle += dt;
      continue;
    }
    busy += dt;
    add(self, frameName(n.callFrame), dt);
    add(files, fileOf(n.callFrame) || n.callFrame.functionName, dt);
    // Inclusive time: each distinct frame on the stack once (recursion must not count twice).
    const seen = new Set<string>();
    for (let up: number | undefined = id; up !== undefined; up = parent.get(up)) {
      const f = byId.get(up);
      if (!f || f.callFrame.functionName === '(root)') continue;
      const k = frameName(f.callFrame);
      if (!seen.has(k)) {
        seen.add(k);
        add(total, k, dt);
      }
    }
  }
  return {
    busyMs: busy,
    idleMs: idle,
    self: ranked(self, busy, limit),
    total: ranked(total, busy, limit),
    files: ranked(files, busy, limit),
  };
}

export function formatProfile(s: ProfileSummary): string {
  const part = (title: string, xs: FrameTime[]) => [
    title,
    ...xs.map((f) => `  ${(100 * f.share).toFixed(1).padStart(5)}%  ${f.ms.toFixed(0).padStart(6)} ms  ${f.frame}`),
  ];
  return [
    `busy ${s.busyMs.toFixed(0)} ms, idle ${s.idleMs.toFixed(0)} ms`,
    ...part('self time by function:', s.self),
    ...part('self time by file:', s.files),
    ...part('total (inclusive) time by function:', s.total),
  ].join('\n');
}
