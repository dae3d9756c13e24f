import { parse } from 'yaml';
import { inlineOrbProblem, renderInlineOrb, syncInlineOrb } from './inline';
import { packOrb, type PackedOrb } from './pack/pack';
import { MINIMAL_ORB, sourceDir } from './testing/source-dir';
import { validateConfig, validateOrb } from './validate';

function withSource<T>(files: Record<string, string>, run: (dir: string) => T): T {
  const source = sourceDir(files);
  try {
    return run(source.dir);
  } finally {
    source.remove();
  }
}

describe('validateOrb', () => {
  it('packs and checks an orb without problems', () => {
    const { packed, problems } = withSource(MINIMAL_ORB, (dir) => validateOrb(dir, { displayDir: 'src' }));
    expect(problems).toEqual([]);
    expect(Object.keys(packed!.orb)).toEqual(['version', 'description', 'commands', 'examples']);
  });

  it('points each problem at the source file and line that caused it', () => {
    const files = {
      ...MINIMAL_ORB,
      'commands/greet.yml': MINIMAL_ORB['commands/greet.yml']!.replace('PARAM_TO: << parameters.to >>', 'PARAM_TO: << parameters.too >>'),
      'examples/hello.yml': MINIMAL_ORB['examples/hello.yml']!.replace('to: you', 'to: you\n            volume: 11'),
    };
    const { problems } = withSource(files, (dir) => validateOrb(dir, { displayDir: 'src' }));
    expect(problems).toEqual([
      { file: 'src/commands/greet.yml', path: 'commands.greet.steps[0].run.environment.PARAM_TO', line: 10, column: 9, message: '<< parameters.too >> is not a parameter of this command (declare it under parameters:)' },
      { file: 'src/commands/greet.yml', path: 'commands.greet.parameters.to', line: 3, column: 3, message: "parameter 'to' is declared but never used as << parameters.to >>" },
      { file: 'src/examples/hello.yml', path: 'examples.hello.usage.jobs.hello.steps[0].keel/greet.volume', line: 13, column: 13, message: "'keel/greet' has no parameter 'volume' (it has: to)" },
    ]);
  });

  it('returns the packer problems when the orb does not pack', () => {
    const { 'scripts/greet.sh': _script, ...withoutScript } = MINIMAL_ORB;
    const { packed, problems } = withSource(withoutScript, (dir) => validateOrb(dir, { displayDir: 'src' }));
    expect(packed).toBeUndefined();
    expect(problems).toEqual([expect.objectContaining({ file: 'src/commands/greet.yml', line: 11, message: expect.stringContaining('could not open scripts/greet.sh') })]);
  });
});

describe('validateConfig', () => {
  const config = ['version: 2.1', 'jobs:', '  build:', '    docker:', '      - image: cimg/base:current', '    steps: [checkout]', 'workflows:', '  main:', '    jobs: [build]', ''].join('\n');

  it('accepts a valid config', () => {
    expect(validateConfig('.circleci/config.yml', config)).toEqual([]);
  });

  it('names the file, line and path of each problem', () => {
    const broken = config.replace('jobs: [build]', 'jobs: [build, test]').replace('steps: [checkout]', 'steps: [checkout]\n    paralellism: 2');
    expect(validateConfig('.circleci/config.yml', broken)).toEqual([
      { file: '.circleci/config.yml', path: 'workflows.main.jobs[1]', line: 10, column: 19, message: "unknown job 'test' (not defined under jobs:)" },
    ]);
    const badType = config.replace('image: cimg/base:current', 'image: [cimg/base]');
    expect(validateConfig('.circleci/config.yml', badType)).toEqual([
      { file: '.circleci/config.yml', path: 'jobs.build.docker[0].image', line: 5, column: 9, message: 'must be string' },
    ]);
  });

  it('reports YAML syntax errors with their position', () => {
    const problems = validateConfig('c.yml', 'version: 2.1\njobs: {build: [}\n');
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) expect(problem).toMatchObject({ file: 'c.yml', path: '', line: 2 });
  });
});

describe('the inline copy of the orb in a config', () => {
  let packed: PackedOrb;
  beforeAll(() => {
    packed = withSource(MINIMAL_ORB, (dir) => packOrb(dir, 'src'));
  });
  const marked = (block: string): string =>
    ['version: 2.1', 'orbs:', '  node: circleci/node@5.2.0', block.trimEnd(), 'workflows:', '  main:', '    jobs:', '      - keel/hello-job', ''].join('\n');

  it('is generated between the markers at their indentation and parses to the packed orb', () => {
    const text = syncInlineOrb(marked('  # BEGIN inline orb keel\n  # END inline orb keel'), 'keel', packed);
    expect(parse(text).orbs).toEqual({ node: 'circleci/node@5.2.0', keel: packed.orb });
    expect(text).toContain(renderInlineOrb('keel', packed, '  '));
    expect(inlineOrbProblem(text, 'c.yml', 'keel', packed)).toBeUndefined();
    expect(syncInlineOrb(text, 'keel', packed)).toBe(text);
  });

  it('is reported when out of date, with the line of its marker', () => {
    const text = syncInlineOrb(marked('  # BEGIN inline orb keel\n  # END inline orb keel'), 'keel', packed).replace('Say hello.', 'Say hi.');
    expect(inlineOrbProblem(text, 'c.yml', 'keel', packed)).toEqual({
      file: 'c.yml', path: 'orbs.keel', line: 4, column: 3, message: 'the inline orb is out of date with the orb source: run `npx keel orb sync`',
    });
  });

  it('is reported when missing, and sync refuses a config without markers', () => {
    expect(inlineOrbProblem('version: 2.1\n', 'c.yml', 'keel', packed)?.message).toContain("no generated inline orb 'keel'");
    expect(() => syncInlineOrb('version: 2.1\n', 'keel', packed)).toThrow("no '# BEGIN inline orb keel'");
  });

  it('makes validateConfig check the copy as well as the config', () => {
    const text = syncInlineOrb(marked('  # BEGIN inline orb keel\n  # END inline orb keel'), 'keel', packed);
    expect(validateConfig('c.yml', text, { inlineOrb: { alias: 'keel', packed } })).toEqual([
      expect.objectContaining({ path: 'workflows.main.jobs[0]', message: "orb 'keel' has no job 'hello-job'" }),
    ]);
  });
});
