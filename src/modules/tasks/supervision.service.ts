import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JurisdictionScope } from '../../core/auth/jurisdiction-scope';
import type { AuthPrincipal } from '../../core/auth/principal';
import { decodeKeyCursor, Page, toPage } from '../../core/common/pagination';
import { DomainException } from '../../core/errors/domain.exception';
import { ErrorCode } from '../../core/errors/error-codes';
import { DeadlineScheduler } from '../linkage/deadline.scheduler';
import { AuditService } from '../audit/audit.service';
import { mapSlip, SlipAnswerDto, SlipListQueryDto, SlipResponseDto } from './dto/task.dto';
import { listedNames, RecordNamesReader } from './record-names';
import type { SupervisionSlipEntity } from './task.entity';
import { TasksRepository } from './tasks.repository';

/** 督办单: supervision slips of red leads, read in the jurisdiction and answered by its managers. */
@Injectable()
export class SupervisionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tasks: TasksRepository,
    private readonly audit: AuditService,
    private readonly names: RecordNamesReader,
    private readonly deadlines: DeadlineScheduler,
  ) {}

  /** The slips mapped with the names of their leads and answerers, read once for the page. */
  private async mapped(principal: AuthPrincipal, rows: SupervisionSlipEntity[]): Promise<SlipResponseDto[]> {
    const names = await this.names.read(JurisdictionScope.forPrincipal(principal), {
      leadIds: rows.map((row) => String(row.leadId)),
      userIds: rows.map((row) => row.answeredBy),
    });
    return rows.map((row) => mapSlip(row, names));
  }

  async list(principal: AuthPrincipal, query: SlipListQueryDto): Promise<Page<SlipResponseDto>> {
    const beforeId = query.cursor ? decodeKeyCursor(query.cursor) : undefined;
    const rows = await this.tasks
      .slipsForScope(JurisdictionScope.forPrincipal(principal))
      .list(query.status, beforeId, query.limit);
    // The list's statement joined the names (TasksRepository.listSlips): no further reads for the page.
    const viewer = JurisdictionScope.forPrincipal(principal);
    return toPage(
      rows,
      query.limit,
      (row) => [String(row.id)],
      (row) => mapSlip(row, listedNames(viewer, row)),
    );
  }

  async answer(principal: AuthPrincipal, id: string, dto: SlipAnswerDto): Promise<SlipResponseDto> {
    const slip = await this.tasks.slipsForScope(JurisdictionScope.forPrincipal(principal)).findById(id);
    if (!slip) throw DomainException.notFound('Supervision slip', id);
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.tasks.answerSlip(manager, id, dto.answer, principal.userId))) {
        throw new DomainException(ErrorCode.Conflict, `Supervision slip ${id} is already answered`, [
          { field: 'id', constraint: 'isOpen', message: 'already answered' },
        ]);
      }
      await this.audit.record(manager, {
        actor: principal,
        action: 'update',
        entity: 'supervision_slip',
        entityId: id,
        unit: slip,
        changes: { status: ['open', 'answered'], answer: [null, dto.answer] },
      });
      // Answered: its reminder and escalations are moot.
      await this.deadlines.cancel(manager, 'supervision_slip', id);
    });
    // Re-read of the slip this request just authorised and answered.
    const [answered] = await this.mapped(principal, [(await this.tasks.findSlipUnscoped(id))!]);
    return answered;
  }
}
