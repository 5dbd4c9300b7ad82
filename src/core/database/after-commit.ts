import { Logger } from '@nestjs/common';
import { EntityManager, EntitySubscriberInterface, EventSubscriber, QueryRunner } from 'typeorm';
import type { TransactionCommitEvent } from 'typeorm/subscriber/event/TransactionCommitEvent';
import type { TransactionRollbackEvent } from 'typeorm/subscriber/event/TransactionRollbackEvent';

type Callback = () => Promise<unknown> | unknown;
const CALLBACKS = 'afterCommit';
const COLLECTIONS = 'beforeCommit';

interface Collection {
  items: unknown[];
  flush: (manager: EntityManager, items: unknown[]) => Promise<void>;
}

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

/**
 * Adds `item` to the collection `key` of the transaction `manager` belongs to; just before the outermost commit,
 * `flush` runs once with everything collected, inside the transaction (its failure rolls the transaction back).
 * For work that should see the transaction's final state and run once however many changes asked for it (the
 * analytics roll-ups of every lead a transaction touched). Outside a transaction `flush` runs at once.
 */
export async function collectBeforeCommit<T>(
  manager: EntityManager,
  key: string,
  item: T,
  flush: (manager: EntityManager, items: T[]) => Promise<void>,
): Promise<void> {
  const queryRunner = manager.queryRunner;
  if (!queryRunner?.isTransactionActive) return flush(manager, [item]);
  queryRunner.data = queryRunner.data ?? {};
  const collections = (queryRunner.data[COLLECTIONS] ??= new Map<string, Collection>()) as Map<string, Collection>;
  const collection = collections.get(key) ?? { items: [], flush: flush as Collection['flush'] };
  collection.items.push(item);
  collections.set(key, collection);
}

/** Fires the callbacks of the outermost commit (savepoint releases broadcast too, with the transaction still open). */
@EventSubscriber()
export class AfterCommitSubscriber implements EntitySubscriberInterface {
  async beforeTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const queryRunner = event.queryRunner as QueryRunner & { transactionDepth?: number };
    const collections = queryRunner.data?.[COLLECTIONS] as Map<string, Collection> | undefined;
    // A savepoint release broadcasts too (depth above 1): only the outermost commit flushes.
    if (!collections || (queryRunner.transactionDepth ?? 1) > 1) return;
    delete queryRunner.data[COLLECTIONS];
    for (const collection of collections.values()) await collection.flush(queryRunner.manager, collection.items);
  }

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
    if (event.queryRunner.isTransactionActive) return;
    if (callbacksOf(event.queryRunner)) delete event.queryRunner.data[CALLBACKS];
    if (event.queryRunner.data?.[COLLECTIONS]) delete event.queryRunner.data[COLLECTIONS];
  }
}
