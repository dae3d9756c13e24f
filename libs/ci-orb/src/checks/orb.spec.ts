import { packOrb } from '../pack/pack';
import { MINIMAL_ORB, sourceDir } from '../testing/source-dir';
import { checkOrbDocument } from './orb';

/** The packed minimal orb, deep-copied so each test can break it (loosely typed: tests reach deep into it). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function minimalOrb(): Record<string, any> {
  const source = sourceDir(MINIMAL_ORB);
  try {
    return structuredClone(packOrb(source.dir, 'src').orb);
  } finally {
    source.remove();
  }
}

const messages = (orb: Record<string, unknown>): string[] => checkOrbDocument(orb).map((f) => `${f.path.join('.')}: ${f.message}`);

describe('checkOrbDocument', () => {
  it('accepts the minimal orb', () => {
    expect(checkOrbDocument(minimalOrb())).toEqual([]);
  });

  it('needs version 2.1, a description and at least one element', () => {
    expect(messages({ version: 2 })).toEqual(
      expect.arrayContaining([
        'version: an orb must say version: 2.1, got 2',
        'description: an orb needs a description (shown in the registry)',
        ': an orb needs at least one command, executor or job',
        'examples: an orb needs at least one example (src/examples/*.yml)',
      ]),
    );
  });

  it('checks display: only home_url and source_url, as URLs', () => {
    const orb = { ...minimalOrb(), display: { home_url: 'https://keel.example', source_url: 'github.com/x', docs: 'https://x' } };
    expect(messages(orb)).toEqual(['display.source_url: must be an http(s) URL', 'display.docs: unknown display key (allowed: home_url, source_url)']);
  });

  it('allows only published orbs as dependencies', () => {
    const orb = { ...minimalOrb(), orbs: { node: 'circleci/node@5.2.0', mine: { commands: {} } } };
    expect(messages(orb)).toEqual(['orbs.mine: an orb can only import published orbs (namespace/name@version), not inline orbs']);
  });

  it('validates commands, executors and jobs against the config schema', () => {
    const orb = minimalOrb();
    orb['executors'] = { bad: { description: 'd', docker: [{ image: 'x', privileged: true }] } };
    expect(messages(orb)).toEqual(['executors.bad.docker.0.privileged: unknown key (not allowed here by the CircleCI config schema)']);
  });

  it('needs a description on every element and parameter, and every declared parameter used', () => {
    const orb = minimalOrb();
    delete orb['commands'].greet.description;
    orb['commands'].greet.parameters.extra = { type: 'string', default: '' };
    expect(messages(orb)).toEqual([
      'commands.greet: command needs a description',
      "commands.greet.parameters.extra: parameter 'extra' is declared but never used as << parameters.extra >>",
      "commands.greet.parameters.extra: parameter 'extra' needs a description",
    ]);
  });

  it('catches a parameter reference inside an included script (pack escapes it, CircleCI never substitutes it)', () => {
    const orb = minimalOrb();
    orb['commands'].greet.steps[0].run.command = 'echo \\<< parameters.to >>\n';
    expect(messages(orb)).toEqual([
      "commands.greet.steps.0.run.command: '<< parameters.to >>' inside an included script is escaped by orb pack and never substituted; pass it through the step's environment",
    ]);
  });

  it('catches an include directive that was not resolved (examples, or a path pack does not match)', () => {
    const orb = minimalOrb();
    orb['examples'].hello.description = '<<include(README.md)>>';
    expect(messages(orb)).toEqual(['examples.hello.description: include directive left unresolved (orb pack inlines includes only in commands, executors and jobs)']);
  });

  describe('examples', () => {
    it('must import this orb exactly once', () => {
      const orb = minimalOrb();
      orb['examples'].hello.usage.orbs = { other: 'acme/other@1.0.0' };
      expect(messages(orb)).toEqual(['examples.hello.usage.orbs: usage must import this orb exactly once under orbs:, e.g. keel: <namespace>/keel@1.0.0 (found 0)']);
    });

    it('must use one of its commands, jobs or executors', () => {
      const orb = minimalOrb();
      orb['examples'].hello.usage.jobs.hello.steps = ['checkout'];
      expect(messages(orb)).toEqual(['examples.hello.usage: usage never uses this orb (no keel/<command|job|executor>)']);
    });

    it('must use them as the orb defines them (existing names, declared parameters)', () => {
      const orb = minimalOrb();
      orb['examples'].hello.usage.jobs.hello.steps = [{ 'keel/greet': { whom: 'you' } }, 'keel/wave'];
      expect(messages(orb)).toEqual([
        "examples.hello.usage.jobs.hello.steps.0.keel/greet.whom: 'keel/greet' has no parameter 'whom' (it has: to)",
        "examples.hello.usage.jobs.hello.steps.1: orb 'keel' has no command 'wave'",
      ]);
    });

    it('must be a valid config and have only description, usage and result', () => {
      const orb = minimalOrb();
      orb['examples'].hello.notes = 'x';
      orb['examples'].hello.usage.workflows.main.jobs = [{ hello: { filters: { branch: 'main' } } }];
      expect(messages(orb)).toEqual([
        'examples.hello.notes: unknown example key (allowed: description, usage, result)',
        'examples.hello.usage.workflows.main.jobs.0.hello.filters.branch: unknown key (not allowed here by the CircleCI config schema)',
      ]);
    });

    it('can import the orb under any alias', () => {
      const orb = minimalOrb();
      const usage = orb['examples'].hello.usage;
      usage.orbs = { k: 'acme/keel@2.0' };
      usage.jobs.hello.steps = [{ 'k/greet': { to: 'you' } }];
      expect(checkOrbDocument(orb)).toEqual([]);
      expect(checkOrbDocument(orb, { orbName: 'other' }).map((f) => f.message)).toEqual([expect.stringContaining('usage must import this orb exactly once')]);
    });
  });
});
