import type { EntityManager, FindOptionsSelect, FindOptionsWhere, Repository } from 'typeorm';

/**
 * A versioned record's current version (null when it is gone), for a 409 VERSION_CONFLICT's details. Inside a
 * transaction pass its `manager`: reading through a second pooled connection while holding the first exhausted the
 * pool when 50 moves of one lead arrived at once, and every request then timed out.
 */
export async function currentVersionOf<T extends { id: string; version: number }>(
  repository: Repository<T>,
  id: string,
  manager?: EntityManager,
): Promise<number | null> {
  const source = manager ? manager.getRepository<T>(repository.target) : repository;
  const row = await source.findOne({
    select: { id: true, version: true } as FindOptionsSelect<T>,
    where: { id } as FindOptionsWhere<T>,
  });
  return row?.version ?? null;
}
