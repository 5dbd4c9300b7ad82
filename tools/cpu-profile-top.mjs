// Summarises a V8 .cpuprofile (from `npm run bench -- --profile=DIR`): the functions with the most self time, and
// the self time by package (node_modules/<name>, the project's own code, node internals), as shares of samples.
// Usage: node tools/cpu-profile-top.mjs FILE [--top=25]
import { readFileSync } from 'node:fs';

const [file, ...rest] = process.argv.slice(2);
if (!file) {
  console.error('usage: node tools/cpu-profile-top.mjs FILE [--top=25]');
  process.exit(2);
}
const top = Number(rest.find((arg) => arg.startsWith('--top='))?.slice(6) ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const selfSamples = new Map();
for (const id of profile.samples) selfSamples.set(id, (selfSamples.get(id) ?? 0) + 1);
const total = profile.samples.length;

const packageOf = (url) => {
  if (!url) return '(native / idle)';
  const match = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (match) return match[1];
  if (url.startsWith('node:') || !url.includes('/')) return '(node internals)';
  return '(project)';
};

const byFunction = new Map();
const byPackage = new Map();
for (const [id, samples] of selfSamples) {
  const { callFrame } = nodes.get(id);
  const where = callFrame.url
    ? `${callFrame.url.replace(/^.*?(node_modules\/|dist\/|src\/)/, '$1')}:${callFrame.lineNumber + 1}`
    : '';
  const name = `${callFrame.functionName || '(anonymous)'} ${where}`.trim();
  byFunction.set(name, (byFunction.get(name) ?? 0) + samples);
  const pkg = packageOf(callFrame.url);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + samples);
}
const percent = (samples) => `${((100 * samples) / total).toFixed(1).padStart(5)} %`;
const print = (title, map, limit) => {
  console.log(`\n${title}`);
  for (const [name, samples] of [...map].sort((a, b) => b[1] - a[1]).slice(0, limit))
    console.log(`${percent(samples)}  ${name}`);
};
console.log(`${file}: ${total} samples`);
print('self time by package', byPackage, 15);
print(`self time, top ${top} functions`, byFunction, top);
