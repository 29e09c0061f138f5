/** `noverlay lab up|status|down [--name N] [--racks N] [--hosts N] [--json]`. */
import { parseArgs } from 'node:util';
import { CliError } from '../daemon/cli/client.js';
import { duration, table } from '../daemon/cli/table.js';
import { LabError, labDown, labPrereqProblem, labStatus, labUp } from './lab.js';

export async function labMain(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      name: { type: 'string', default: 'lab' },
      racks: { type: 'string', default: '2' },
      hosts: { type: 'string', default: '2' },
      json: { type: 'boolean', default: false },
      mode: { type: 'string', default: 'bgp' },
    },
  });
  const name = values.name;
  const count = (v: string, what: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > 9) throw new CliError(`--${what} must be 1..9`, 2);
    return n;
  };
  try {
    switch (positionals[0]) {
      case 'up': {
        const plan = await labUp(
          {
            name,
            racks: count(values.racks, 'racks'),
            hostsPerRack: count(values.hosts, 'hosts'),
            mode: labMode(values.mode),
          },
          { log: (s) => console.log(`lab ${name}: ${s}`) },
        );
        console.log(
          `lab ${name} is up: ${plan.tors.length} ToRs, ${plan.hosts.length} hosts. Next: noverlay lab status --name ${name}`,
        );
        return 0;
      }
      case 'down': {
        const problem = labPrereqProblem();
        if (problem?.includes('root')) throw new LabError(problem);
        const r = await labDown(name);
        console.log(`lab ${name} is down: removed ${r.namespaces.length} namespaces, stopped ${r.killed} processes`);
        return 0;
      }
      case 'status': {
        const s = labStatus(name);
        if (values.json) console.log(JSON.stringify(s, null, 2));
        else console.log(formatStatus(s));
        return s.status === 'absent' ? 1 : 0;
      }
      default:
        throw new CliError(
          'usage: noverlay lab up|status|down [--name N] [--racks N] [--hosts N] [--mode bgp|ospf] [--json]',
          2,
        );
    }
  } catch (e) {
    if (e instanceof LabError) throw new CliError(e.message, 1);
    throw e;
  }
}

function labMode(m: string): 'bgp' | 'ospf' {
  if (m !== 'bgp' && m !== 'ospf') throw new CliError('--mode must be bgp or ospf', 2);
  return m;
}

function formatStatus(s: ReturnType<typeof labStatus>): string {
  if (s.status === 'absent') return `lab ${s.name} is not up`;
  const out: string[] = [`lab ${s.name}: ${s.status}`, ''];
  for (const t of s.tors) {
    out.push(
      s.mode === 'ospf'
        ? `${t.node} OSPF neighbors:${t.error ? ` error: ${t.error}` : ''}`
        : `${t.node} (AS ${t.asn}) BGP summary:${t.error ? ` error: ${t.error}` : ''}`,
    );
    if (t.peers.length === 0 && !t.error) out.push('  (no peers)');
    else
      out.push(
        s.mode === 'ospf'
          ? table(
              ['  Neighbor ID', 'State'],
              t.peers.map((p) => [`  ${p.peer}`, p.state]),
            )
          : table(
              ['  Neighbor', 'AS', 'State', 'PfxRcd', 'Dynamic'],
              t.peers.map((p) => [`  ${p.peer}`, p.remoteAs, p.state, p.pfxRcd ?? '-', p.dynamic ? 'yes' : 'no']),
            ),
      );
    out.push('');
  }
  out.push('Hosts:');
  out.push(
    table(
      ['  Host', 'Namespace', 'Address', 'API', 'Ready', 'Uptime', 'Config rev'],
      s.hosts.map((h) => {
        const st = h.status as { ready?: boolean; uptimeSeconds?: number; configRevision?: number } | undefined;
        return [
          `  ${h.node}`,
          h.ns,
          h.address,
          st ? 'up' : (h.error ?? 'down'),
          st ? (st.ready ? 'yes' : 'no') : '-',
          st?.uptimeSeconds !== undefined ? duration(st.uptimeSeconds) : '-',
          st?.configRevision ?? '-',
        ];
      }),
    ),
  );
  return out.join('\n');
}
