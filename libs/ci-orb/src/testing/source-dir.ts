import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A throw-away directory holding `files` (relative path → contents); `remove()` deletes it. */
export function sourceDir(files: Record<string, string>): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'keel-orb-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The smallest orb that packs and validates: one command with a described parameter, one example using it. */
export const MINIMAL_ORB: Record<string, string> = {
  '@orb.yml': 'version: 2.1\ndescription: A test orb.\n',
  'commands/greet.yml': [
    'description: Say hello.',
    'parameters:',
    '  to:',
    '    description: Who to greet.',
    '    type: string',
    '    default: world',
    'steps:',
    '  - run:',
    '      environment:',
    '        PARAM_TO: << parameters.to >>',
    '      command: <<include(scripts/greet.sh)>>',
    '',
  ].join('\n'),
  'scripts/greet.sh': '#!/usr/bin/env bash\ncat <<EOF\nhello $PARAM_TO\nEOF\n',
  'examples/hello.yml': [
    'description: Greet someone.',
    'usage:',
    '  version: 2.1',
    '  orbs:',
    '    keel: keel/keel@1.0.0',
    '  jobs:',
    '    hello:',
    '      docker:',
    '        - image: cimg/base:current',
    '      steps:',
    '        - keel/greet:',
    '            to: you',
    '  workflows:',
    '    main:',
    '      jobs: [hello]',
    '',
  ].join('\n'),
};
