/**
 * npm run check:advisories — fails when any installed copy of a dependency (package-lock.json, nested copies
 * included) is older than the first release that fixes a known advisory. Part of `npm test` and CI.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';

// package → the versions that fix its advisories (a range, so later majors count as fixed)
const MINIMUMS: Record<string, { range: string; why: string }> = {
  '@apollo/server': { range: '>=5.5.0', why: 'the minimum the security review requires for Apollo Server' },
  graphql: { range: '>=16.8.1', why: 'CVE-2023-26144, denial of service in the OverlappingFieldsCanBeMerged validation rule' },
  ws: { range: '>=8.17.1', why: 'CVE-2024-37890, denial of service through a request with many HTTP headers' },
  typeorm: { range: '>=0.3.31', why: 'the minimum the security review requires for TypeORM (SQL injection advisories of older 0.3.x)' },
};

interface Lockfile {
  packages: Record<string, { version?: string }>;
}

// --lockfile <path> checks another lockfile (the test proves the check fails on old versions)
const flag = process.argv.indexOf('--lockfile');
const lockfile = flag >= 0 ? path.resolve(process.argv[flag + 1]!) : path.resolve(__dirname, '../package-lock.json');
const lock = JSON.parse(readFileSync(lockfile, 'utf8')) as Lockfile;
const problems: string[] = [];
const checked: string[] = [];
for (const [location, entry] of Object.entries(lock.packages)) {
  const name = location.split('node_modules/').pop();
  if (!name || !(name in MINIMUMS) || !entry.version) continue;
  const minimum = MINIMUMS[name]!;
  checked.push(`${location} ${entry.version}`);
  if (!semver.satisfies(entry.version, minimum.range)) problems.push(`${location}@${entry.version} is below ${minimum.range}: ${minimum.why}`);
}
for (const name of Object.keys(MINIMUMS)) {
  if (!checked.some((line) => line.startsWith(`node_modules/${name} `))) problems.push(`${name} is not in package-lock.json: the check cannot vouch for it`);
}
if (problems.length > 0) {
  console.error(`Dependencies with known advisories:\n  ${problems.join('\n  ')}\nUpgrade them (npm install <package>@latest) and commit package-lock.json.`);
  process.exit(1);
}
console.log(`Advisory minimums hold for ${checked.length} installed copies: ${checked.join(', ')}`);
