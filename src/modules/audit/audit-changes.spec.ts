import { diffChanges, REDACTED } from './audit-changes';

describe('diffChanges', () => {
  const fields = ['displayName', 'role', 'active', 'passwordHash', 'updatedAt'];

  it('records only what changed, as [before, after]', () => {
    expect(
      diffChanges(
        { displayName: '李明', role: 'officer', active: true },
        { displayName: '李明', role: 'manager', active: false },
        fields,
      ),
    ).toEqual({
      role: ['officer', 'manager'],
      active: [true, false],
    });
  });

  it('records a creation as [null, value] and a deletion as [value, null], skipping empty fields', () => {
    expect(diffChanges(null, { displayName: '王芳', role: 'resident', active: true }, fields)).toEqual({
      displayName: [null, '王芳'],
      role: [null, 'resident'],
      active: [null, true],
    });
    expect(diffChanges({ role: 'officer' }, null, fields)).toEqual({ role: ['officer', null] });
  });

  it('never stores secrets, only that they changed', () => {
    const changes = diffChanges({ passwordHash: '$argon2id$old' }, { passwordHash: '$argon2id$new' }, fields);
    expect(changes).toEqual({ passwordHash: [REDACTED, REDACTED] });
    expect(JSON.stringify(changes)).not.toContain('argon2');
  });

  it('compares dates by instant', () => {
    const at = new Date('2026-03-01T01:00:00Z');
    expect(diffChanges({ updatedAt: at }, { updatedAt: new Date(at.getTime()) }, fields)).toEqual({});
  });
});
