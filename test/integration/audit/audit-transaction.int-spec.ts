import { DataSource } from 'typeorm';
import { AuditEntryEntity } from '../../../src/modules/audit/audit-entry.entity';
import { AuditService } from '../../../src/modules/audit/audit.service';
import { UserEntity } from '../../../src/modules/users/user.entity';
import { openTestDataSource } from '../../utils/test-data-source';

// The audit row shares the change's transaction: a rolled-back change leaves neither.
describe('audit rows and transactions', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await openTestDataSource();
  });
  afterAll(() => dataSource.destroy());

  const write = (username: string, fail: boolean) =>
    dataSource.transaction(async (manager) => {
      const result = await manager.insert(UserEntity, {
        username,
        displayName: '事务',
        role: 'officer',
        regionCode: '450100',
        cityCode: '450100',
        teamId: null,
        active: true,
        passwordHash: 'x',
        createdBy: null,
        version: 1,
      });
      await new AuditService().record(manager, {
        actor: null,
        action: 'create',
        entity: 'user',
        entityId: String(result.identifiers[0].id),
        unit: { regionCode: '450100', cityCode: '450100' },
        changes: { username: [null, username] },
      });
      if (fail) throw new Error('a later step of the same change failed');
      return String(result.identifiers[0].id);
    });

  it('keeps both when the change commits', async () => {
    const id = await write(`tx-ok-${Date.now()}`, false);
    expect(await dataSource.getRepository(AuditEntryEntity).countBy({ entity: 'user', entityId: id })).toBe(1);
  });

  it('keeps neither when the change rolls back', async () => {
    const auditBefore = await dataSource.getRepository(AuditEntryEntity).count();
    const username = `tx-fail-${Date.now()}`;
    await expect(write(username, true)).rejects.toThrow('a later step');
    expect(await dataSource.getRepository(UserEntity).countBy({ username })).toBe(0);
    expect(await dataSource.getRepository(AuditEntryEntity).count()).toBe(auditBefore);
  });
});
