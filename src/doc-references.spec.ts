import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

// The repository documents itself in docs/: a comment that cites a document must name one that exists, and a section
// it names ("docs/api.md "Errors"") must be a heading of that document. Bare names of documents the repository does
// not hold (the old planning pages) are refused.

const ROOT = join(__dirname, '..');
const SCANNED = ['src', 'test', 'seeds', 'docker', '.ci', 'README.md'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'coverage']);
const TEXT_FILE = /\.(ts|js|mjs|cjs|vue|md|json|ya?ml|sh|html)$|^[^.]+$/;
const BARE_NAME = new RegExp(`(?<![\\w/.-])(${['ARCHITECTURE', 'STACK', 'API', 'DOMAIN'].join('|')})\\.md\\b`);
const OLD_RULE = new RegExp(['ARCHITECTURE', 'rule'].join(' '));
const DOC_CITATION = /docs\/([\w-]+)\.md(?: "([^"]+)")?/g;

function filesUnder(path: string): string[] {
  const full = join(ROOT, path);
  if (!existsSync(full)) return [];
  if (statSync(full).isFile()) return [path];
  return readdirSync(full, { withFileTypes: true }).flatMap((entry) => {
    const child = join(path, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : filesUnder(child);
    return TEXT_FILE.test(entry.name) ? [child] : [];
  });
}

function headingsOf(doc: string): string[] {
  const text = readFileSync(join(ROOT, 'docs', `${doc}.md`), 'utf8');
  return [...text.matchAll(/^#+ (.+)$/gm)].map((match) => match[1].trim());
}

describe('references to documentation', () => {
  const self = relative(ROOT, __filename);
  const files = SCANNED.flatMap(filesUnder).filter((file) => file !== self);
  const lines = files.flatMap((file) =>
    readFileSync(join(ROOT, file), 'utf8')
      .split('\n')
      .map((text, index) => ({ where: `${file}:${index + 1}`, text })),
  );

  it('scans the source, tests and seeds', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it('cites no document the repository does not hold by a bare name', () => {
    const bare = lines.filter(({ text }) => BARE_NAME.test(text) || OLD_RULE.test(text));
    expect(bare.map(({ where, text }) => `${where}: ${text.trim()}`)).toEqual([]);
  });

  it('cites only docs/ files that exist, and only sections they have', () => {
    const wrong: string[] = [];
    for (const { where, text } of lines) {
      for (const [, doc, section] of text.matchAll(DOC_CITATION)) {
        if (!existsSync(join(ROOT, 'docs', `${doc}.md`))) wrong.push(`${where}: docs/${doc}.md does not exist`);
        else if (section && !headingsOf(doc).some((heading) => heading.startsWith(section)))
          wrong.push(`${where}: docs/${doc}.md has no section "${section}"`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
