import { Injectable } from '@nestjs/common';
import { JurisdictionScope } from '../../core/auth/jurisdiction-scope';
import type { AuthPrincipal } from '../../core/auth/principal';
import { decodeKeyCursor, Page, toPage } from '../../core/common/pagination';
import { DomainException } from '../../core/errors/domain.exception';
import { AuditRepository } from './audit.repository';
import { AuditEntryResponseDto, AuditListQueryDto, mapAuditEntry, userIdsOf } from './dto/audit.dto';

/** Reading the trail: admins everything, managers their jurisdiction (the permission is on the route). */
@Injectable()
export class AuditQueryService {
  constructor(private readonly audit: AuditRepository) {}

  async list(principal: AuthPrincipal, query: AuditListQueryDto): Promise<Page<AuditEntryResponseDto>> {
    const filter = {
      entity: query.entity,
      entityId: query.entityId,
      userId: query.userId,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
    };
    if (filter.from && filter.to && filter.from >= filter.to) {
      throw DomainException.validation('to', 'isAfterFrom', 'must be later than from');
    }
    const audit = this.audit.forScope(JurisdictionScope.forPrincipal(principal));
    const beforeId = query.cursor ? decodeKeyCursor(query.cursor) : undefined;
    const [rows, total] = await Promise.all([
      audit.list(filter, beforeId, query.limit),
      query.withTotal ? audit.count(filter) : Promise.resolve(undefined),
    ]);
    const page = toPage(
      rows,
      query.limit,
      (row) => [row.id],
      (row) => row,
      total,
    );
    const names = await this.audit.namesFor(page.items, page.items.flatMap(userIdsOf));
    return { ...page, items: page.items.map((row) => mapAuditEntry(row, names.users, names.records)) };
  }
}
