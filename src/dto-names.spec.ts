// The OpenAPI document names each schema after its DTO class, so two classes of one name describe one schema and
// the second silently replaces the first (docs/api.md "Routes"): the web app's generated types would then be wrong.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const SRC = __dirname;

function serverSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'web' ? [] : serverSources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** The names of the DTO classes a source declares (exported or not). */
export function dtoClassNames(source: string): string[] {
  return [...source.matchAll(/^(?:export\s+)?(?:abstract\s+)?class\s+(\w+Dto)\b/gm)].map((match) => match[1]);
}

describe('DTO class names', () => {
  it('reads class declarations', () => {
    expect(dtoClassNames('export class ADto {}\nclass BDto extends ADto {}\nconst x = class CDto {};')).toEqual([
      'ADto',
      'BDto',
    ]);
  });

  it('are unique across the server, so every OpenAPI schema describes one class', () => {
    const declaredIn = new Map<string, string[]>();
    for (const path of serverSources(SRC)) {
      for (const name of dtoClassNames(readFileSync(path, 'utf8'))) {
        declaredIn.set(name, [...(declaredIn.get(name) ?? []), relative(SRC, path)]);
      }
    }
    expect(declaredIn.size).toBeGreaterThan(50);
    const clashes = [...declaredIn].filter(([, paths]) => paths.length > 1);
    expect(clashes).toEqual([]);
  });
});
