import fc from 'fast-check';
import { parse } from 'yaml';
import { renderYaml } from './render';

/** Characters that stress YAML quoting and block scalars: indentation, comments, indicators, quotes, `<<`. */
const scriptChar = fc.constantFrom(...'ab \t\n#:-|>\'"{}[]&*!%@`<\\$=,?~é'.split(''), '<<', '\r\n');
const script = fc.array(scriptChar, { maxLength: 60 }).map((parts) => parts.join(''));

describe('renderYaml', () => {
  it('writes a multi-line script as a literal block scalar, line for line', () => {
    const text = renderYaml({ run: { command: '#!/usr/bin/env bash\nset -euo pipefail\n\necho "a: b" # c\n' } });
    expect(text).toBe('run:\n  command: |\n    #!/usr/bin/env bash\n    set -euo pipefail\n\n    echo "a: b" # c\n');
  });

  it.each([
    ['no final newline', 'echo a\necho b'],
    ['several final newlines', 'echo a\n\n\n'],
    ['a first line indented', '  indented\nnext\n'],
    ['trailing spaces', 'echo a   \n   \nb\n'],
    ['tabs', '\techo a\n\t\tb\n'],
    ['a line of only spaces (found by the property below)', ' \n'],
  ])('keeps a script with %s exactly', (_case, command) => {
    expect(parse(renderYaml({ command }))).toEqual({ command });
  });

  it('parses back to the same value for any script text, nested anywhere (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('a', 'command', '<<', 'x y'), fc.oneof(script, fc.array(script, { maxLength: 3 }))), (value) => {
        expect(parse(renderYaml({ jobs: { j: value } }))).toEqual({ jobs: { j: value } });
      }),
      { numRuns: 500 },
    );
  });

  it('never folds long lines or writes anchors for repeated values', () => {
    const long = 'x'.repeat(300);
    const shared = { image: 'cimg/base:current' };
    const text = renderYaml({ long, a: shared, b: shared });
    expect(text).toContain(`long: ${long}\n`);
    expect(text).not.toMatch(/[&*]a\d/);
  });
});
