import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import type { JurisdictionScope } from '../../core/auth/jurisdiction-scope';
import { currentVersionOf } from '../../core/database/current-version';
import type { CompanyFlag, Ownership } from '../../shared/company.constants';
import { CompanyAliasEntity, CompanyEntity, CompanyFlagEntity } from './company.entity';
import type { CompanyAliasKind, CompanyRelation } from '../../shared/company.constants';
import type { CompanyRow } from './dto/company.dto';
import { escapeLike } from '../../core/database/escape-like';

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

/** A company the header search found, with what its hit shows. */
export interface CompanyNamedHit extends CompanySearchHit {
  name: string;
  creditCode: string | null;
  ownership: Ownership;
}

export type CompanyValues = Omit<CompanyRow, 'id' | 'version' | 'createdAt' | 'updatedAt'>;

/** The score of a name that only contains the query: the lowest, and the only one no index serves. */
const CONTAINS_SCORE = 4;

interface SearchTerms {
  /** The conditions an index serves, each with the score of a company meeting it (lower ranks first). */
  indexed: Array<{ score: number; condition: string }>;
  params: Record<string, string>;
}

/** What a query searches for, by rank. */
function searchTerms(q: string, normalised: string): SearchTerms {
  const lower = q.toLowerCase().replace(/\s+/g, '');
  // Pinyin and initials only for Latin queries (letters, maybe digits of a name like TCL 2026).
  const latin = /^[a-z0-9]+$/.test(lower) && /[a-z]/.test(lower);
  // A query of punctuation or legal-form words normalises to nothing; it must not match every company.
  const byNormalised = normalised.length > 0;
  const pinyin = [
    { score: 3, condition: 'company.name_pinyin LIKE :pinyinPrefix' },
    { score: 3, condition: 'company.name_initials LIKE :pinyinPrefix' },
  ];
  return {
    indexed: [
      { score: 0, condition: 'company.credit_code = :code' },
      { score: 1, condition: 'company.name = :name' },
      ...(byNormalised ? [{ score: 1, condition: 'company.name_normalised = :normalised' }] : []),
      { score: 2, condition: 'company.name LIKE :namePrefix' },
      ...(byNormalised ? [{ score: 2, condition: 'company.name_normalised LIKE :normalisedPrefix' }] : []),
      ...(latin ? pinyin : []),
    ],
    params: {
      code: q.toUpperCase(),
      name: q,
      normalised,
      namePrefix: `${escapeLike(q)}%`,
      normalisedPrefix: `${escapeLike(normalised)}%`,
      pinyinPrefix: `${escapeLike(lower)}%`,
      contains: `%${escapeLike(q)}%`,
    },
  };
}

/** A company's score as SQL: the best indexed condition it meets, else CONTAINS_SCORE. */
function scoreOf(terms: SearchTerms): string {
  return `CASE ${terms.indexed.map((tier) => `WHEN ${tier.condition} THEN ${tier.score}`).join(' ')} ELSE ${CONTAINS_SCORE} END`;
}

/** A company's other names and its group parent, as its answer shows them. */
export interface CompanyGroupFacts {
  aliases: Array<{ name: string; kind: CompanyAliasKind }>;
  parentCompanyName: string | null;
}

/** What an index finds 撞单 candidates by (CompaniesService.similarTo scores them). */
export interface SimilarityProbe {
  excludeId: string | null;
  creditCode: string | null;
  normalised: string[];
  /** Cores a candidate's 字号 or alias may equal. */
  cores: string[];
  /** Cores a candidate's 字号 or alias may extend (LIKE 'core%'). */
  extendedCores: string[];
  /** The probe's group: its parent, and itself when it exists (its subsidiaries and branches). */
  parentCompanyId: string | null;
}

/** A candidate with what the rules compare. */
export interface SimilarCandidate {
  id: string;
  name: string;
  creditCode: string | null;
  parentCompanyId: string | null;
  parentRelation: CompanyRelation | null;
  aliases: string[];
}

/** At most this many candidates are scored: an index range each, and a common 字号 must not read thousands. */
const CANDIDATE_LIMIT = 200;

/** Whose reach a contacts read is checked against: a jurisdiction, or a resident's own records. */
export interface ContactReach {
  scope: JurisdictionScope;
  resident?: { userId: string; teamId: string | null };
}

/** Companies: shared reference records, not scoped by jurisdiction (who works them is on the leads). */
@Injectable()
export class CompaniesRepository {
  constructor(@InjectRepository(CompanyEntity) private readonly companies: Repository<CompanyEntity>) {}

  /**
   * Whether a caller reads the company's contacts in full (personal information: PIPL). Only those who work the
   * company's projects do: a lead of it held inside the caller's jurisdiction (the holding unit or a unit above it),
   * or shared with a unit inside it as collaborator; for a resident, a lead they opened or a visit of their team.
   */
  async contactsReachedBy(reach: ContactReach, companyId: string): Promise<boolean> {
    const manager = this.companies.manager;
    const exists = async (query: ReturnType<EntityManager['createQueryBuilder']>) =>
      (await query.select('1', 'found').limit(1).getRawOne()) !== undefined;
    if (reach.resident) {
      const { userId, teamId } = reach.resident;
      return (
        (await exists(
          manager
            .createQueryBuilder()
            .from('leads', 'l')
            .where('l.company_id = :companyId AND l.created_by = :userId', { companyId, userId }),
        )) ||
        (teamId !== null &&
          (await exists(
            manager
              .createQueryBuilder()
              .from('visits', 'v')
              .where('v.company_id = :companyId AND v.team_id = :teamId', { companyId, teamId }),
          )))
      );
    }
    const columns = { region: 'region_code', city: 'city_code' };
    const held = manager.createQueryBuilder().from('leads', 'l').where('l.company_id = :companyId', { companyId });
    if (await exists(reach.scope.applyTo(held, 'l', columns))) return true;
    const collaborating = manager
      .createQueryBuilder()
      .from('lead_participants', 'p')
      .innerJoin('leads', 'l', 'l.id = p.lead_id')
      .where("l.company_id = :companyId AND p.role = 'collaborator'", { companyId });
    return exists(reach.scope.applyTo(collaborating, 'p', columns));
  }

  /** Newest first, keyset on id. `manager`: where to read (a replica's, from onReplica); the primary by default. */
  listAfter(
    filter: CompanyFilter,
    beforeId: string | undefined,
    limit: number,
    manager?: EntityManager,
  ): Promise<CompanyRow[]> {
    const query = this.filtered(filter, manager);
    if (beforeId) query.andWhere('company.id < :beforeId', { beforeId });
    return query
      .orderBy('company.id', 'DESC')
      .limit(limit + 1)
      .getMany();
  }

  count(filter: CompanyFilter, manager?: EntityManager): Promise<number> {
    return this.filtered(filter, manager).getCount();
  }

  /**
   * Ranked search: credit code (0), then exact name (1), name prefix (2), pinyin or initials prefix (3), then name
   * contains (4). Keyset on (score, id) so the ranking pages like any other list. Scores 0–3 are read through their
   * indexes; "contains" has to read every name, so it runs only when the better matches do not fill the page (at
   * 300,000 companies a full read took about 100 ms and held search at 14 requests/s).
   */
  async search(
    q: string,
    normalised: string,
    filter: CompanyFilter,
    after: [number, string] | undefined,
    limit: number,
    manager?: EntityManager,
  ): Promise<CompanySearchHit[]> {
    const terms = searchTerms(q, normalised);
    const hits =
      !after || after[0] < CONTAINS_SCORE ? await this.indexedHits(terms, filter, after, limit + 1, manager) : [];
    if (hits.length > limit) return hits;
    const query = this.filtered(filter, manager)
      .select('company.id', 'id')
      .andWhere('company.name LIKE :contains')
      .andWhere(`(${scoreOf(terms)}) = ${CONTAINS_SCORE}`)
      .setParameters(terms.params);
    if (after?.[0] === CONTAINS_SCORE) query.andWhere('company.id > :containsAfter', { containsAfter: after[1] });
    const rows = await query
      .orderBy('company.id', 'ASC')
      .limit(limit + 1 - hits.length)
      .getRawMany<{ id: string }>();
    return [...hits, ...rows.map((row) => ({ id: String(row.id), score: CONTAINS_SCORE }))];
  }

  /**
   * The header search (GET /search): the best `limit` companies of the ranked search, with their names, in one
   * statement. Each rank is its own index range of at most `limit` rows; "contains" reads names in id order and
   * stops at `limit` matches, so it reads every name only when few contain the query (as the list's search does).
   */
  async searchNamed(q: string, normalised: string, limit: number, manager?: EntityManager): Promise<CompanyNamedHit[]> {
    const terms = searchTerms(q, normalised);
    const tiers = [...terms.indexed, { score: CONTAINS_SCORE, condition: 'company.name LIKE :contains' }];
    const parts = tiers.map((tier) =>
      this.filtered({}, manager)
        .select(['company.id AS id', 'company.name AS name', 'company.credit_code AS creditCode'])
        .addSelect('company.ownership', 'ownership')
        .addSelect(String(tier.score), 'score')
        .andWhere(tier.condition)
        .orderBy('company.id', 'ASC')
        .limit(limit),
    );
    const rows = await (manager ?? this.companies.manager)
      .createQueryBuilder()
      .select(['matched.id AS id', 'matched.name AS name', 'matched.creditCode AS creditCode'])
      .addSelect('matched.ownership', 'ownership')
      .addSelect('MIN(matched.score)', 'score')
      .from(`(${parts.map((part) => `(${part.getQuery()})`).join(' UNION ALL ')})`, 'matched')
      .setParameters(terms.params)
      .groupBy('matched.id')
      .addGroupBy('matched.name')
      .addGroupBy('matched.creditCode')
      .addGroupBy('matched.ownership')
      .orderBy('score', 'ASC')
      .addOrderBy('id', 'ASC')
      .limit(limit)
      .getRawMany<{ id: string; name: string; creditCode: string | null; ownership: Ownership; score: string }>();
    return rows.map((row) => ({ ...row, id: String(row.id), score: Number(row.score) }));
  }

  countSearch(q: string, normalised: string, filter: CompanyFilter, manager?: EntityManager): Promise<number> {
    const terms = searchTerms(q, normalised);
    const conditions = [...terms.indexed.map((tier) => tier.condition), 'company.name LIKE :contains'];
    return this.filtered(filter, manager)
      .andWhere(`(${conditions.join(' OR ')})`)
      .setParameters(terms.params)
      .getCount();
  }

  /** The matches scoring below "contains": one index range per condition, each company at its best score. */
  private async indexedHits(
    terms: SearchTerms,
    filter: CompanyFilter,
    after: [number, string] | undefined,
    limit: number,
    manager?: EntityManager,
  ): Promise<CompanySearchHit[]> {
    const parts = terms.indexed.map((tier) =>
      this.filtered(filter, manager)
        .select('company.id', 'id')
        .addSelect(String(tier.score), 'score')
        .andWhere(tier.condition),
    );
    const outer = (manager ?? this.companies.manager)
      .createQueryBuilder()
      .select(['matched.id AS id', 'MIN(matched.score) AS score'])
      .from(`(${parts.map((part) => part.getQuery()).join(' UNION ALL ')})`, 'matched')
      .setParameters({ ...Object.assign({}, ...parts.map((part) => part.getParameters())), ...terms.params })
      .groupBy('matched.id');
    if (after)
      outer.having(
        '(MIN(matched.score) > :afterScore OR (MIN(matched.score) = :afterScore AND matched.id > :afterId))',
        { afterScore: after[0], afterId: after[1] },
      );
    const rows = await outer
      .orderBy('score', 'ASC')
      .addOrderBy('id', 'ASC')
      .limit(limit)
      .getRawMany<{ id: string; score: string }>();
    return rows.map((row) => ({ id: String(row.id), score: Number(row.score) }));
  }

  async findByIds(ids: string[], manager?: EntityManager): Promise<CompanyRow[]> {
    return ids.length === 0
      ? []
      : (manager ? manager.getRepository(CompanyEntity) : this.companies).find({ where: { id: In(ids) } });
  }

  findById(id: string, manager?: EntityManager): Promise<CompanyRow | null> {
    return (manager ? manager.getRepository(CompanyEntity) : this.companies).findOne({ where: { id } });
  }

  findByCreditCode(creditCode: string, manager?: EntityManager): Promise<CompanyRow | null> {
    return (manager ? manager.getRepository(CompanyEntity) : this.companies).findOne({ where: { creditCode } });
  }

  findByNormalisedName(nameNormalised: string, manager?: EntityManager): Promise<CompanyRow[]> {
    return (manager ? manager.getRepository(CompanyEntity) : this.companies).find({
      where: { nameNormalised },
      take: 20,
      order: { id: 'ASC' },
    });
  }

  /** The aliases and parent names of a page of companies (two queries). */
  async groupFacts(rows: CompanyRow[], manager?: EntityManager): Promise<Map<string, CompanyGroupFacts>> {
    const facts = new Map<string, CompanyGroupFacts>(
      rows.map((row) => [String(row.id), { aliases: [], parentCompanyName: null }]),
    );
    if (rows.length === 0) return facts;
    const repository = (manager ?? this.companies.manager).getRepository(CompanyAliasEntity);
    for (const alias of await repository.find({
      where: { companyId: In(rows.map((row) => row.id)) },
      order: { id: 'ASC' },
    }))
      facts.get(String(alias.companyId))?.aliases.push({ name: alias.name, kind: alias.kind });
    const parentIds = [...new Set(rows.flatMap((row) => (row.parentCompanyId ? [String(row.parentCompanyId)] : [])))];
    if (parentIds.length > 0) {
      const parents = await (manager ?? this.companies.manager)
        .getRepository(CompanyEntity)
        .find({ select: { id: true, name: true }, where: { id: In(parentIds) } });
      const names = new Map(parents.map((parent) => [String(parent.id), parent.name]));
      for (const row of rows)
        if (row.parentCompanyId)
          facts.get(String(row.id))!.parentCompanyName = names.get(String(row.parentCompanyId)) ?? null;
    }
    return facts;
  }

  async replaceAliases(
    manager: EntityManager,
    companyId: string,
    aliases: Array<{ name: string; nameCore: string; kind: CompanyAliasKind }>,
  ): Promise<void> {
    await manager.delete(CompanyAliasEntity, { companyId });
    if (aliases.length > 0)
      await manager.insert(
        CompanyAliasEntity,
        aliases.map((alias) => ({ ...alias, companyId })),
      );
  }

  /**
   * 撞单 candidates of a company or a name being registered: the same credit code or normalised name, a 字号 or
   * alias equal to one of the probe's cores or extending one, and the probe's group (its parent, the parent's
   * other companies, its own subsidiaries and branches). Each is an index range; the rules score them.
   */
  async similarCandidates(probe: SimilarityProbe, manager?: EntityManager): Promise<SimilarCandidate[]> {
    const db = manager ?? this.companies.manager;
    const conditions: string[] = [];
    const params: Record<string, unknown> = {};
    if (probe.creditCode) {
      conditions.push('SELECT id FROM companies WHERE credit_code = :creditCode');
      params.creditCode = probe.creditCode;
    }
    if (probe.normalised.length > 0) {
      conditions.push('SELECT id FROM companies WHERE name_normalised IN (:normalised)');
      params.normalised = probe.normalised;
    }
    if (probe.cores.length > 0) {
      conditions.push('SELECT id FROM companies WHERE name_core IN (:cores)');
      conditions.push('SELECT company_id AS id FROM company_aliases WHERE name_core IN (:cores)');
      params.cores = probe.cores;
    }
    probe.extendedCores.forEach((core, index) => {
      conditions.push(`SELECT id FROM companies WHERE name_core LIKE :extended${index}`);
      conditions.push(`SELECT company_id AS id FROM company_aliases WHERE name_core LIKE :extended${index}`);
      params[`extended${index}`] = `${escapeLike(core)}_%`;
    });
    if (probe.parentCompanyId) {
      conditions.push('SELECT id FROM companies WHERE id = :parentId OR parent_company_id = :parentId');
      params.parentId = probe.parentCompanyId;
    }
    if (probe.excludeId) {
      conditions.push('SELECT id FROM companies WHERE parent_company_id = :selfId');
      params.selfId = probe.excludeId;
    }
    if (conditions.length === 0) return [];
    const [sql, values] = db.connection.driver.escapeQueryWithParameters(
      `SELECT c.id, c.name, c.credit_code AS creditCode, c.parent_company_id AS parentCompanyId,
              c.parent_relation AS parentRelation
         FROM companies c JOIN (${conditions.map((condition) => `(${condition} LIMIT ${CANDIDATE_LIMIT})`).join(' UNION ')}) found ON found.id = c.id
        WHERE c.id <> :excludeId ORDER BY c.id LIMIT ${CANDIDATE_LIMIT}`,
      { ...params, excludeId: probe.excludeId ?? '0' },
    );
    const rows: Array<Omit<SimilarCandidate, 'aliases'>> = await db.query(sql, values);
    const aliases = new Map<string, string[]>();
    if (rows.length > 0)
      for (const alias of await db
        .getRepository(CompanyAliasEntity)
        .find({ select: { companyId: true, name: true }, where: { companyId: In(rows.map((row) => row.id)) } }))
        aliases.set(String(alias.companyId), [...(aliases.get(String(alias.companyId)) ?? []), alias.name]);
    return rows.map((row) => ({
      ...row,
      id: String(row.id),
      parentCompanyId: row.parentCompanyId ? String(row.parentCompanyId) : null,
      aliases: aliases.get(String(row.id)) ?? [],
    }));
  }

  /** The chain of parents above a company, nearest first (a cycle check reads at most `depth`). */
  async ancestorIds(manager: EntityManager, companyId: string, depth = 10): Promise<string[]> {
    const chain: string[] = [];
    for (let id: string | null = companyId; id && chain.length < depth;) {
      const row: { parentCompanyId: string | null } | null = await manager
        .getRepository(CompanyEntity)
        .findOne({ select: { id: true, parentCompanyId: true }, where: { id } });
      id = row?.parentCompanyId ? String(row.parentCompanyId) : null;
      if (id) chain.push(id);
    }
    return chain;
  }

  async insert(manager: EntityManager, values: CompanyValues): Promise<string> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(CompanyEntity)
      .values({ ...values, version: 1 })
      .updateEntity(false)
      .execute();
    const id = String(result.raw.insertId);
    await this.replaceFlags(manager, id, values.flags);
    return id;
  }

  /** Optimistic update: applies only if the row still has `version`. */
  async updateIfVersion(
    manager: EntityManager,
    id: string,
    version: number,
    changes: Partial<CompanyValues>,
  ): Promise<boolean> {
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

  /** `manager`: a transaction's own connection, when asked inside one (see currentVersionOf). */
  currentVersion(id: string, manager?: EntityManager): Promise<number | null> {
    return currentVersionOf(this.companies, id, manager);
  }

  private async replaceFlags(manager: EntityManager, companyId: string, flags: CompanyFlag[]): Promise<void> {
    await manager.delete(CompanyFlagEntity, { companyId });
    if (flags.length > 0)
      await manager.insert(
        CompanyFlagEntity,
        flags.map((flag) => ({ companyId, flag })),
      );
  }

  private filtered(filter: CompanyFilter, manager?: EntityManager) {
    const query = (manager ? manager.getRepository(CompanyEntity) : this.companies).createQueryBuilder('company');
    if (filter.ownership) query.andWhere('company.ownership = :ownership', { ownership: filter.ownership });
    if (filter.clusterCode) query.andWhere('company.clusterCode = :clusterCode', { clusterCode: filter.clusterCode });
    if (filter.originRegionCode)
      query.andWhere('company.originRegionCode = :originRegionCode', { originRegionCode: filter.originRegionCode });
    if (filter.flag) {
      query.andWhere('company.id IN (SELECT flag.company_id FROM company_flags flag WHERE flag.flag = :flag)', {
        flag: filter.flag,
      });
    }
    return query;
  }
}
