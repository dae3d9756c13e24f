import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const REPO_ROOT = join(__dirname, '..', '..', '..');
const GEN = 'libs/grpc-contract/src/gen';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)]));
}

function tree(root: string): Map<string, string> {
  return new Map(files(root).map((path) => [relative(root, path), readFileSync(path, 'utf8')]));
}

describe('the checked-in TypeScript of the gRPC contract', () => {
  let out: string;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'keel-proto-'));
    // The same command as `npm run proto:generate`, into a scratch folder.
    execFileSync(join(REPO_ROOT, 'node_modules', '.bin', 'buf'), ['generate', '--output', out], { cwd: REPO_ROOT, stdio: 'pipe' });
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('is exactly what buf generate makes from proto/ (run `npm run proto:generate` after editing a .proto)', () => {
    const fresh = tree(join(out, GEN));
    const checkedIn = tree(join(REPO_ROOT, GEN));
    expect([...checkedIn.keys()].sort()).toEqual([...fresh.keys()].sort());
    const drifted = [...fresh].filter(([path, text]) => checkedIn.get(path) !== text).map(([path]) => path);
    expect(drifted).toEqual([]);
    expect(fresh.size).toBeGreaterThan(0);
  });
});
