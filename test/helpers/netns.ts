/**
 * netns tests need root, iproute2 and FRR. Without them they are reported as skipped with the reason;
 * with NOVERLAY_REQUIRE_NETNS=1 (set by CI) a missing prerequisite is a failure instead.
 */
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { labPrereqProblem } from '../../lab/lab.js';

export const REQUIRE_NETNS = process.env.NOVERLAY_REQUIRE_NETNS === '1';

/** Extra programs a test needs, with the Debian package that provides each. */
const PROGRAMS: Record<string, string> = {
  bird: 'bird2',
  birdc: 'bird2',
  tshark: 'tshark',
  gobgpd: 'gobgpd',
  ping: 'iputils-ping',
};

function missingProgram(names: string[]): string | undefined {
  for (const n of names) {
    const r = spawnSync('sh', ['-c', `command -v ${n}`], { encoding: 'utf8' });
    if (r.stdout.trim() === '') return `${n} is missing: apt-get install -y ${PROGRAMS[n] ?? n}`;
  }
  return undefined;
}

export function netnsTest(
  name: string,
  fn: () => Promise<void>,
  opts: { timeout?: number; needs?: string[] } = {},
): void {
  const problem = labPrereqProblem() ?? missingProgram(opts.needs ?? []);
  if (problem === undefined) {
    test(name, { timeout: opts.timeout ?? 120_000 }, fn);
  } else if (REQUIRE_NETNS) {
    test(name, () => {
      throw new Error(`NOVERLAY_REQUIRE_NETNS=1 but this netns test cannot run: ${problem}`);
    });
  } else {
    test(name, {
      skip: `needs root, iproute2, FRR${opts.needs ? `, ${opts.needs.join(', ')}` : ''} (${problem})`,
    }, () => {});
  }
}

/** GET a JSON document from inside a namespace (a host's API listens on its own loopback). */
export function nsGetJson<T>(ns: string, url: string): T | undefined {
  const script = `fetch(${JSON.stringify(url)}).then(r=>r.text()).then(t=>process.stdout.write(t)).catch(()=>process.exit(3))`;
  const r = spawnSync('ip', ['netns', 'exec', ns, process.execPath, '-e', script], {
    encoding: 'utf8',
    timeout: 15_000,
  });
  if (r.status !== 0) return undefined;
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    return undefined;
  }
}
