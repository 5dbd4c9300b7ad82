import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * The hash of each user's calendar-feed token, a column of `users` that the tasks module's calendar feed sets and
 * looks up. Exported so that feed never writes another module's table itself (docs/architecture.md, "Layers and
 * boundaries").
 */
@Injectable()
export class CalendarTokensRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Replaces the user's token hash, inside the caller's transaction (the old feed URL stops working). */
  async replace(manager: EntityManager, userId: string, tokenHash: string): Promise<void> {
    await manager.query('UPDATE users SET calendar_token_hash = ? WHERE id = ?', [tokenHash, userId]);
  }

  /** The active user holding the token with this hash, or null. */
  async activeUserIdFor(tokenHash: string): Promise<string | null> {
    const [user] = await this.dataSource.query(
      'SELECT id FROM users WHERE calendar_token_hash = ? AND active = 1 LIMIT 1',
      [tokenHash],
    );
    return user ? String(user.id) : null;
  }
}
