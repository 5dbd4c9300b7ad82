import { validateSync } from 'class-validator';
import { IsIsoDateTime } from './validators';

class Probe {
  @IsIsoDateTime()
  at: string;
}

const check = (at: string) => {
  const probe = Object.assign(new Probe(), { at });
  return validateSync(probe).length === 0;
};

describe('IsIsoDateTime', () => {
  it.each(['2026-03-01T09:00:00+08:00', '2026-03-01T01:00:00Z', '2026-03-01T09:00+08:00', '2026-12-31T23:59:59.999-05:00', '2024-02-29T00:00:00+08:00'])(
    'accepts %s',
    (at) => expect(check(at)).toBe(true),
  );

  it.each(['2026-03-01', '20260301', '2026-W01', '2026-03-01T09:00:00', '2026-02-30T09:00:00+08:00', '2026-13-01T00:00:00Z', 'yesterday'])(
    'rejects %s',
    (at) => expect(check(at)).toBe(false),
  );
});
