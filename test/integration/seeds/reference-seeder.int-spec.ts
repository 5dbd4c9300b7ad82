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

  it('gives every cluster its focus cities and every seeded park a cluster it hosts', async () => {
    const clustersWithoutFocus = await dataSource.query(
      'SELECT c.code FROM clusters c LEFT JOIN cluster_focus_regions f ON f.cluster_code = c.code WHERE f.cluster_code IS NULL',
    );
    expect(clustersWithoutFocus).toEqual([]);
    const parksWithoutCluster = await dataSource.query(
      'SELECT p.code FROM parks p LEFT JOIN park_clusters pc ON pc.park_id = p.id WHERE p.code IS NOT NULL AND pc.park_id IS NULL',
    );
    expect(parksWithoutCluster).toEqual([]);
    const parksWithoutKindOrFocus = await dataSource.query(
      'SELECT code FROM parks WHERE code IS NOT NULL AND (kind IS NULL OR focus IS NULL)',
    );
    expect(parksWithoutKindOrFocus).toEqual([]);
    // A cooperation platform hosts, as secondary clusters, those the plan focuses on its city: 贺州 → 碳酸钙.
    const [hezhou] = await dataSource.query(
      `SELECT GROUP_CONCAT(pc.cluster_code ORDER BY pc.cluster_code) AS clusters, MAX(pc.is_primary) AS anyPrimary
         FROM park_clusters pc JOIN parks p ON p.id = pc.park_id WHERE p.code = 'hezhou-dongrong'`,
    );
    expect(hezhou).toMatchObject({ clusters: 'calcium' });
    expect(Number(hezhou.anyPrimary)).toBe(0);
  });

  it("keeps a park's clusters once it has any, as administrators set them", async () => {
    const [{ id }] = await dataSource.query("SELECT id FROM parks WHERE code = 'yulin-two-bays'");
    const before = await dataSource.query(
      'SELECT cluster_code FROM park_clusters WHERE park_id = ? ORDER BY cluster_code',
      [id],
    );
    expect(before.length).toBeGreaterThan(1);
    await dataSource.query('DELETE FROM park_clusters WHERE park_id = ? AND cluster_code = ?', [
      id,
      before[0].cluster_code,
    ]);
    await seedReferenceData(dataSource);
    const after = await dataSource.query(
      'SELECT cluster_code FROM park_clusters WHERE park_id = ? ORDER BY cluster_code',
      [id],
    );
    expect(after).toEqual(before.slice(1));
    await dataSource.query('INSERT INTO park_clusters (park_id, cluster_code, is_primary) VALUES (?, ?, 0)', [
      id,
      before[0].cluster_code,
    ]);
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
