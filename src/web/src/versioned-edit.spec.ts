import { changedFields, isVersionConflict, sameValue, versionedBody } from './versioned-edit';

// An edit sends only what changed with the version read; a 409 VERSION_CONFLICT means someone else saved first.
describe('versioned edits', () => {
  it('recognises a version conflict among API failures', () => {
    expect(isVersionConflict({ status: 409, code: 'VERSION_CONFLICT', details: [] })).toBe(true);
    expect(isVersionConflict({ status: 409, code: 'DUPLICATE', details: [] })).toBe(false);
    expect(isVersionConflict({ status: 400, code: 'VALIDATION_FAILED' })).toBe(false);
    expect(isVersionConflict(new Error('VERSION_CONFLICT'))).toBe(false);
    expect(isVersionConflict(null)).toBe(false);
    expect(isVersionConflict(undefined)).toBe(false);
  });

  it('treats null and undefined alike and lists of ids as sets', () => {
    expect(sameValue(null, undefined)).toBe(true);
    expect(sameValue('', null)).toBe(false);
    expect(sameValue(0, null)).toBe(false);
    expect(sameValue(['b', 'a'], ['a', 'b'])).toBe(true);
    expect(sameValue(['a'], ['a', 'b'])).toBe(false);
    expect(sameValue(['a', 'a'], ['a', 'b'])).toBe(false);
    expect(sameValue([], [])).toBe(true);
  });

  it('keeps only the fields that changed', () => {
    const before = { name: '小组', leaderUserId: null, memberUserIds: ['1', '2'], active: true };
    expect(
      changedFields(before, { name: '小组', leaderUserId: null, memberUserIds: ['2', '1'], active: true }),
    ).toEqual({});
    expect(changedFields(before, { name: '新名', leaderUserId: '2', memberUserIds: ['1'], active: false })).toEqual({
      name: '新名',
      leaderUserId: '2',
      memberUserIds: ['1'],
      active: false,
    });
    // A field cleared is sent as null, so the API clears it.
    expect(changedFields({ email: 'a@example.com' }, { email: null })).toEqual({ email: null });
  });

  it('sends the version read with the changes', () => {
    expect(versionedBody(3, { name: '新名' })).toEqual({ name: '新名', version: 3 });
    expect(versionedBody(1, {})).toEqual({ version: 1 });
    // The version is the one read, whatever the changes hold.
    expect(versionedBody(2, { version: 9 })).toEqual({ version: 2 });
  });
});
