import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packOrb } from '@keel/ci-orb';
import { REPO_ROOT } from '../config';
import { CIRCLECI_CONFIG, ORB_SRC_DIR } from './orb.command';

/** `keel orb …` through bin/keel.js, as `npx keel orb …` runs it. */
function keel(...args: string[]): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/keel.js'), 'orb', ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

describe('keel orb', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'keel-orb-cli-'));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('pack prints the packed orb, or writes it with --out', () => {
    const expected = packOrb(ORB_SRC_DIR, '.circleci/orb/src').yaml;
    expect(keel('pack')).toMatchObject({ status: 0, stdout: expected });
    const out = join(tmp, 'orb.yml');
    const written = keel('pack', '--out', out);
    expect(written.status).toBe(0);
    expect(written.stderr).toMatch(/^packed \.circleci\/orb\/src into .*orb\.yml \(5 commands, 2 jobs, 2 executors, 3 examples\)$/m);
    expect(readFileSync(out, 'utf8')).toBe(expected);
  });

  it('validate passes on the repository', () => {
    const result = keel('validate');
    expect(result).toMatchObject({ status: 0, stdout: 'ok: .circleci/orb/src (5 commands, 2 jobs, 2 executors, 3 examples) and .circleci/config.yml\n' });
  });

  it('validate exits 1 listing each problem with its file, line and path', () => {
    const src = join(tmp, 'src');
    cpSync(ORB_SRC_DIR, src, { recursive: true });
    const migrate = join(src, 'commands', 'migrate.yml');
    writeFileSync(migrate, readFileSync(migrate, 'utf8').replace('<<include(scripts/migrate.sh)>>', '<<include(scripts/migrat.sh)>>'));
    const result = keel('validate', '--src', src);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/src\/commands\/migrate\.yml:\d+:\d+: commands\.migrate\.steps\[0\]\.run\.command: include\(scripts\/migrat\.sh\): could not open/);
    expect(result.stderr).toContain('1 problem(s)');
  });

  it('validate exits 1 when the inline orb in the config is stale, and sync brings it up to date', () => {
    const config = join(tmp, 'config.yml');
    writeFileSync(config, readFileSync(CIRCLECI_CONFIG, 'utf8').replace('Roll Keel\'s services out on Kubernetes', 'Roll Keel out'));
    const stale = keel('validate', '--config', config);
    expect(stale.status).toBe(1);
    expect(stale.stderr).toMatch(/config\.yml:\d+:\d+: orbs\.keel: the inline orb is out of date with the orb source: run `npx keel orb sync`/);
    expect(keel('sync', '--config', config)).toMatchObject({ status: 0, stdout: expect.stringContaining('inline orb keel updated') });
    expect(readFileSync(config, 'utf8')).toBe(readFileSync(CIRCLECI_CONFIG, 'utf8'));
    expect(keel('sync', '--config', config).stdout).toContain('already up to date');
  });

  it('exits 2 for a source directory or config that does not exist', () => {
    expect(keel('pack', '--src', join(tmp, 'nope'))).toMatchObject({ status: 2, stderr: expect.stringContaining('--src:') });
    expect(keel('validate', '--config', join(tmp, 'nope.yml'))).toMatchObject({ status: 2, stderr: expect.stringContaining('--config:') });
  });
});
