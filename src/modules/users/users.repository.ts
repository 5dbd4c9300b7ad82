import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { JurisdictionScope, parentUnit } from '../../core/auth/jurisdiction-scope';
import type { Role } from '../../core/auth/roles';
import { currentVersionOf } from '../../core/database/current-version';
import { UserRow } from './dto/user.dto';
import { UserEntity } from './user.entity';
import { escapeLike } from '../../core/database/escape-like';
import { SEARCH_RANK, type SearchRank } from '../../core/common/search-rank';

const ROW_COLUMNS: Array<keyof UserRow> = [
  'id',
  'username',
  'displayName',
  'role',
  'regionCode',
  'cityCode',
  'email',
  'teamId',
  'active',
  'version',
  'createdAt',
  'updatedAt',
];
const SELECTED = ROW_COLUMNS.map((column) => `user.${column}`);

export interface UserFilter {
  role?: Role;
  regionCode?: string;
  active?: boolean;
  q?: string;
}

export type UserChanges = Partial<
  Pick<UserEntity, 'displayName' | 'role' | 'regionCode' | 'cityCode' | 'email' | 'active' | 'passwordHash'>
>;

/** A colleague as the directory shows them: name, unit, role and team, nothing else. */
export interface PersonRow {
  id: string;
  displayName: string;
  role: Role;
  regionCode: string;
  regionName: string | null;
  teamId: string | null;
  teamName: string | null;
}

/** A colleague the header search found. */
export type PersonSearchRow = PersonRow & { rank: SearchRank };

/** The directory's keyset: (display name, id). */
export type PersonCursor = [string, string];

/** The units above a scope's own unit, up to the region (none for the region). */
function unitsAbove(scope: JurisdictionScope): string[] {
  const codes: string[] = [];
  for (let unit = parentUnit(scope); unit; unit = parentUnit(unit)) codes.push(unit.regionCode);
  return codes;
}

/** The user reads of one jurisdiction (see docs/architecture.md, "Jurisdiction"). */
export type ScopedUsers = ReturnType<UsersRepository['forScope']>;

/** Users, always read through the caller's jurisdiction. */
@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  /** The reads a request makes, bound to the caller's jurisdiction: no method of the result can leave it out. */
  forScope(scope: JurisdictionScope) {
    return {
      list: (filter: UserFilter, beforeId: string | undefined, limit: number) =>
        this.listForJurisdiction(scope, filter, beforeId, limit),
      count: (filter: UserFilter) => this.countForJurisdiction(scope, filter),
      findById: (id: string, manager?: EntityManager) => this.findInJurisdiction(scope, id, manager),
      people: (q: string | undefined, after: PersonCursor | undefined, limit: number) =>
        this.people(scope, q, after, limit),
      countPeople: (q: string | undefined) => this.peopleQuery(scope, q).getCount(),
      searchPeople: (q: string, limit: number) => this.searchPeople(scope, q, limit),
      findPerson: (id: string) =>
        this.peopleQuery(scope, undefined).andWhere('user.id = :id', { id }).getRawOne<PersonRow>(),
    };
  }

  /**
   * The colleague directory: active users of the units inside the scope and of the units above it (a county
   * officer works with their city and the region too), by display name; keyset on (display name, id).
   */
  private async people(
    scope: JurisdictionScope,
    q: string | undefined,
    after: PersonCursor | undefined,
    limit: number,
  ): Promise<PersonRow[]> {
    const query = this.peopleQuery(scope, q);
    if (after) {
      query.andWhere('(user.displayName > :afterName OR (user.displayName = :afterName AND user.id > :afterId))', {
        afterName: after[0],
        afterId: after[1],
      });
    }
    const rows = await query
      .orderBy('user.displayName', 'ASC')
      .addOrderBy('user.id', 'ASC')
      .limit(limit + 1)
      .getRawMany<PersonRow>();
    return rows.map((row) => ({ ...row, id: String(row.id), teamId: row.teamId === null ? null : String(row.teamId) }));
  }

  /** The header search (GET /search): the directory's people whose name matches, exact, then prefix, then contains. */
  private async searchPeople(scope: JurisdictionScope, q: string, limit: number): Promise<PersonSearchRow[]> {
    const rank = `CASE WHEN user.displayName = :search THEN ${SEARCH_RANK.exact} WHEN user.displayName LIKE :searchPrefix THEN ${SEARCH_RANK.prefix} ELSE ${SEARCH_RANK.contains} END`;
    const rows = await this.peopleQuery(scope, q)
      .addSelect(rank, 'score')
      .setParameters({ search: q, searchPrefix: `${escapeLike(q)}%` })
      .orderBy('score', 'ASC')
      .addOrderBy('user.displayName', 'ASC')
      .addOrderBy('user.id', 'ASC')
      .limit(limit)
      .getRawMany<PersonRow & { score: string }>();
    return rows.map(({ score, ...row }) => ({
      ...row,
      id: String(row.id),
      teamId: row.teamId === null ? null : String(row.teamId),
      rank: Number(score) as SearchRank,
    }));
  }

  private peopleQuery(scope: JurisdictionScope, q: string | undefined) {
    const query = this.users
      .createQueryBuilder('user')
      .leftJoin('user.region', 'region')
      .leftJoin('user.team', 'team')
      .select([
        'user.id AS id',
        'user.displayName AS displayName',
        'user.role AS role',
        'user.regionCode AS regionCode',
        'region.name AS regionName',
        'user.teamId AS teamId',
        'team.name AS teamName',
      ])
      .where('user.active = 1');
    const above = unitsAbove(scope);
    if (scope.level === 'city') {
      query.andWhere('(user.cityCode = :ownCity OR user.regionCode IN (:...above))', {
        ownCity: scope.cityCode,
        above,
      });
    } else if (scope.level === 'county') {
      query.andWhere('user.regionCode IN (:...units)', { units: [scope.regionCode, ...above] });
    }
    if (q) query.andWhere('user.displayName LIKE :q', { q: `%${escapeLike(q)}%` });
    return query;
  }

  /** Newest first, keyset on id; `limit + 1` rows so the caller can tell whether more follow. */
  private listForJurisdiction(
    scope: JurisdictionScope,
    filter: UserFilter,
    beforeId: string | undefined,
    limit: number,
  ): Promise<UserRow[]> {
    const query = this.filtered(scope, filter).select(SELECTED);
    if (beforeId) query.andWhere('user.id < :beforeId', { beforeId });
    return query
      .orderBy('user.id', 'DESC')
      .limit(limit + 1)
      .getMany();
  }

  private countForJurisdiction(scope: JurisdictionScope, filter: UserFilter): Promise<number> {
    return this.filtered(scope, filter).getCount();
  }

  /**
   * The user if it is inside the scope; null otherwise, so callers answer 404 either way. Prefer
   * `forScope(scope).findById`; kept public (it takes the scope) for the leads module.
   */
  findInJurisdiction(scope: JurisdictionScope, id: string, manager?: EntityManager): Promise<UserRow | null> {
    const repository = manager ? manager.getRepository(UserEntity) : this.users;
    const query = repository.createQueryBuilder('user').select(SELECTED).where('user.id = :id', { id });
    return scope.applyTo(query, 'user').getOne();
  }

  /**
   * A user by id regardless of jurisdiction: only for the user's own identity flows (sign-in, profile), workers,
   * and re-reads of a user the service has already authorised.
   */
  findByIdUnscoped(id: string, manager?: EntityManager): Promise<UserRow | null> {
    const repository = manager ? manager.getRepository(UserEntity) : this.users;
    return repository.createQueryBuilder('user').select(SELECTED).where('user.id = :id', { id }).getOne();
  }

  /**
   * Display names by id, whoever the users are: the names shown beside the ids of records the caller may already
   * read (a task's assignee, a slip's answerer), one query per page.
   */
  async displayNamesUnscoped(ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await this.users
      .createQueryBuilder('user')
      .select(['user.id', 'user.displayName'])
      .where('user.id IN (:...ids)', { ids: unique })
      .getMany();
    return new Map(rows.map((row) => [String(row.id), row.displayName]));
  }

  /** Sign-in, before anyone is known: no jurisdiction applies. */
  findCredentialsByUsernameUnscoped(
    username: string,
  ): Promise<{ id: string; passwordHash: string; active: boolean } | null> {
    return this.users
      .createQueryBuilder('user')
      .select(['user.id', 'user.passwordHash', 'user.active'])
      .where('user.username = :username', { username })
      .getOne();
  }

  /** The signed-in user's own hash (`userId` is the caller). */
  async findPasswordHash(userId: string): Promise<string | null> {
    const row = await this.users
      .createQueryBuilder('user')
      .select(['user.id', 'user.passwordHash'])
      .where('user.id = :id', { id: userId })
      .getOne();
    return row?.passwordHash ?? null;
  }

  async usernameTaken(username: string, manager: EntityManager): Promise<string | null> {
    const row = await manager.getRepository(UserEntity).findOne({ select: { id: true }, where: { username } });
    return row ? String(row.id) : null;
  }

  async insert(
    manager: EntityManager,
    values: Omit<UserEntity, 'id' | 'version' | 'createdAt' | 'updatedAt' | 'region' | 'team'>,
  ): Promise<string> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(UserEntity)
      .values({ ...values, version: 1 })
      .updateEntity(false)
      .execute();
    return String(result.raw.insertId);
  }

  /** Optimistic update: applies only if the row still has `version` (docs/architecture.md "Known traps": save() is not a lock). */
  async updateIfVersion(manager: EntityManager, id: string, version: number, changes: UserChanges): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(UserEntity)
      .set({ ...changes, version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id, version })
      .execute();
    return result.affected === 1;
  }

  /** `manager`: a transaction's own connection, when asked inside one (see currentVersionOf). */
  currentVersion(id: string, manager?: EntityManager): Promise<number | null> {
    return currentVersionOf(this.users, id, manager);
  }

  private filtered(scope: JurisdictionScope, filter: UserFilter) {
    const query = this.users.createQueryBuilder('user');
    scope.applyTo(query, 'user');
    if (filter.role) query.andWhere('user.role = :role', { role: filter.role });
    if (filter.regionCode) query.andWhere('user.regionCode = :regionCode', { regionCode: filter.regionCode });
    if (filter.active !== undefined) query.andWhere('user.active = :active', { active: filter.active });
    if (filter.q) {
      const prefix = `${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query.andWhere('(user.username LIKE :prefix OR user.displayName LIKE :prefix)', { prefix });
    }
    return query;
  }
}
