// Compile-time proof that the scoped repositories cannot be read around the caller's access: `tsc --noEmit`
// fails on any `@ts-expect-error` below that stops being an error (see docs/architecture.md, "Jurisdiction").
// Jest runs this file only for the trivial test at the end; swc strips the types without checking them.
import type { AuditRepository } from './audit/audit.repository';
import type { ImportsRepository } from './imports/imports.repository';
import type { DeliveriesRepository } from './notifications/deliveries.repository';
import type { NotificationsRepository } from './notifications/notifications.repository';
import type { ParksRepository } from './parks/parks.repository';
import type { TaskAccess, TasksRepository } from './tasks/tasks.repository';
import type { TeamsRepository } from './teams/teams.repository';
import type { UsersRepository } from './users/users.repository';
import type { VisitAccess, VisitsRepository } from './visits/visits.repository';
import type { JurisdictionScope } from '../core/auth/jurisdiction-scope';

export async function typeChecks(
  repositories: {
    visits: VisitsRepository;
    tasks: TasksRepository;
    teams: TeamsRepository;
    users: UsersRepository;
    imports: ImportsRepository;
    notifications: NotificationsRepository;
    deliveries: DeliveriesRepository;
    audit: AuditRepository;
    parks: ParksRepository;
  },
  scope: JurisdictionScope,
  visitAccess: VisitAccess,
  taskAccess: TaskAccess,
): Promise<void> {
  const { visits, tasks, teams, users, imports, notifications, deliveries, audit, parks } = repositories;

  // What services do: obtain the scoped reads from the caller's access, then read.
  await visits.scoped(visitAccess).findById('1');
  await tasks.scoped(taskAccess).findById('1');
  await tasks.slipsForScope(scope).findById('1');
  await teams.forScope(scope).findById('1');
  await users.forScope(scope).findById('1');
  await imports.scoped({ userId: '1', scope: null }).findById('1');
  await notifications.forUser('1').findById('1');
  await audit.forScope(scope).list({}, undefined, 20);

  // A scoped read cannot be had without an access or scope.
  // @ts-expect-error scoped() needs the caller's access
  visits.scoped();
  // @ts-expect-error scoped() needs the caller's access
  tasks.scoped();
  // @ts-expect-error forScope() needs the caller's jurisdiction
  teams.forScope();
  // @ts-expect-error forScope() needs the caller's jurisdiction
  users.forScope();
  // @ts-expect-error scoped() needs the caller's access
  imports.scoped();
  // @ts-expect-error forUser() needs the owner
  notifications.forUser();
  // @ts-expect-error forScope() needs the caller's jurisdiction
  audit.forScope();
  // @ts-expect-error a task access (scope may be null) is not a visit access
  visits.scoped(taskAccess);
  // @ts-expect-error an import access needs the importer
  imports.scoped({ scope });

  // The access-taking implementations are private: nothing outside the repository calls them.
  // @ts-expect-error private
  await visits.findForAccess(visitAccess, '1');
  // @ts-expect-error private
  await visits.list(visitAccess, {}, undefined, 20);
  // @ts-expect-error private
  await tasks.findForAccess(taskAccess, '1');
  // @ts-expect-error private
  await tasks.listSlips(scope, undefined, undefined, 20);
  // @ts-expect-error private
  await teams.findInJurisdiction(scope, '1');
  // @ts-expect-error private
  await users.listForJurisdiction(scope, {}, undefined, 20);
  // @ts-expect-error private
  await imports.findVisible('1', '1', null);
  // @ts-expect-error private
  await notifications.findForUser('1', '1');
  // @ts-expect-error private
  await audit.listForJurisdiction(scope, {}, undefined, 20);

  // No plain read by id: what ignores jurisdiction says so in its name.
  // @ts-expect-error renamed findByIdUnscoped
  await visits.findById('1');
  // @ts-expect-error renamed findByIdUnscoped
  await tasks.findById('1');
  // @ts-expect-error renamed findSlipUnscoped
  await tasks.findSlip('1');
  // @ts-expect-error renamed findByIdUnscoped
  await teams.findById('1');
  // @ts-expect-error renamed findByIdUnscoped
  await deliveries.findById('1');
  // @ts-expect-error renamed findByIdUnscoped
  await parks.findById('1');
  // @ts-expect-error a scoped read takes the id only, never another scope
  await teams.forScope(scope).findById(scope, '1');
}

describe('scoped repositories (types)', () => {
  it('are checked by tsc, not at run time', () => {
    expect(typeof typeChecks).toBe('function');
  });
});
