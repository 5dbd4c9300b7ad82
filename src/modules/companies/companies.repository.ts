import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import type { CompanyFlag, Ownership } from './company.constants';
import { CompanyEntity, CompanyFlagEntity } from './company.entity';
import type { CompanyRow } from './dto/company.dto';

export interface CompanyFilter {
  ownership?: Ownership;
  clusterCode?: string;
  originRegionCode?: string;
  flag?: CompanyFlag;
}

export interface CompanySearchHit {
  id: string;
  score: number;
}

export type CompanyValues = Omit<CompanyRow, 'id' | 'version' | 'createdAt' | 'updatedAt'>;

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Companies: shared reference records, not scoped by jurisdiction (who works them is on the leads). */
@Injectable()
export class CompaniesRepository {
  constructor(@InjectRepository(CompanyEntity) private readonly companies: Repository<CompanyEntity>) {}

  /** Newest first, keyset on id. `manager`: where to read (a replica's, from onReplica); the primary by default. */
  listAfter(filter: CompanyFilter, beforeId: string | undefined, limit: number, manager?: EntityManager): Promise<CompanyRow[]> {
    const query = this.filtered(filter, manager);
    if (beforeId) query.andWhere('company.id < :beforeId', { beforeId });
    return query.orderBy('company.id', 'DESC').limit(limit + 1).getMany();
  }

  count(filter: CompanyFilter, manager?: EntityManager): Promise<number> {
    return this.filtered(filter, manager).getCount();
  }

  /**
   * Ranked search: credit code, then exact name, name prefix, pinyin or initials prefix, then name contains.
   * Keyset on (score, id) so the ranking pages like any other list.
   */
  async search(q: string, normalised: string, filter: CompanyFilter, after: [number, string] | undefined, limit: number, manager?: EntityManager): Promise<CompanySearchHit[]> {
    const outer = (manager ?? this.companies.manager).createQueryBuilder().select(['ranked.id AS id', 'ranked.score AS score']);
    const inner = this.searchQuery(q, normalised, filter);
    outer.from(`(${inner.getQuery()})`, 'ranked').setParameters(inner.getParameters());
    if (after) outer.where('(ranked.score > :afterScore OR (ranked.score = :afterScore AND ranked.id > :afterId))', { afterScore: after[0], afterId: after[1] });
    const rows = await outer.orderBy('ranked.score', 'ASC').addOrderBy('ranked.id', 'ASC').limit(limit + 1).getRawMany<{ id: string; score: string }>();
    return rows.map((row) => ({ id: String(row.id), score: Number(row.score) }));
  }

  countSearch(q: string, normalised: string, filter: CompanyFilter, manager?: EntityManager): Promise<number> {
    return this.searchQuery(q, normalised, filter, manager).getCount();
  }

  /**
   * Ranked search: credit code, then exact name, name prefix, pinyin or initials prefix, then name contains.
   * Keyset on (score, id) so the ranking pages like any other list.
   */
  private searchQuery(q: string, normalised: string, filter: CompanyFilter, manager?: EntityManager) {
    const lower = q.toLowerCase().replace(/\s+/g, '');
    // Pinyin and initials only for Latin queries (letters, maybe digits of a name like TCL 2026).
    const latin = /^[a-z0-9]+$/.test(lower) && /[a-z]/.test(lower);
    // A query of punctuation or legal-form words normalises to nothing; it must not match every company.
    const byNormalised = normalised.length > 0;
    const params = {
      code: q.toUpperCase(),
      name: q,
      normalised,
      namePrefix: `${escapeLike(q)}%`,
      normalisedPrefix: `${escapeLike(normalised)}%`,
      pinyinPrefix: `${escapeLike(lower)}%`,
      contains: `%${escapeLike(q)}%`,
    };
    const score = `CASE
      WHEN company.credit_code = :code THEN 0
      WHEN company.name = :name ${byNormalised ? 'OR company.name_normalised = :normalised' : ''} THEN 1
      WHEN company.name LIKE :namePrefix ${byNormalised ? 'OR company.name_normalised LIKE :normalisedPrefix' : ''} THEN 2
      ${latin ? 'WHEN company.name_pinyin LIKE :pinyinPrefix OR company.name_initials LIKE :pinyinPrefix THEN 3' : ''}
      ELSE 4 END`;
    const conditions = [
      'company.credit_code = :code',
      'company.name LIKE :contains',
      ...(byNormalised ? ['company.name_normalised LIKE :normalisedPrefix'] : []),
      ...(latin ? ['company.name_pinyin LIKE :pinyinPrefix', 'company.name_initials LIKE :pinyinPrefix'] : []),
    ];
    return this.filtered(filter, manager)
      .select('company.id', 'id')
      .addSelect(score, 'score')
      .andWhere(`(${conditions.join(' OR ')})`)
      .setParameters(params);
  }

  async findByIds(ids: string[], manager?: EntityManager): Promise<CompanyRow[]> {
    return ids.length === 0 ? [] : (manager ? manager.getRepository(CompanyEntity) : this.companies).find({ where: { id: In(ids) } });
  }

  findById(id: string, manager?: EntityManager): Promise<CompanyRow | null> {
    return (manager ? manager.getRepository(CompanyEntity) : this.companies).findOne({ where: { id } });
  }

  findByCreditCode(creditCode: string, manager?: EntityManager): Promise<CompanyRow | null> {
    return (manager ? manager.getRepository(CompanyEntity) : this.companies).findOne({ where: { creditCode } });
  }

  findByNormalisedName(nameNormalised: string, manager?: EntityManager): Promise<CompanyRow[]> {
    return (manager ? manager.getRepository(CompanyEntity) : this.companies).find({ where: { nameNormalised }, take: 20, order: { id: 'ASC' } });
  }

  async insert(manager: EntityManager, values: CompanyValues): Promise<string> {
    const result = await manager.createQueryBuilder().insert().into(CompanyEntity).values({ ...values, version: 1 }).updateEntity(false).execute();
    const id = String(result.raw.insertId);
    await this.replaceFlags(manager, id, values.flags);
    return id;
  }

  /** Optimistic update: applies only if the row still has `version`. */
  async updateIfVersion(manager: EntityManager, id: string, version: number, changes: Partial<CompanyValues>): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(CompanyEntity)
      .set({ ...changes, version: () => 'version + 1' } as never)
      .where('id = :id AND version = :version', { id, version })
      .execute();
    if (result.affected !== 1) return false;
    if (changes.flags) await this.replaceFlags(manager, id, changes.flags);
    return true;
  }

  async currentVersion(id: string): Promise<number | null> {
    return (await this.companies.findOne({ select: { id: true, version: true }, where: { id } }))?.version ?? null;
  }

  private async replaceFlags(manager: EntityManager, companyId: string, flags: CompanyFlag[]): Promise<void> {
    await manager.delete(CompanyFlagEntity, { companyId });
    if (flags.length > 0) await manager.insert(CompanyFlagEntity, flags.map((flag) => ({ companyId, flag })));
  }

  private filtered(filter: CompanyFilter, manager?: EntityManager) {
    const query = (manager ? manager.getRepository(CompanyEntity) : this.companies).createQueryBuilder('company');
    if (filter.ownership) query.andWhere('company.ownership = :ownership', { ownership: filter.ownership });
    if (filter.clusterCode) query.andWhere('company.clusterCode = :clusterCode', { clusterCode: filter.clusterCode });
    if (filter.originRegionCode) query.andWhere('company.originRegionCode = :originRegionCode', { originRegionCode: filter.originRegionCode });
    if (filter.flag) {
      query.andWhere('company.id IN (SELECT flag.company_id FROM company_flags flag WHERE flag.flag = :flag)', { flag: filter.flag });
    }
    return query;
  }
}
