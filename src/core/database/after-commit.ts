import { Logger } from '@nestjs/common';
import { EntityManager, EntitySubscriberInterface, EventSubscriber, QueryRunner } from 'typeorm';
import type { TransactionCommitEvent } from 'typeorm/subscriber/event/TransactionCommitEvent';
import type { TransactionRollbackEvent } from 'typeorm/subscriber/event/TransactionRollbackEvent';

type Callback = () => Promise<unknown> | unknown;
const CALLBACKS = 'afterCommit';

const logger = new Logger('AfterCommit');

function callbacksOf(queryRunner: QueryRunner | undefined): Callback[] | undefined {
  return queryRunner?.data?.[CALLBACKS] as Callback[] | undefined;
}

/**
 * Runs `callback` once the transaction `manager` belongs to has committed, and never if it rolls back: for side
 * effects outside the database (queue jobs) that must not see, or announce, rows that never existed. Outside a
 * transaction it runs at once. A failing callback is logged, not thrown: the commit already happened, and the
 * reconcilers put right what a lost side effect left undone.
 */
export async function afterCommit(manager: EntityManager, callback: Callback): Promise<void> {
  const queryRunner = manager.queryRunner;
  if (!queryRunner?.isTransactionActive) return runSafely(callback);
  queryRunner.data = queryRunner.data ?? {};
  const callbacks = (queryRunner.data[CALLBACKS] ??= []) as Callback[];
  callbacks.push(callback);
}

async function runSafely(callback: Callback): Promise<void> {
  try {
    await callback();
  } catch (error) {
    logger.warn({ err: error }, 'A side effect after commit failed; the next reconcile repairs it');
  }
}

/** Fires the callbacks of the outermost commit (savepoint releases broadcast too, with the transaction still open). */
@EventSubscriber()
export class AfterCommitSubscriber implements EntitySubscriberInterface {
  async afterTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const callbacks = callbacksOf(event.queryRunner);
    if (!callbacks || event.queryRunner.isTransactionActive) return;
    delete event.queryRunner.data[CALLBACKS];
    // Not awaited: TypeORM awaits this hook before it releases the connection, and a slow side effect (Redis
    // away) must hold neither the connection nor the response.
    void (async () => {
      for (const callback of callbacks) await runSafely(callback);
    })();
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive && callbacksOf(event.queryRunner)) delete event.queryRunner.data[CALLBACKS];
  }
}
