// Runs every compiled test file under dist/test with the node test runner (spec reporter, which prints the
// summary). Extra arguments are passed through, e.g. `npm test -- --test-name-pattern=config`.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function find(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...find(p));
    else if (e.name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

const args = process.argv.slice(2);
const files = args.some((a) => !a.startsWith('-')) ? [] : find('dist/test').sort();
const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...args, ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
