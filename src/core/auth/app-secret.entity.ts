import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn } from '../database/timestamp-columns';

/** Secrets the instances of one deployment must share (e.g. the token signing key when JWT_SECRET is unset). */
@Entity({ name: 'app_secrets' })
export class AppSecretEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 255 })
  value: string;

  @CreatedAtColumn()
  createdAt: Date;
}
