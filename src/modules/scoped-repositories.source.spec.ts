// Source checks behind the scoped repositories (docs/architecture.md, "Jurisdiction"): a read by id that ignores
// the caller's jurisdiction must say so in its name, and no controller may reach for one.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const SCOPED_MODULES = ['visits', 'tasks', 'teams', 'users', 'imports', 'notifications', 'audit', 'parks'];

function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'web' ? [] : filesUnder(path, suffix);
    return entry.name.endsWith(suffix) && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}
const rel = (path: string) => relative(ROOT, path).split('\\').join('/');

/** Names of the public methods a repository class declares (two-space indent, not `private`). */
export function publicMethods(source: string): string[] {
  const names: string[] = [];
  for (const match of source.matchAll(
    /^ {2}((?:(?:public|protected|private|static|async|readonly)\s+)*)(\w+)\s*(?:<[^>]*>)?\(/gm,
  )) {
    const modifiers = match[1];
    if (/\b(private|protected)\b/.test(modifiers) || match[2] === 'constructor') continue;
    names.push(match[2]);
  }
  return names;
}

/** A read by id or a single-row read whose name does not say it ignores jurisdiction. */
export const isUnmarkedPlainRead = (name: string): boolean =>
  /^(findById|findOne)(?![a-z])/.test(name) && !name.endsWith('Unscoped');

/** Calls of `…Unscoped(` in `source` that are not on a line after a comment saying why (one of the 2 lines above). */
export function uncommentedUnscopedCalls(source: string): number[] {
  const lines = source.split('\n');
  return lines.flatMap((line, index) => {
    if (!/\.\w+Unscoped\(/.test(line)) return [];
    const above = lines.slice(Math.max(0, index - 2), index);
    return above.some((text) => /^\s*(\/\/|\/\*\*|\*)/.test(text)) ? [] : [index + 1];
  });
}

describe('scoped repositories (source)', () => {
  const repositories = SCOPED_MODULES.flatMap((module) =>
    filesUnder(join(ROOT, 'src', 'modules', module), '.repository.ts'),
  );
  const sources = filesUnder(join(ROOT, 'src'), '.ts').map((path) => ({
    path: rel(path),
    text: readFileSync(path, 'utf8'),
  }));

  it('finds the repositories it guards', () => {
    expect(repositories.map(rel)).toEqual(
      expect.arrayContaining(
        SCOPED_MODULES.filter((m) => m !== 'notifications').map((m) => `src/modules/${m}/${m}.repository.ts`),
      ),
    );
  });

  it('has no public findById/findOne without Unscoped on a scoped repository', () => {
    const offending = repositories.flatMap((path) =>
      publicMethods(readFileSync(path, 'utf8'))
        .filter(isUnmarkedPlainRead)
        .map((name) => `${rel(path)}: ${name}`),
    );
    expect(offending).toEqual([]);
  });

  it('calls no …Unscoped method from a controller', () => {
    const offending = sources
      .filter(({ path }) => path.endsWith('.controller.ts'))
      .flatMap(({ path, text }) =>
        text.split('\n').flatMap((line, index) => (/\w+Unscoped\s*\(/.test(line) ? [`${path}:${index + 1}`] : [])),
      );
    expect(offending).toEqual([]);
  });

  it('says why at every …Unscoped call outside the repositories', () => {
    const offending = sources
      .filter(({ path }) => !path.endsWith('.repository.ts'))
      .flatMap(({ path, text }) => uncommentedUnscopedCalls(text).map((line) => `${path}:${line}`));
    expect(offending).toEqual([]);
  });

  // The checks above can fail: each is tried once on a violation.
  it('catches the violations it exists for', () => {
    expect(
      publicMethods('class A {\n  findById(id: string) {}\n  private findForAccess(a: A, id: string) {}\n}').filter(
        isUnmarkedPlainRead,
      ),
    ).toEqual(['findById']);
    expect(publicMethods('class A {\n  async findOne(id: string) {}\n}').filter(isUnmarkedPlainRead)).toEqual([
      'findOne',
    ]);
    expect(
      publicMethods('class A {\n  findByIdUnscoped(id: string) {}\n  findByIdempotencyKey(k: string) {}\n}').filter(
        isUnmarkedPlainRead,
      ),
    ).toEqual([]);
    expect(uncommentedUnscopedCalls('const a = 1;\nconst b = 2;\nawait this.visits.findByIdUnscoped(id);')).toEqual([
      3,
    ]);
    expect(
      uncommentedUnscopedCalls('// Re-read of what was just written.\nawait this.visits.findByIdUnscoped(id);'),
    ).toEqual([]);
  });
});
