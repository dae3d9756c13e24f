import { type Finding } from '../problem';
import { checkConfigDocument } from './config';

const docker = [{ image: 'cimg/base:current' }];

function findings(config: Record<string, unknown>): Finding[] {
  return checkConfigDocument({ version: 2.1, ...config }).findings;
}

const greet = {
  parameters: { to: { type: 'string' }, loud: { type: 'boolean', default: false }, level: { type: 'enum', enum: ['info', 'debug'], default: 'info' } },
  steps: [{ run: 'echo << parameters.to >> << parameters.loud >> << parameters.level >>' }],
};

describe('checkConfigDocument: commands, jobs and their parameters', () => {
  it('accepts a config whose jobs use its commands and executors correctly', () => {
    expect(
      findings({
        executors: { base: { parameters: { tag: { type: 'string', default: 'current' } }, docker: [{ image: 'cimg/base:<< parameters.tag >>' }] } },
        commands: { greet },
        jobs: {
          hello: {
            parameters: { who: { type: 'string', default: 'world' } },
            executor: { name: 'base', tag: '2024.01' },
            steps: ['checkout', { greet: { to: '<< parameters.who >>', loud: true } }, { when: { condition: true, steps: [{ greet: { to: 'x' } }] } }],
          },
        },
        workflows: { main: { jobs: ['hello', { hello: { name: 'hello-you', who: 'you', requires: ['hello'] } }] } },
      }),
    ).toEqual([]);
  });

  it.each([
    ['an unknown command', { steps: ['greeet'] }, ['jobs', 'j', 'steps', 0], "unknown command 'greeet' (not defined under commands:)"],
    ['an unknown argument', { steps: [{ greet: { to: 'a', volume: 11 } }] }, ['jobs', 'j', 'steps', 0, 'greet', 'volume'], "'greet' has no parameter 'volume' (it has: to, loud, level)"],
    ['a missing required argument', { steps: [{ greet: { loud: true } }] }, ['jobs', 'j', 'steps', 0, 'greet'], "'greet' needs parameter 'to' (it has no default)"],
    ['a boolean given a string', { steps: [{ greet: { to: 'a', loud: 'yes' } }] }, ['jobs', 'j', 'steps', 0, 'greet', 'loud'], `'greet' parameter 'loud': must be true or false, got "yes"`],
    ['an enum given another value', { steps: [{ greet: { to: 'a', level: 'trace' } }] }, ['jobs', 'j', 'steps', 0, 'greet', 'level'], `'greet' parameter 'level': must be one of info, debug, got "trace"`],
    ['a bad command inside when', { steps: [{ when: { condition: true, steps: ['nope'] } }] }, ['jobs', 'j', 'steps', 0, 'when', 'steps', 0], "unknown command 'nope' (not defined under commands:)"],
    ['an unknown executor', { executor: 'big', steps: ['checkout'] }, ['jobs', 'j', 'executor'], "unknown executor 'big' (not defined under executors:)"],
  ])('reports %s at its path', (_case, job, path, message) => {
    const body = 'executor' in job ? job : { docker, ...job };
    expect(findings({ commands: { greet }, jobs: { j: body }, workflows: { w: { jobs: ['j'] } } })).toEqual([{ path, message }]);
  });

  it('requires every << parameters.x >> to be declared and every declared parameter to be used', () => {
    const job = { docker, parameters: { unused: { type: 'string', default: '' } }, steps: [{ run: 'echo << parameters.typo >>' }] };
    expect(findings({ jobs: { j: job }, workflows: { w: { jobs: ['j'] } } })).toEqual([
      { path: ['jobs', 'j', 'steps', 0, 'run'], message: '<< parameters.typo >> is not a parameter of this job (declare it under parameters:)' },
      { path: ['jobs', 'j', 'parameters', 'unused'], message: "parameter 'unused' is declared but never used as << parameters.unused >>" },
    ]);
  });

  it('treats \\<< parameters.x >> as escaped literal text', () => {
    expect(findings({ jobs: { j: { docker, steps: [{ run: 'echo \\<< parameters.x >>' }] } }, workflows: { w: { jobs: ['j'] } } })).toEqual([]);
  });

  it('checks an executor-typed parameter: its default exists and a parameter used as executor has that type', () => {
    const job = { parameters: { e: { type: 'string', default: 'base' } }, executor: '<< parameters.e >>', steps: ['checkout'] };
    const withDefault = { parameters: { e: { type: 'executor', default: 'missing' } }, executor: '<< parameters.e >>', steps: ['checkout'] };
    expect(findings({ executors: { base: { docker } }, jobs: { j: job, k: withDefault }, workflows: { w: { jobs: ['j', 'k'] } } })).toEqual([
      { path: ['jobs', 'j', 'executor'], message: "parameter 'e' is used as an executor but has type string" },
      { path: ['jobs', 'k', 'parameters', 'e', 'default'], message: "unknown executor 'missing' (not defined under executors:)" },
    ]);
  });
});

describe('checkConfigDocument: workflows and orbs', () => {
  const jobs = { build: { docker, steps: ['checkout'] }, deploy: { docker, parameters: { env: { type: 'string' } }, steps: [{ run: 'echo << parameters.env >>' }] } };

  it('reports unknown jobs, unknown requires, missing job parameters and jobs no workflow runs', () => {
    expect(
      findings({
        jobs: { ...jobs, orphan: { docker, steps: ['checkout'] } },
        workflows: { main: { jobs: ['build', 'tests', { deploy: { requires: ['build', 'lint'] } }] } },
      }),
    ).toEqual([
      { path: ['workflows', 'main', 'jobs', 1], message: "unknown job 'tests' (not defined under jobs:)" },
      { path: ['workflows', 'main', 'jobs', 2, 'deploy'], message: "'deploy' needs parameter 'env' (it has no default)" },
      { path: ['workflows', 'main', 'jobs', 2, 'deploy', 'requires', 1], message: "requires 'lint', which is not a job of workflow 'main'" },
      { path: ['jobs', 'orphan'], message: "job 'orphan' is not run by any workflow" },
    ]);
  });

  it('lets a matrix supply job parameters, and approval jobs need no definition', () => {
    expect(
      findings({
        jobs,
        workflows: {
          main: { jobs: ['build', { hold: { type: 'approval', requires: ['build'] } }, { deploy: { matrix: { parameters: { env: ['a', 'b'] } }, requires: ['hold'] } }] },
        },
      }),
    ).toEqual([]);
  });

  it('looks into inline orbs (their jobs, commands and arguments) and leaves registry orbs unchecked', () => {
    const orb = { commands: { hi: { parameters: { who: { type: 'string' } }, steps: [{ run: 'echo << parameters.who >>' }] } }, jobs: { ship: { docker, steps: [{ hi: { who: 'me' } }] } } };
    expect(
      findings({
        orbs: { mine: orb, node: 'circleci/node@5.2.0' },
        jobs: { build: { docker, steps: ['node/install-packages', { 'mine/hi': {} }, 'other/thing'] } },
        workflows: { main: { jobs: ['build', 'mine/ship', 'mine/sink', 'node/test'] } },
      }),
    ).toEqual([
      { path: ['jobs', 'build', 'steps', 1, 'mine/hi'], message: "'mine/hi' needs parameter 'who' (it has no default)" },
      { path: ['jobs', 'build', 'steps', 2], message: "unknown orb 'other' in 'other/thing' (not declared under orbs:)" },
      { path: ['workflows', 'main', 'jobs', 2], message: "orb 'mine' has no job 'sink'" },
    ]);
  });

  it('checks the definitions inside an inline orb', () => {
    const orb = { jobs: { ship: { docker, steps: ['nothing-here'] } } };
    expect(findings({ orbs: { mine: orb }, workflows: { main: { jobs: ['mine/ship'] } } })).toEqual([
      { path: ['orbs', 'mine', 'jobs', 'ship', 'steps', 0], message: "unknown command 'nothing-here' (not defined under commands:)" },
    ]);
  });

  it('needs version 2.1 for orbs, commands and executors, and a mapping at the top', () => {
    expect(checkConfigDocument({ version: 2, commands: {} }).findings).toContainEqual({ path: ['version'], message: 'commands need version: 2.1' });
    expect(checkConfigDocument(['not', 'a', 'config']).findings).toEqual([{ path: [], message: 'a CircleCI config must be a mapping' }]);
  });
});
