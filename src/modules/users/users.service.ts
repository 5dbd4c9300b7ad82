import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { JurisdictionScope, UnitRef } from '../../core/auth/jurisdiction-scope';
import type { AuthPrincipal } from '../../core/auth/principal';
import type { Role } from '../../core/auth/roles';
import { decodeCursor, decodeKeyCursor, Page, toPage } from '../../core/common/pagination';
import { DomainException } from '../../core/errors/domain.exception';
import { ErrorCode } from '../../core/errors/error-codes';
import { diffChanges } from '../audit/audit-changes';
import { AuditService } from '../audit/audit.service';
import { RegionUnits } from '../regions/region-units';
import {
  mapUser,
  PeopleQueryDto,
  PersonDto,
  PasswordChangeDto,
  UserCreateDto,
  UserListQueryDto,
  UserResponseDto,
  UserRow,
  UserUpdateDto,
} from './dto/user.dto';
import { hashPassword, verifyPassword } from './password-hasher';
import { SessionsRepository } from './sessions.repository';
import { PersonCursor, UserChanges, UsersRepository } from './users.repository';

/** Managers manage the officers and residents of their jurisdiction; everyone else is the administrators'. */
const MANAGER_MANAGED_ROLES: readonly Role[] = ['officer', 'resident'];

const AUDITED_FIELDS = ['username', 'displayName', 'role', 'regionCode', 'email', 'active', 'passwordHash'] as const;

/**
 * Managing users. Admins manage everyone; managers manage the users of their jurisdiction but never admins and
 * never grant admin. Nobody changes their own role, unit or active flag.
 */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly regionUnits: RegionUnits,
    private readonly audit: AuditService,
  ) {}

  async list(principal: AuthPrincipal, query: UserListQueryDto): Promise<Page<UserResponseDto>> {
    const users = this.users.forScope(JurisdictionScope.forPrincipal(principal));
    const filter = { role: query.role, regionCode: query.regionCode, active: query.active, q: query.q };
    const beforeId = query.cursor ? decodeKeyCursor(query.cursor) : undefined;
    const [rows, total] = await Promise.all([
      users.list(filter, beforeId, query.limit),
      query.withTotal ? users.count(filter) : Promise.resolve(undefined),
    ]);
    return toPage(rows, query.limit, (row) => [row.id], mapUser, total);
  }

  async get(principal: AuthPrincipal, id: string): Promise<UserResponseDto> {
    return mapUser(await this.requireInScope(principal, id));
  }

  async create(principal: AuthPrincipal, dto: UserCreateDto): Promise<UserResponseDto> {
    this.assertMayAssignRole(principal, dto.role);
    const unit = await this.assignableUnit(principal, dto.regionCode);
    const passwordHash = await hashPassword(dto.password);

    const id = await this.dataSource.transaction(async (manager) => {
      const existing = await this.users.usernameTaken(dto.username, manager);
      if (existing) {
        throw new DomainException(ErrorCode.Duplicate, `Username ${dto.username} is taken`, [
          { field: 'username', constraint: 'unique', message: 'is taken' },
        ]);
      }
      const values = {
        username: dto.username,
        displayName: dto.displayName,
        role: dto.role,
        regionCode: unit.regionCode,
        cityCode: unit.cityCode,
        email: dto.email ?? null,
        calendarTokenHash: null,
        teamId: null,
        active: dto.active ?? true,
        passwordHash,
        createdBy: principal.userId,
      };
      const newId = await this.users.insert(manager, values);
      await this.audit.record(manager, {
        actor: principal,
        action: 'create',
        entity: 'user',
        entityId: newId,
        unit,
        changes: diffChanges(null, values, AUDITED_FIELDS),
      });
      return newId;
    });
    // Re-read of the user this request just authorised and created.
    return mapUser((await this.users.findByIdUnscoped(id))!);
  }

  async update(principal: AuthPrincipal, id: string, dto: UserUpdateDto): Promise<UserResponseDto> {
    const current = await this.requireInScope(principal, id);
    // Checks below judge the row as read; a different version means someone changed it since.
    if (dto.version !== current.version) throw await this.versionConflict(id);
    this.assertMayEdit(principal, current, dto);

    const changes: UserChanges = {};
    if (dto.displayName !== undefined) changes.displayName = dto.displayName;
    if (dto.role !== undefined) changes.role = dto.role;
    if (dto.email !== undefined) changes.email = dto.email;
    if (dto.active !== undefined) changes.active = dto.active;
    if (dto.regionCode !== undefined && dto.regionCode !== current.regionCode) {
      const unit = await this.assignableUnit(principal, dto.regionCode);
      changes.regionCode = unit.regionCode;
      changes.cityCode = unit.cityCode;
    }
    if (dto.password !== undefined) changes.passwordHash = await hashPassword(dto.password);
    if (Object.keys(changes).length === 0) return mapUser(current);

    await this.dataSource.transaction(async (manager) => {
      if (!(await this.users.updateIfVersion(manager, id, dto.version, changes)))
        throw await this.versionConflict(id, manager);
      // A disabled account or a reset password ends every sign-in of that user.
      const revokedSessions =
        changes.active === false || changes.passwordHash
          ? await this.sessions.revokeAllForUser(manager, id, changes.active === false ? 'disabled' : 'password_reset')
          : 0;
      // The stored hash is never read here; a stand-in lets the diff say that the password changed.
      const before = { ...current, passwordHash: 'stored', sessionsEnded: null };
      const after = { ...before, ...changes, sessionsEnded: revokedSessions > 0 ? revokedSessions : null };
      await this.audit.record(manager, {
        actor: principal,
        action: 'update',
        entity: 'user',
        entityId: id,
        unit: { regionCode: after.regionCode, cityCode: after.cityCode },
        changes: diffChanges(before, after, [...AUDITED_FIELDS, 'sessionsEnded']),
      });
    });
    // Re-read of the user this request just authorised and changed (possibly out of the caller's scope by now).
    return mapUser((await this.users.findByIdUnscoped(id))!);
  }

  /** The caller changes their own password; their other sign-ins end, this one stays. */
  async changeOwnPassword(principal: AuthPrincipal, dto: PasswordChangeDto): Promise<void> {
    const currentHash = await this.users.findPasswordHash(principal.userId);
    if (!currentHash || !(await verifyPassword(currentHash, dto.currentPassword))) {
      throw DomainException.validation('currentPassword', 'matches', 'is not your current password');
    }
    if (dto.newPassword === dto.currentPassword) {
      throw DomainException.validation('newPassword', 'differs', 'must differ from the current password');
    }
    const passwordHash = await hashPassword(dto.newPassword);
    // The caller's own record.
    const self = (await this.users.findByIdUnscoped(principal.userId))!;
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.users.updateIfVersion(manager, principal.userId, self.version, { passwordHash }))) {
        throw await this.versionConflict(principal.userId);
      }
      await this.audit.record(manager, {
        actor: principal,
        action: 'password_change',
        entity: 'user',
        entityId: principal.userId,
        unit: principal,
        changes: diffChanges({ passwordHash: 'old' }, { passwordHash: 'new' }, ['passwordHash']),
      });
      await this.sessions.revokeAllForUser(manager, principal.userId, 'password_change', principal.sessionId);
    });
  }

  /** The colleague directory: the caller's jurisdiction and the units above it, by name. */
  async people(principal: AuthPrincipal, query: PeopleQueryDto): Promise<Page<PersonDto>> {
    const users = this.users.forScope(JurisdictionScope.forPrincipal(principal));
    const q = query.q?.trim() || undefined;
    let after: PersonCursor | undefined;
    if (query.cursor) {
      const [name, id] = decodeCursor(query.cursor, 2).map(String);
      if (!/^[1-9]\d{0,17}$/.test(id)) {
        throw DomainException.validation('cursor', 'isCursor', 'is not a cursor this list returned');
      }
      after = [name, id];
    }
    const [rows, total] = await Promise.all([
      users.people(q, after, query.limit),
      query.withTotal ? users.countPeople(q) : Promise.resolve(undefined),
    ]);
    return toPage(
      rows,
      query.limit,
      (row) => [row.displayName, row.id],
      (row) => ({ ...row }),
      total,
    );
  }

  /** One colleague of the directory; 404 outside it, like every record outside the caller's reach. */
  async person(principal: AuthPrincipal, id: string): Promise<PersonDto> {
    const row = await this.users.forScope(JurisdictionScope.forPrincipal(principal)).findPerson(id);
    if (!row) throw DomainException.notFound('User', id);
    return { ...row, id: String(row.id), teamId: row.teamId === null ? null : String(row.teamId) };
  }

  private async requireInScope(principal: AuthPrincipal, id: string): Promise<UserRow> {
    const user = await this.users.forScope(JurisdictionScope.forPrincipal(principal)).findById(id);
    if (!user) throw DomainException.notFound('User', id);
    return user;
  }

  private assertMayEdit(principal: AuthPrincipal, target: UserRow, dto: UserUpdateDto): void {
    if (principal.role !== 'admin' && !MANAGER_MANAGED_ROLES.includes(target.role)) {
      throw new DomainException(
        ErrorCode.Forbidden,
        'Managers manage officers and residents; an administrator manages this account',
      );
    }
    if (dto.role !== undefined) this.assertMayAssignRole(principal, dto.role);
    if (target.id === principal.userId) {
      for (const field of ['role', 'regionCode', 'active'] as const) {
        if (dto[field] !== undefined && dto[field] !== target[field])
          throw DomainException.notPermitted(field, 'of your own account is changed by another administrator');
      }
      if (dto.password !== undefined)
        throw DomainException.notPermitted(
          'password',
          'of your own account is changed with POST /api/v1/users/me/password',
        );
    }
  }

  private assertMayAssignRole(principal: AuthPrincipal, role: Role): void {
    if (principal.role !== 'admin' && !MANAGER_MANAGED_ROLES.includes(role)) {
      throw DomainException.notPermitted(
        'role',
        `may be ${MANAGER_MANAGED_ROLES.join(' or ')} when a manager assigns it; ${role} is granted by an administrator`,
      );
    }
  }

  /** The unit a user may be placed in: a Guangxi unit inside the caller's jurisdiction. */
  private async assignableUnit(principal: AuthPrincipal, regionCode: string): Promise<UnitRef> {
    const unit = await this.regionUnits.require(regionCode);
    if (!JurisdictionScope.forPrincipal(principal).contains(unit))
      throw DomainException.notPermitted('regionCode', 'is outside your jurisdiction');
    return unit;
  }

  private async versionConflict(id: string, manager?: EntityManager): Promise<DomainException> {
    // Inside a transaction through its own connection: a second one from the pool can wait for ever (see LeadsService).
    return DomainException.versionConflict('User', id, await this.users.currentVersion(id, manager));
  }
}
