import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { currentVersionOf } from '../../core/database/current-version';
import { SEARCH_RANK, type SearchRank } from '../../core/common/search-rank';
import { escapeLike } from '../../core/database/escape-like';
import { ChamberEntity, ChamberKind } from './chamber.entity';

/** A chamber the header search found. */
export interface ChamberSearchHit {
  id: string;
  name: string;
  kind: ChamberKind;
  regionName: string | null;
  rank: SearchRank;
}

export interface ChamberFilter {
  q?: string;
  kind?: ChamberKind;
  regionCode?: string;
}

export type ChamberValues = Omit<ChamberEntity, 'id' | 'version' | 'createdAt' | 'updatedAt' | 'region'>;

/** Chambers and associations: shared reference records. */
@Injectable()
export class ChambersRepository {
  constructor(@InjectRepository(ChamberEntity) private readonly chambers: Repository<ChamberEntity>) {}

  listAfter(filter: ChamberFilter, beforeId: string | undefined, limit: number): Promise<ChamberEntity[]> {
    const query = this.filtered(filter);
    if (beforeId) query.andWhere('chamber.id < :beforeId', { beforeId });
    return query
      .orderBy('chamber.id', 'DESC')
      .limit(limit + 1)
      .getMany();
  }

  count(filter: ChamberFilter): Promise<number> {
    return this.filtered(filter).getCount();
  }

  /**
   * The header search (GET /search): exact name, then name prefix (both on idx_chambers_name), then contains;
   * one statement, with the seat's name.
   */
  async search(q: string, limit: number): Promise<ChamberSearchHit[]> {
    const rank = `CASE WHEN chamber.name = :search THEN ${SEARCH_RANK.exact} WHEN chamber.name LIKE :searchPrefix THEN ${SEARCH_RANK.prefix} ELSE ${SEARCH_RANK.contains} END`;
    const rows = await this.chambers
      .createQueryBuilder('chamber')
      .leftJoin('chamber.region', 'region')
      .select(['chamber.id AS id', 'chamber.name AS name', 'chamber.kind AS kind', 'region.name AS regionName'])
      .addSelect(rank, 'score')
      .where('chamber.name LIKE :searchContains', {
        search: q,
        searchPrefix: `${escapeLike(q)}%`,
        searchContains: `%${escapeLike(q)}%`,
      })
      .orderBy('score', 'ASC')
      .addOrderBy('chamber.id', 'ASC')
      .limit(limit)
      .getRawMany<Omit<ChamberSearchHit, 'rank'> & { score: string }>();
    return rows.map(({ score, ...row }) => ({ ...row, id: String(row.id), rank: Number(score) as SearchRank }));
  }

  findById(id: string): Promise<ChamberEntity | null> {
    return this.chambers.findOne({ where: { id } });
  }

  /** Chambers by exact name, for imports that name the introducing chamber. */
  findByName(name: string): Promise<ChamberEntity | null> {
    return this.chambers.findOne({ where: { name }, order: { id: 'ASC' } });
  }

  async insert(manager: EntityManager, values: ChamberValues): Promise<string> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(ChamberEntity)
      .values({ ...values, version: 1 } as never)
      .updateEntity(false)
      .execute();
    return String(result.raw.insertId);
  }

  async updateIfVersion(
    manager: EntityManager,
    id: string,
    version: number,
    changes: Partial<ChamberValues>,
  ): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(ChamberEntity)
      .set({ ...changes, version: () => 'version + 1' } as never)
      .where('id = :id AND version = :version', { id, version })
      .execute();
    return result.affected === 1;
  }

  /** `manager`: a transaction's own connection, when asked inside one (see currentVersionOf). */
  currentVersion(id: string, manager?: EntityManager): Promise<number | null> {
    return currentVersionOf(this.chambers, id, manager);
  }

  private filtered(filter: ChamberFilter) {
    const query = this.chambers.createQueryBuilder('chamber');
    if (filter.q) query.andWhere('chamber.name LIKE :q', { q: `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    if (filter.kind) query.andWhere('chamber.kind = :kind', { kind: filter.kind });
    if (filter.regionCode) query.andWhere('chamber.regionCode = :regionCode', { regionCode: filter.regionCode });
    return query;
  }
}
