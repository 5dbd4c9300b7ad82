import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { webAppDirectory } from '../../../src/core/web/web-app';

// The built web app (npm test builds it first): what a browser loads before the first page stays small. Element Plus
// is imported per component (unplugin-vue-components, src/web/vite.config.ts) and ECharts only by the dashboard.
// Sizes are in Vite's kB (1,000 bytes), minified, before gzip.
const ENTRY_LIMIT_KB = 350;
// A string only ECharts has (the attribute it marks its chart boxes with): no file loaded up front carries it.
const ECHARTS_MARKER = '_echarts_instance_';

const directory = webAppDirectory();
const kB = (bytes: number) => Math.round(bytes / 10) / 100;

describe('web app bundle size', () => {
  let html: string;
  let entry: string;
  let preloads: string[];
  let sizes: Map<string, number>;

  beforeAll(() => {
    const indexFile = join(directory, 'index.html');
    if (!existsSync(indexFile)) throw new Error(`${indexFile} is missing: run npm run build:web first`);
    html = readFileSync(indexFile, 'utf8');
    entry = /<script type="module"[^>]*\ssrc="\/(assets\/[^"]+\.js)"/.exec(html)?.[1] ?? '';
    preloads = [...html.matchAll(/<link rel="modulepreload"[^>]*\shref="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
    sizes = new Map(
      readdirSync(join(directory, 'assets'))
        .filter((name) => name.endsWith('.js'))
        .map((name) => [`assets/${name}`, statSync(join(directory, 'assets', name)).size]),
    );
    const rows = [...sizes]
      .sort((a, b) => b[1] - a[1])
      .map(([name, size]) => {
        const mark = name === entry ? '  (entry)' : preloads.includes(name) ? '  (preloaded)' : '';
        return `${kB(size).toFixed(2).padStart(9)} kB  ${name}${mark}`;
      });
    console.log(`web app JS chunks, minified:\n${rows.join('\n')}`);
  });

  it(`the entry chunk is under ${ENTRY_LIMIT_KB} kB`, () => {
    expect(entry).toMatch(/^assets\/index-.+\.js$/);
    expect(sizes.has(entry)).toBe(true);
    expect(kB(sizes.get(entry)!)).toBeLessThan(ENTRY_LIMIT_KB);
  });

  it(`the entry chunk with every chunk index.html preloads is under ${ENTRY_LIMIT_KB} kB`, () => {
    for (const name of preloads) expect(sizes.has(name)).toBe(true);
    const total = [entry, ...preloads].reduce((sum, name) => sum + (sizes.get(name) ?? 0), 0);
    console.log(`loaded before the first page: ${kB(total)} kB in ${1 + preloads.length} files`);
    expect(kB(total)).toBeLessThan(ENTRY_LIMIT_KB);
  });

  it('ECharts is one chunk of its own, which nothing loaded up front contains', () => {
    const withECharts = [...sizes.keys()].filter((name) =>
      readFileSync(join(directory, name), 'utf8').includes(ECHARTS_MARKER),
    );
    expect(withECharts).toEqual([expect.stringMatching(/^assets\/echarts-.+\.js$/)]);
    expect([entry, ...preloads]).not.toContain(withECharts[0]);
    expect(html).not.toContain(withECharts[0]);
  });
});
