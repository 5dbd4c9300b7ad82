import { DataSource } from 'typeorm';
import { seedReferenceData } from '../../../seeds/reference-seeder';
import { openTestDataSource } from '../../utils/test-data-source';

// The reference data loads at every start, so it must be idempotent and must keep what administrators changed.
describe('reference data loader', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await openTestDataSource();
  });
  afterAll(() => dataSource.destroy());

  const tableCounts = async () => {
    const counts: Record<string, number> = {};
    for (const table of [
      'regions',
      'clusters',
      'cluster_segments',
      'cluster_focus_regions',
      'parks',
      'park_clusters',
    ]) {
      // Parks users registered (other suites add some to this run's database) have no reference code.
      const where =
        table === 'parks'
          ? ' WHERE code IS NOT NULL'
          : table === 'park_clusters'
            ? ' WHERE park_id IN (SELECT id FROM parks WHERE code IS NOT NULL)'
            : '';
      const [row] = await dataSource.query(`SELECT COUNT(*) AS n FROM \`${table}\`${where}`);
      counts[table] = Number(row.n);
    }
    return counts;
  };

  it('loads the same rows however often it runs', async () => {
    const before = await tableCounts();
    const counts = await seedReferenceData(dataSource);
    // The calendar years were seeded at start; a second run seeds none (maintained or seeded years are kept).
    expect(counts).toEqual({ regions: 180, clusters: 9, segments: 78, parks: 15, calendarYears: 0 });
    expect(await tableCounts()).toEqual(before);
    expect(before).toMatchObject({ regions: 180, clusters: 9, cluster_segments: 78, parks: 15 });
  });

  it('stores Chinese names intact', async () => {
    const [row] = await dataSource.query('SELECT name FROM regions WHERE code = ?', ['451227']);
    expect(row.name).toBe('巴马瑶族自治县');
  });

  it("keeps administrators' changes: key-county marks, park capacities and kinds", async () => {
    await dataSource.query('UPDATE regions SET is_key_industrial_county = 1 WHERE code = ?', ['450802']);
    await dataSource.query(
      "UPDATE parks SET land_available_mu = 1234.5, kind = 'themed' WHERE code = 'hezhou-dongrong'",
    );
    await seedReferenceData(dataSource);
    const [county] = await dataSource.query('SELECT is_key_industrial_county AS marked FROM regions WHERE code = ?', [
      '450802',
    ]);
    const [park] = await dataSource.query(
      "SELECT land_available_mu AS land, kind, region_code AS regionCode FROM parks WHERE code = 'hezhou-dongrong'",
    );
    expect(Number(county.marked)).toBe(1);
    expect(park).toEqual({ land: '1234.50', kind: 'themed', regionCode: '451100' });
  });
});
