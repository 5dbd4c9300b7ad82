import { CreateDateColumn, UpdateDateColumn } from 'typeorm';

// Millisecond precision in UTC; the default is spelled out so MariaDB and MySQL store the same definition
// and migration:generate sees no drift.
export const CreatedAtColumn = (): PropertyDecorator =>
  CreateDateColumn({ type: 'datetime', precision: 3, default: () => 'CURRENT_TIMESTAMP(3)' });

export const UpdatedAtColumn = (): PropertyDecorator =>
  UpdateDateColumn({
    type: 'datetime',
    precision: 3,
    default: () => 'CURRENT_TIMESTAMP(3)',
    onUpdate: 'CURRENT_TIMESTAMP(3)',
  });
