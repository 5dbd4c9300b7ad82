import { ChainContext, keyOf, MatchWeights, ParkFacts, rankParks, READINESS_ITEMS, scorePark } from './park-scorer';

const weights: MatchWeights = { cluster: 30, chain: 25, focus: 15, readiness: 10, logistics: 10, headroom: 10 };
const context: ChainContext = {
  segmentPosition: new Map([
    ['chem.basic', 'upstream'],
    ['chem.resins', 'midstream'],
    ['chem.coatings', 'downstream'],
  ]),
  segmentName: new Map([
    ['chem.basic', '基础化工'],
    ['chem.resins', '高性能树脂'],
    ['chem.coatings', '涂料'],
  ]),
  segmentCluster: new Map([
    ['chem.basic', 'chem'],
    ['chem.resins', 'chem'],
    ['chem.coatings', 'chem'],
  ]),
  focusCities: new Map([['chem', new Set(['450700'])]]),
};
const allReady = Object.fromEntries(READINESS_ITEMS.map((item) => [item, true])) as ParkFacts['readiness'];
const park = (overrides: Partial<ParkFacts> = {}): ParkFacts => ({
  id: '1',
  name: '钦州石化产业园区',
  cityCode: '450700',
  primaryClusters: new Set(['chem']),
  secondaryClusters: new Set(),
  segments: new Set(['chem.basic', 'chem.coatings']),
  landAvailableMu: 1000,
  factoryAvailableSqm: 50_000,
  readiness: allReady,
  portAccess: true,
  railAccess: true,
  hazardousChemicalsAllowed: true,
  ...overrides,
});
const profile = { clusterCode: 'chem', segmentCode: 'chem.resins', landNeedMu: 300 };

describe('park scorer', () => {
  it('gives a perfect park every point, and its reasons add up to the score', () => {
    const result = scorePark(profile, park(), context, weights);
    expect(result.score).toBe(100);
    expect(result.reasons.reduce((sum, reason) => sum + reason.points, 0)).toBeCloseTo(result.score, 5);
    expect(result.reasons.find((reason) => reason.factor === 'chain')!.detail).toMatch(
      /延链：园区已有上游基础化工.*补链：园区已有下游涂料/,
    );
  });

  it('excludes, and counts, parks that cannot host the project', () => {
    const ranking = rankParks(
      { ...profile, hazardous: true, factoryNeedSqm: 10_000 },
      [
        park({ id: '2', primaryClusters: new Set(['electronics']) }),
        park({ id: '3', landAvailableMu: 100 }),
        park({ id: '4', factoryAvailableSqm: 5_000 }),
        park({ id: '5', hazardousChemicalsAllowed: false }),
        park({ id: '6', landAvailableMu: null }),
      ],
      context,
      weights,
      10,
    );
    expect(ranking.items.map((item) => item.park.id)).toEqual(['6']);
    expect(ranking.excluded).toEqual([
      { reason: 'cluster_not_hosted', count: 1 },
      { reason: 'land_below_need', count: 1 },
      { reason: 'factory_below_need', count: 1 },
      { reason: 'hazardous_not_allowed', count: 1 },
    ]);
  });

  it.each([
    [
      'cluster fit: primary over secondary',
      park({ id: 'b', primaryClusters: new Set(), secondaryClusters: new Set(['chem']) }),
    ],
    ['chain complementarity', park({ id: 'b', segments: new Set() })],
    ['focus place', park({ id: 'b', cityCode: '450100' })],
    ['readiness', park({ id: 'b', readiness: { ...allReady, gas: false, levelled: false } })],
    ['logistics (a port for chemicals)', park({ id: 'b', portAccess: false })],
    ['capacity headroom', park({ id: 'b', landAvailableMu: 400 })],
  ])('orders by %s', (_factor, weaker) => {
    const ranking = rankParks(profile, [weaker, park({ id: 'a', name: '乙园区' })], context, weights, 10);
    expect(ranking.items.map((item) => item.park.id)).toEqual(['a', 'b']);
    expect(ranking.items[0].score).toBeGreaterThan(ranking.items[1].score);
  });

  it('orders equal scores by headroom, then by name, so results are stable', () => {
    const roomy = park({ id: '7', name: '丙园区', landAvailableMu: 5000 });
    const tight = park({ id: '8', name: '甲园区', landAvailableMu: 700 });
    const sameA = park({ id: '9', name: 'B园区' });
    const sameB = park({ id: '10', name: 'A园区' });
    const ranking = rankParks(profile, [tight, sameA, roomy, sameB], context, weights, 10);
    expect(ranking.items.map((item) => item.park.id)).toEqual(['7', '10', '9', '8']);
    expect(
      rankParks(profile, [sameB, roomy, sameA, tight], context, weights, 10).items.map((item) => item.park.id),
    ).toEqual(['7', '10', '9', '8']);
  });

  it('pages through a ranking: each page starts after the last park of the one before, none lost or repeated', () => {
    const parks = [
      park({ id: '7', name: '丙园区', landAvailableMu: 5000 }),
      park({ id: '8', name: '甲园区', landAvailableMu: 700 }),
      park({ id: '9', name: 'B园区' }),
      park({ id: '10', name: 'A园区' }),
      park({ id: '11', name: '乙园区', portAccess: false }),
      park({ id: '12', name: '丁园区', hazardousChemicalsAllowed: false }),
    ];
    const whole = rankParks(profile, parks, context, weights, 10);
    const paged: string[] = [];
    let after: ReturnType<typeof keyOf> | undefined;
    for (let page = 0; page < 5; page++) {
      const ranking = rankParks(profile, parks, context, weights, 2, after);
      paged.push(...ranking.items.map((item) => item.park.id));
      expect(ranking.excluded).toEqual(whole.excluded);
      if (ranking.items.length < 2) break;
      after = keyOf(ranking.items[ranking.items.length - 1]);
    }
    expect(paged).toEqual(whole.items.map((item) => item.park.id));
  });

  it('explains a project without a chain position or needs', () => {
    const result = scorePark({ clusterCode: 'chem' }, park(), context, weights);
    expect(result.reasons.find((reason) => reason.factor === 'chain')).toMatchObject({ points: 12.5 });
    expect(result.reasons.find((reason) => reason.factor === 'headroom')!.detail).toBe('项目未提出用地或厂房需求');
  });
});
