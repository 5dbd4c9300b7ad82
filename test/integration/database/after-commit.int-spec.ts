import { DataSource } from 'typeorm';
import { afterCommit } from '../../../src/core/database/after-commit';
import { openTestDataSource } from '../../utils/test-data-source';

// Jobs are queued after commit: never for a transaction that rolls back, never before its rows are visible.
describe('afterCommit', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await openTestDataSource();
  });
  afterAll(() => dataSource.destroy());

  const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

  it('runs the callbacks once the outermost transaction has committed, seeing what it wrote', async () => {
    const seen: number[] = [];
    await dataSource.transaction(async (manager) => {
      await manager.query('CREATE TEMPORARY TABLE IF NOT EXISTS after_commit_probe (n INT)');
      await afterCommit(manager, () => seen.push(1));
      await afterCommit(manager, () => seen.push(2));
      expect(seen).toEqual([]);
    });
    await settle();
    expect(seen).toEqual([1, 2]);
  });

  it('drops the callbacks of a transaction that rolls back', async () => {
    const seen: string[] = [];
    await expect(
      dataSource.transaction(async (manager) => {
        await afterCommit(manager, () => seen.push('ran'));
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await settle();
    expect(seen).toEqual([]);
  });

  it('runs at once outside a transaction, and a failing callback does not throw', async () => {
    const seen: string[] = [];
    await afterCommit(dataSource.manager, () => seen.push('now'));
    expect(seen).toEqual(['now']);
    await expect(
      afterCommit(dataSource.manager, () => Promise.reject(new Error('redis away'))),
    ).resolves.toBeUndefined();
  });
});
