import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

// The lead write path (docs/architecture.md, "The lead write path"): LeadWriter is the one writer of leads and
// their stage events, through LeadsRepository, which no other module may import. A source scan keeps it so.
const SRC = join(__dirname, '..', '..');
const WRITE_PATH = ['modules/leads/lead-writer.ts', 'modules/leads/leads.repository.ts'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'web' || entry.name === 'migrations' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

const files = sourceFiles(SRC).map((path) => ({
  file: relative(SRC, path).split(sep).join('/'),
  text: readFileSync(path, 'utf8'),
}));

/** Where `pattern` appears outside the files allowed to hold it. */
function offenders(pattern: RegExp, allowed: (file: string) => boolean): string[] {
  return files.filter(({ file, text }) => !allowed(file) && pattern.test(text)).map(({ file }) => file);
}

describe('the lead write path', () => {
  it('writes leads and stage events only in LeadWriter and LeadsRepository', () => {
    const inWritePath = (file: string) => WRITE_PATH.includes(file);
    expect(offenders(/UPDATE\s+leads\b/i, inWritePath)).toEqual([]);
    expect(offenders(/INSERT\s+(IGNORE\s+)?INTO\s+(leads|stage_events)\b/i, inWritePath)).toEqual([]);
    expect(offenders(/DELETE\s+FROM\s+(leads|stage_events)\b/i, inWritePath)).toEqual([]);
    expect(offenders(/\.(update|insert|save|delete)\(\s*(LeadEntity|StageEventEntity)\b/, inWritePath)).toEqual([]);
    expect(offenders(/\binsertStageEvents\(/, inWritePath)).toEqual([]);
  });

  it('keeps LeadsRepository inside the leads module', () => {
    expect(offenders(/from '[^']*leads\.repository'/, (file) => file.startsWith('modules/leads/'))).toEqual([]);
    const leadsModule = files.find(({ file }) => file === 'modules/leads/leads.module.ts')!.text;
    expect(leadsModule.match(/exports:\s*\[([^\]]*)\]/)![1]).not.toContain('LeadsRepository');
  });

  it('would notice a write outside the path', () => {
    const probe = [{ file: 'modules/parks/parks.service.ts', text: "q('UPDATE leads SET fit_score = 1')" }];
    expect(probe.filter(({ file, text }) => !WRITE_PATH.includes(file) && /UPDATE\s+leads\b/i.test(text))).toHaveLength(
      1,
    );
  });
});
