import { Injectable } from '@nestjs/common';
import { JurisdictionScope } from '../../core/auth/jurisdiction-scope';
import type { AuthPrincipal } from '../../core/auth/principal';
import { decodeKeyCursor, Page, toPage } from '../../core/common/pagination';
import { DomainException } from '../../core/errors/domain.exception';
import { AuditRepository } from './audit.repository';
import { AuditEntryResponseDto, AuditListQueryDto, changedUserIdsOf, mapAuditEntry } from './dto/audit.dto';

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
    // The actor and the record come with each entry; the users its changes name, in one query for the page.
    const changedUsers = await this.audit.userNames(page.items.flatMap((row) => changedUserIdsOf(row.changes)));
    return { ...page, items: page.items.map((row) => mapAuditEntry(row, changedUsers)) };
  }
}
