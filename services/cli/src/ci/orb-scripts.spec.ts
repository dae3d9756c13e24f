import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { packOrb } from '@keel/ci-orb';
import { REPO_ROOT } from '../config';

const ORB_DIR = join(REPO_ROOT, '.circleci', 'orb');
const SCRIPTS = readdirSync(join(ORB_DIR, 'src', 'scripts')).filter((name) => name.endsWith('.sh')).sort();
const BATS_FILES = readdirSync(join(ORB_DIR, 'test')).filter((name) => name.endsWith('.bats')).sort();

/** Runs a tool from the orb directory; a missing tool fails with how to install it. */
function tool(command: string, args: string[]): { status: number; output: string } {
  const result = spawnSync(command, args, { cwd: ORB_DIR, encoding: 'utf8', env: { ...process.env, TERM: 'dumb' } });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    throw new Error(`${command} is not installed: the orb's scripts are tested with shellcheck and bats (Debian: apt-get install shellcheck bats; .ci/run installs them)`);
  }
  if (result.error) throw result.error;
  return { status: result.status ?? 1, output: `${result.stdout}${result.stderr}` };
}

describe('the orb scripts (.circleci/orb/src/scripts)', () => {
  it('pass shellcheck, as do their bats tests', () => {
    const files = [...SCRIPTS.map((s) => `src/scripts/${s}`), 'test/helpers.bash', ...BATS_FILES.map((b) => `test/${b}`)];
    const { status, output } = tool('shellcheck', ['--shell=bash', '--external-sources', ...files]);
    expect({ status, output }).toEqual({ status: 0, output: '' });
  });

  it('pass their bats tests (stub keel and kubectl on PATH)', () => {
    const { status, output } = tool('bats', ['--tap', 'test']);
    if (status !== 0) throw new Error(`bats failed:\n${output}`);
    expect(output).toMatch(/^1\.\.\d+$/m);
    expect(output).not.toMatch(/^not ok/m);
  });

  it('each have a bats file and are included by a command of the packed orb', () => {
    expect(BATS_FILES).toEqual(SCRIPTS.map((script) => script.replace(/\.sh$/, '.bats')));
    const included = new Set(packOrb(join(ORB_DIR, 'src')).includes.map((include) => include.file));
    expect([...included].sort()).toEqual(SCRIPTS.map((script) => `scripts/${script}`));
  });
});
