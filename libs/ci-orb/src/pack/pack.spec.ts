import { parse } from 'yaml';
import { formatProblem, OrbSourceError, type Problem } from '../problem';
import { MINIMAL_ORB, sourceDir } from '../testing/source-dir';
import { packOrb } from './pack';

function packFiles(files: Record<string, string>): ReturnType<typeof packOrb> {
  const source = sourceDir(files);
  try {
    return packOrb(source.dir, 'src');
  } finally {
    source.remove();
  }
}

function packProblems(files: Record<string, string>): Problem[] {
  try {
    packFiles(files);
  } catch (error) {
    if (error instanceof OrbSourceError) return [...error.problems];
    throw error;
  }
  throw new Error('expected the orb not to pack');
}

describe('packOrb: the directory tree becomes keys (circleci orb pack rules)', () => {
  it('makes @orb.yml the root and each file under commands/, executors/, jobs/, examples/ a key named after it', () => {
    const { orb } = packFiles({
      '@orb.yml': 'version: 2.1\ndescription: d\norbs:\n  node: circleci/node@5.2.0\n',
      'commands/b-cmd.yml': 'steps: [checkout]\n',
      'commands/a-cmd.yaml': 'steps: [checkout]\n',
      'executors/default.yml': 'docker:\n  - image: cimg/base:current\n',
      'jobs/build.yml': 'executor: default\nsteps: [a-cmd]\n',
      'examples/use.yml': 'description: x\nusage: {version: 2.1}\n',
    });
    expect(orb).toEqual({
      version: 2.1,
      description: 'd',
      orbs: { node: 'circleci/node@5.2.0' },
      commands: { 'a-cmd': { steps: ['checkout'] }, 'b-cmd': { steps: ['checkout'] } },
      executors: { default: { docker: [{ image: 'cimg/base:current' }] } },
      jobs: { build: { executor: 'default', steps: ['a-cmd'] } },
      examples: { use: { description: 'x', usage: { version: 2.1 } } },
    });
  });

  it('writes the top-level keys in the CLI order (version, description, display, orbs, commands, executors, jobs, examples) and elements by name', () => {
    const { orb, yaml } = packFiles({
      '@orb.yml': 'examples: {}\njobs: {}\ndescription: d\nversion: 2.1\n',
      'jobs/z.yml': 'steps: [checkout]\ndocker: [{image: a}]\n',
      'jobs/a.yml': 'steps: [checkout]\ndocker: [{image: a}]\n',
      'commands/c.yml': 'steps: [checkout]\n',
    });
    expect(Object.keys(orb)).toEqual(['version', 'description', 'commands', 'jobs']);
    expect(Object.keys(orb['jobs'] as object)).toEqual(['a', 'z']);
    expect(yaml.indexOf('commands:')).toBeLessThan(yaml.indexOf('jobs:'));
  });

  it('merges @-prefixed files into their directory and other root YAML files into the root', () => {
    const { orb } = packFiles({
      '@orb.yml': 'version: 2.1\n',
      'meta.yml': 'description: from a second root file\n',
      'commands/@shared.yml': 'one:\n  steps: [checkout]\ntwo:\n  steps: [checkout]\n',
      'commands/three.yml': 'steps: [checkout]\n',
    });
    expect(orb['description']).toBe('from a second root file');
    expect(Object.keys(orb['commands'] as object)).toEqual(['one', 'three', 'two']);
  });

  it('combines commands declared inline in @orb.yml with commands/ files', () => {
    const { orb } = packFiles({ '@orb.yml': 'version: 2.1\ncommands:\n  inline:\n    steps: [checkout]\n', 'commands/file.yml': 'steps: [checkout]\n' });
    expect(Object.keys(orb['commands'] as object)).toEqual(['file', 'inline']);
  });

  it('ignores non-YAML files, dotfiles and directories that are not packed (scripts/, tests/)', () => {
    const { orb } = packFiles({
      '@orb.yml': 'version: 2.1\n',
      'commands/a.yml': 'steps: [checkout]\n',
      'commands/README.md': '# not packed',
      'commands/.hidden.yml': 'steps: [oops]\n',
      'scripts/a.sh': 'echo',
      'tests/fixture.yml': 'not: packed\n',
    });
    expect(orb).toEqual({ version: 2.1, commands: { a: { steps: ['checkout'] } } });
  });

  it('turns an empty element file into an empty mapping, as the CircleCI CLI does', () => {
    expect(packFiles({ '@orb.yml': 'version: 2.1\n', 'commands/empty.yml': '' }).orb['commands']).toEqual({ empty: {} });
  });
});

describe('packOrb: <<include(file)>>', () => {
  it('replaces a whole value with the file, relative to src/, escaping << as \\<< so CircleCI leaves heredocs alone', () => {
    const packed = packFiles(MINIMAL_ORB);
    const command = (packed.orb['commands'] as Record<string, { steps: [{ run: { command: string } }] }>)['greet']!.steps[0].run.command;
    expect(command).toBe('#!/usr/bin/env bash\ncat \\<<EOF\nhello $PARAM_TO\nEOF\n');
    expect(packed.includes).toEqual([{ path: ['commands', 'greet', 'steps', 0, 'run', 'command'], file: 'scripts/greet.sh' }]);
    expect(packed.yaml).toMatch(/\n( +)command: \|\n\1  #!\/usr\/bin\/env bash\n\1  cat \\<<EOF\n/);
  });

  it('accepts the CLI spellings: spaces inside the brackets, hyphens and dots in the path, executors and jobs too', () => {
    const packed = packFiles({
      '@orb.yml': 'version: 2.1\n',
      'jobs/j.yml': 'docker: [{image: x}]\nsteps:\n  - run: << include(scripts/my-job.v2.sh) >>\n',
      'executors/e.yml': 'docker:\n  - image: <<include(image.txt)>>\n',
      'scripts/my-job.v2.sh': 'echo job',
      'image.txt': 'cimg/base:current',
    });
    expect(packed.orb['jobs']).toEqual({ j: { docker: [{ image: 'x' }], steps: [{ run: 'echo job' }] } });
    expect(packed.orb['executors']).toEqual({ e: { docker: [{ image: 'cimg/base:current' }] } });
  });

  it('leaves examples as written (the CLI only includes into commands, executors and jobs)', () => {
    const { orb } = packFiles({ '@orb.yml': 'version: 2.1\n', 'examples/x.yml': 'description: <<include(x.txt)>>\n', 'x.txt': 'no' });
    expect(orb['examples']).toEqual({ x: { description: '<<include(x.txt)>>' } });
  });

  it.each([
    ['a missing file', 'command: <<include(scripts/missing.sh)>>', 'could not open scripts/missing.sh for inclusion'],
    ['two includes in one value', 'command: <<include(a.sh)>> <<include(a.sh)>>', 'multiple include statements in one value'],
    ['an include inside a longer string', 'command: bash <<include(a.sh)>>', 'an include must be the entire value of its key'],
    ['a path outside src/', 'command: <<include(../secret.sh)>>', "points outside the orb's src/ directory"],
  ])('rejects %s, naming the orb file, line and key', (_case, run, message) => {
    const problems = packProblems({ '@orb.yml': 'version: 2.1\n', 'a.sh': 'echo', 'commands/c.yml': `description: d\nsteps:\n  - run:\n      ${run}\n` });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'src/commands/c.yml', path: 'commands.c.steps[0].run.command', line: 4, column: 7 });
    expect(problems[0]!.message).toContain(message);
  });
});

describe('packOrb: errors name the file', () => {
  it('needs @orb.yml at the root', () => {
    expect(packProblems({ 'commands/a.yml': 'steps: [checkout]\n' })).toEqual([
      { file: 'src/@orb.yml', path: '', message: "@orb.yml not found: is this the orb's src/ directory?" },
    ]);
  });

  it('reports invalid YAML with its file, line and column, and every bad file at once', () => {
    const problems = packProblems({
      '@orb.yml': 'version: 2.1\n',
      'commands/bad.yml': 'steps:\n  - run: [unclosed\n',
      'jobs/dup.yml': 'steps: []\nsteps: [checkout]\n',
    });
    expect(problems.map((p) => p.file)).toEqual(['src/commands/bad.yml', 'src/jobs/dup.yml']);
    expect(problems[1]).toMatchObject({ line: 2, column: 1 });
    expect(problems[1]!.message).toMatch(/unique/i);
    expect(formatProblem(problems[0]!)).toMatch(/^src\/commands\/bad\.yml:\d+:\d+: /);
  });

  it.each([
    ['the same file name with two extensions', { 'commands/a.yml': 'steps: [checkout]\n', 'commands/a.yaml': 'steps: [checkout]\n' }, 'src/commands/a.yaml', 'src/commands/a.yml'],
    ['a command in @orb.yml and in commands/', { 'commands/a.yml': 'steps: [checkout]\n', 'commands/@more.yml': 'a:\n  steps: [checkout]\n' }, 'src/commands/@more.yml', 'src/commands/a.yml'],
  ])('rejects a duplicate definition (%s), naming both files', (_case, files, first, second) => {
    const problems = packProblems({ '@orb.yml': 'version: 2.1\n', ...files });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toBe(`commands.a is defined twice: in ${first} and in ${second}`);
    expect(problems[0]!.file).toBe(second);
  });

  it('rejects a top-level key an orb cannot have (the CLI would drop it silently)', () => {
    expect(packProblems({ '@orb.yml': 'version: 2.1\nworkflows: {}\n' })).toEqual([
      expect.objectContaining({ file: 'src/@orb.yml', path: 'workflows', line: 2, message: expect.stringContaining("unknown top-level key 'workflows'") }),
    ]);
  });

  it('rejects an element file that is not a mapping', () => {
    expect(packProblems({ '@orb.yml': 'version: 2.1\n', 'jobs/list.yml': '- checkout\n' })).toEqual([
      { file: 'src/jobs/list.yml', path: '', message: 'expected a mapping at the top of the file, got a sequence' },
    ]);
  });

  it('rejects YAML in a subdirectory of commands/ (the CLI would drop it)', () => {
    expect(packProblems({ '@orb.yml': 'version: 2.1\n', 'commands/k8s/apply.yml': 'steps: [checkout]\n' })).toEqual([
      expect.objectContaining({ file: 'src/commands/k8s', message: expect.stringContaining('subdirectories of commands/ are not packed') }),
    ]);
  });
});

describe('packOrb: output', () => {
  it('parses back to exactly the packed orb', () => {
    const packed = packFiles(MINIMAL_ORB);
    expect(parse(packed.yaml)).toEqual(packed.orb);
  });

  it('places findings about the packed orb in the source file and line that defined the value', () => {
    const packed = packFiles(MINIMAL_ORB);
    expect(packed.place([{ path: ['commands', 'greet', 'parameters', 'to', 'default'], message: 'm' }])).toEqual([
      { file: 'src/commands/greet.yml', path: 'commands.greet.parameters.to.default', line: 6, column: 5, message: 'm' },
    ]);
    expect(packed.place([{ path: ['version'], message: 'v' }])[0]).toMatchObject({ file: 'src/@orb.yml', line: 1 });
  });
});
