import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const script = path.resolve(__dirname, '../../scripts/check-advisories.ts');

function check(packages: Record<string, { version: string }>): { code: number; output: string } {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'advisories-')), 'package-lock.json');
  writeFileSync(file, JSON.stringify({ packages: { '': {}, ...packages } }));
  try {
    const output = execFileSync(process.execPath, ['--import', 'tsx', script, '--lockfile', file], { encoding: 'utf8', stdio: 'pipe' });
    return { code: 0, output };
  } catch (error) {
    const failed = error as { status: number; stderr: string };
    return { code: failed.status, output: failed.stderr };
  }
}

const current = {
  'node_modules/@apollo/server': { version: '5.5.1' },
  'node_modules/graphql': { version: '16.15.0' },
  'node_modules/ws': { version: '8.23.0' },
  'node_modules/typeorm': { version: '0.3.31' },
};

describe('the advisory check (npm run check:advisories)', () => {
  it('passes the versions this project ships', () => {
    expect(check(current).code).toBe(0);
  });

  it('fails on a vulnerable copy, also one nested under another package', () => {
    const nested = check({ ...current, 'node_modules/graphql-ws/node_modules/ws': { version: '8.17.0' } });
    expect(nested.code).toBe(1);
    expect(nested.output).toContain('node_modules/graphql-ws/node_modules/ws@8.17.0');
    const old = check({ ...current, 'node_modules/graphql': { version: '16.8.0' }, 'node_modules/@apollo/server': { version: '5.4.0' } });
    expect(old.code).toBe(1);
    expect(old.output).toMatch(/graphql@16\.8\.0[\s\S]*@apollo\/server@5\.4\.0|@apollo\/server@5\.4\.0[\s\S]*graphql@16\.8\.0/);
  });
});
