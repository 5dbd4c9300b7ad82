import {
  BEYOND_LAST_BOUND,
  cellDeltas,
  contributions,
  dayBucket,
  daysBetween,
  LeadFacts,
  measureIndex,
  measuresByMonth,
  PATTERNS,
  quantileDays,
} from './lead-contribution';
import { monthOf } from '../../core/common/months';
import { factsFromRow, factsOf, FactsSource, storeFacts } from './lead-facts';

/** 10:00 Asia/Shanghai on a date. */
const at = (date: string) => new Date(`${date}T02:00:00Z`);
const m = (measures: number[], name: string) => measures[measureIndex(name)];

function lead(overrides: Partial<LeadFacts> = {}): LeadFacts {
  return {
    leadId: '1',
    credited: true,
    regionCode: '450102',
    cityCode: '450100',
    clusterCode: 'auto',
    sourceKind: 'chamber',
    ownership: 'private',
    chamberId: '7',
    teamId: '0',
    categories: ['five50_top500'],
    createdAt: at('2025-01-10'),
    reached: {
      lead: at('2025-01-10'),
      contacted: at('2025-01-12'),
      site_visit: at('2025-01-12'),
      signed: at('2025-02-20'),
    },
    pending: {},
    resumedAt: null,
    lostFrom: null,
    onHoldNow: false,
    expectedUnits: 100_000,
    signedUnits: 80_000,
    fundsByMonth: { '202503': 20_000, '202505': 30_000 },
    investedByMonth: {},
    constructionEndedAt: null,
    ...overrides,
  };
}

describe('analytics contributions', () => {
  it('measures days between Shanghai calendar dates and buckets them', () => {
    // 23:30 and 00:30 the next day in Shanghai are one day apart, whatever the UTC dates say.
    expect(daysBetween(new Date('2025-01-10T15:30:00Z'), new Date('2025-01-10T16:30:00Z'))).toBe(1);
    expect(monthOf(new Date('2025-01-31T16:30:00Z'))).toBe(202502);
    expect([0, 1, 4, 5, 6, 17, 40, 800].map(dayBucket)).toEqual([0, 1, 4, 4, 5, 8, 10, 15]);
  });

  it('reads the median and p90 off the histogram by nearest rank', () => {
    const histogram = new Array(16).fill(0);
    histogram[1] = 1; // 1 day
    histogram[2] = 1; // 2 days
    histogram[4] = 1; // 4–5 days
    expect(quantileDays(histogram, 0.5)).toBe(2);
    expect(quantileDays(histogram, 0.9)).toBe(5);
    expect(quantileDays(new Array(16).fill(0), 0.5)).toBeNull();
    const long = new Array(16).fill(0);
    long[15] = 2;
    expect(quantileDays(long, 0.5)).toBe(BEYOND_LAST_BOUND);
  });

  it('puts a cohort at its creation month and a flow at the month of each event', () => {
    const cohort = measuresByMonth(lead(), 'cohort');
    expect([...cohort.keys()]).toEqual([202501]);
    const january = cohort.get(202501)!;
    expect([
      m(january, 'n_lead'),
      m(january, 'n_contacted'),
      m(january, 'n_site_visit'),
      m(january, 'n_negotiating'),
      m(january, 'n_signed'),
    ]).toEqual([1, 1, 1, 0, 1]);
    // Before signing a stage carries the expected investment, from signing on the contract amount.
    expect([m(january, 'a_lead'), m(january, 'a_signed'), m(january, 'funds')]).toEqual([100_000, 80_000, 50_000]);
    // Lead → contacted took 2 days; the skipped site visit was passed the same day (0).
    expect(m(january, 'd_lead_02')).toBe(1);
    expect(m(january, 'd_contacted_00')).toBe(1);

    const flow = measuresByMonth(lead(), 'flow');
    expect([...flow.keys()].sort()).toEqual([202501, 202502, 202503, 202505]);
    expect(m(flow.get(202502)!, 'n_signed')).toBe(1);
    expect(m(flow.get(202503)!, 'funds')).toBe(20_000);
    expect(m(flow.get(202501)!, 'n_signed')).toBe(0);
  });

  it('values a hold or a loss at what the project had then', () => {
    const heldBeforeSigning = lead({ reached: { ...lead().reached, on_hold: at('2025-01-20') } });
    expect(m(measuresByMonth(heldBeforeSigning, 'cohort').get(202501)!, 'a_on_hold')).toBe(100_000);
    const lostAfterSigning = lead({ reached: { ...lead().reached, lost: at('2025-03-01') }, lostFrom: 'signed' });
    const january = measuresByMonth(lostAfterSigning, 'cohort').get(202501)!;
    expect([m(january, 'a_lost'), m(january, 'lost_from_signed')]).toEqual([80_000, 1]);
  });

  it('feeds every pattern once per month, chambers and teams only when the lead has one, categories with "all"', () => {
    const cells = contributions(lead());
    const patternsSeen = new Set(cells.map((cell) => cell.key.pattern));
    expect([...patternsSeen].sort((a, b) => a - b)).toEqual(
      PATTERNS.filter((p) => !p.dims.includes('team')).map((p) => p.id),
    );
    const targets = cells.filter((cell) => cell.key.pattern === 7 && cell.key.month === 202502);
    expect(targets.map((cell) => cell.key.category).sort()).toEqual(['all', 'five50_top500']);
    expect(targets.every((cell) => cell.key.regionCode === '450102' && cell.key.clusterCode === '')).toBe(true);
    expect(contributions(lead({ credited: false }))).toEqual([]);
  });

  it('moves a lead between units as one subtraction and one addition, and nets out what did not change', () => {
    const before = lead();
    const after = lead({ regionCode: '450103' });
    const deltas = cellDeltas([{ before, after }]);
    // Only cells keyed by unit change: the city, cluster, source, ownership and chamber roll-ups stay as they were.
    expect(new Set(deltas.map((cell) => cell.key.pattern))).toEqual(
      new Set(PATTERNS.filter((p) => p.dims.includes('unit')).map((p) => p.id)),
    );
    const moved = deltas.filter((cell) => cell.key.pattern === 0 && cell.key.basis === 0);
    expect(moved.map((cell) => [cell.key.regionCode, m(cell.measures, 'n_lead')])).toEqual([
      ['450102', -1],
      ['450103', 1],
    ]);
    expect(cellDeltas([{ before, after: before }])).toEqual([]);
    // Merged into another lead: everything it added goes, cell for cell.
    const merged = cellDeltas([{ before, after: lead({ credited: false }) }]);
    const added = cellDeltas([{ before: null, after: before }]);
    expect(merged.length).toBeGreaterThan(0);
    expect(merged).toEqual(
      added.map((cell) => ({ key: cell.key, measures: cell.measures.map((value) => (value === 0 ? 0 : -value)) })),
    );
  });

  it('counts 完成投资 at its month and the end of building at its own month', () => {
    const building = lead({
      reached: { ...lead().reached, construction: at('2025-04-02'), production: at('2026-03-10') },
      investedByMonth: { '202505': 12_500, '202601': 7_500 },
      constructionEndedAt: at('2026-03-10'),
    });
    const flow = measuresByMonth(building, 'flow');
    expect(m(flow.get(202505)!, 'invested')).toBe(12_500);
    expect(m(flow.get(202601)!, 'invested')).toBe(7_500);
    expect(m(flow.get(202603)!, 'n_construction_ended')).toBe(1);
    // The cohort view puts everything at the month the lead was created.
    const cohort = measuresByMonth(building, 'cohort').get(202501)!;
    expect([m(cohort, 'invested'), m(cohort, 'n_construction_ended')]).toEqual([20_000, 1]);
    const stillBuilding = lead({ reached: { ...lead().reached, construction: at('2025-04-02') } });
    expect([...measuresByMonth(stillBuilding, 'flow').values()].some((x) => m(x, 'n_construction_ended') > 0)).toBe(
      false,
    );
  });

  it('ends building at the last move out of construction that did not come back', () => {
    const source = (stage: string, moves: Array<[string, string]>): FactsSource => ({
      lead: {
        id: '3',
        regionCode: '450102',
        cityCode: '450100',
        clusterCode: 'auto',
        sourceKind: 'visit',
        ownership: 'private',
        sourceChamberId: null,
        stage: stage as FactsSource['lead']['stage'],
        mergedIntoLeadId: null,
        expectedInvestment: null,
        signedAmount: '2.0000',
        categories: [],
        createdAt: at('2025-01-02'),
      },
      events: moves.map(([toStage, date], index) => ({
        fromStage: (index === 0 ? null : moves[index - 1][0]) as FactsSource['lead']['stage'] | null,
        toStage: toStage as FactsSource['lead']['stage'],
        at: at(date),
      })),
      funds: [],
      investments: [],
      teamId: null,
    });
    const ended = (stage: string, moves: Array<[string, string]>) => factsOf(source(stage, moves)).constructionEndedAt;
    const start: Array<[string, string]> = [
      ['lead', '2025-01-02'],
      ['signed', '2025-02-01'],
      ['construction', '2025-03-01'],
    ];
    expect(ended('construction', start)).toBeNull();
    expect(ended('production', [...start, ['production', '2025-09-01']])).toEqual(at('2025-09-01'));
    // Moved back from production: building again. A hold keeps it building; a loss from the hold ends it.
    expect(ended('construction', [...start, ['production', '2025-09-01'], ['construction', '2025-09-03']])).toBeNull();
    expect(ended('on_hold', [...start, ['on_hold', '2025-05-01']])).toBeNull();
    expect(ended('lost', [...start, ['on_hold', '2025-05-01'], ['lost', '2025-06-01']])).toEqual(at('2025-06-01'));
    // Moved back before construction: it stopped building then.
    expect(ended('signed', [...start, ['signed', '2025-04-01']])).toEqual(at('2025-04-01'));
    expect(ended('signed', start.slice(0, 2))).toBeNull();
  });

  it('counts a claimed stage once confirmed, shows it beside while it waits, and never after it was sent back', () => {
    const source = (events: FactsSource['events'], stage: FactsSource['lead']['stage']): FactsSource => ({
      lead: {
        id: '12',
        regionCode: '450102',
        cityCode: '450100',
        clusterCode: 'auto',
        sourceKind: 'visit',
        ownership: 'private',
        sourceChamberId: null,
        stage,
        mergedIntoLeadId: null,
        expectedInvestment: '5.0000',
        signedAmount: '4.0000',
        categories: [],
        createdAt: at('2025-01-02'),
      },
      events,
      funds: [],
      investments: [],
      teamId: null,
    });
    const base: FactsSource['events'] = [
      { fromStage: null, toStage: 'lead', at: at('2025-01-02') },
      { fromStage: 'lead', toStage: 'negotiating', at: at('2025-01-10') },
    ];
    const claimed = (confirmation: 'pending' | 'confirmed' | 'returned') => ({
      fromStage: 'negotiating' as const,
      toStage: 'signed' as const,
      at: at('2025-02-20'),
      confirmation,
    });
    const waiting = factsOf(source([...base, claimed('pending')], 'signed'));
    expect(waiting.reached.signed).toBeUndefined();
    expect(waiting.pending).toEqual({ signed: at('2025-02-20') });
    const flow = measuresByMonth(waiting, 'flow').get(202502)!;
    expect([m(flow, 'n_signed'), m(flow, 'p_signed'), m(flow, 'pa_signed')]).toEqual([0, 1, 40_000]);
    const row = {
      leadId: '12',
      credited: 1,
      regionCode: '450102',
      cityCode: '450100',
      clusterCode: 'auto',
      sourceKind: 'visit',
      ownership: 'private',
      chamberId: '0',
      teamId: '0',
      leadCreatedAt: waiting.createdAt,
      facts: JSON.stringify(storeFacts(waiting)),
    };
    expect(factsFromRow(row)).toEqual(waiting);

    const confirmed = factsOf(source([...base, claimed('confirmed')], 'signed'));
    expect(confirmed.reached.signed).toEqual(at('2025-02-20'));
    expect(confirmed.pending).toEqual({});
    expect(m(measuresByMonth(confirmed, 'flow').get(202502)!, 'n_signed')).toBe(1);

    const back = { fromStage: 'signed' as const, toStage: 'negotiating' as const, at: at('2025-02-25') };
    const returned = factsOf(source([...base, claimed('returned'), back], 'negotiating'));
    expect(returned.reached.signed).toBeUndefined();
    expect(returned.pending).toEqual({});
    expect(measuresByMonth(returned, 'flow').get(202502)).toBeUndefined();
  });

  it('derives facts from events: first entries, resume, lost-from, and keeps them through storage', () => {
    const source: FactsSource = {
      lead: {
        id: '9',
        regionCode: '450102',
        cityCode: '450100',
        clusterCode: 'auto',
        sourceKind: 'visit',
        ownership: 'foreign',
        sourceChamberId: null,
        stage: 'lost',
        mergedIntoLeadId: null,
        expectedInvestment: '5.0000',
        signedAmount: null,
        categories: ['sbsx_planning'],
        createdAt: at('2025-01-20'),
      },
      events: [
        { fromStage: null, toStage: 'lead', at: at('2025-01-20') },
        { fromStage: 'lead', toStage: 'contacted', at: at('2025-01-25') },
        { fromStage: 'contacted', toStage: 'site_visit', at: at('2025-01-25') },
        { fromStage: 'site_visit', toStage: 'on_hold', at: at('2025-02-10') },
        { fromStage: 'on_hold', toStage: 'site_visit', at: at('2025-03-01') },
        { fromStage: 'site_visit', toStage: 'contacted', at: at('2025-03-02') },
        { fromStage: 'contacted', toStage: 'lost', at: at('2025-03-05') },
      ],
      funds: [],
      investments: [],
      teamId: '4',
    };
    const facts = factsOf(source);
    expect(facts.reached.site_visit).toEqual(at('2025-01-25'));
    expect(facts.reached.contacted).toEqual(at('2025-01-25'));
    expect(facts.resumedAt).toEqual(at('2025-03-01'));
    expect([facts.lostFrom, facts.teamId, facts.chamberId, facts.expectedUnits]).toEqual([
      'contacted',
      '4',
      '0',
      50_000,
    ]);
    expect(facts.investedByMonth).toEqual({});
    const investments = [
      { month: 202503, amount: '0.5000' },
      { month: 202504, amount: '1.2500' },
    ];
    // 完成投资 belongs to a construction: it counts once the project's start is confirmed, not before.
    expect(factsOf({ ...source, investments }).investedByMonth).toEqual({});
    const building: FactsSource['events'] = [
      ...source.events.slice(0, 3),
      { fromStage: 'site_visit', toStage: 'construction', at: at('2025-02-01') },
    ];
    const withInvestment = factsOf({
      ...source,
      lead: { ...source.lead, stage: 'construction' },
      events: building,
      investments,
    });
    expect(withInvestment.investedByMonth).toEqual({ '202503': 5_000, '202504': 12_500 });
    const stored = storeFacts(facts);
    const row = {
      leadId: '9',
      credited: 1,
      regionCode: '450102',
      cityCode: '450100',
      clusterCode: 'auto',
      sourceKind: 'visit',
      ownership: 'foreign',
      chamberId: '0',
      teamId: '4',
      leadCreatedAt: facts.createdAt,
      facts: JSON.stringify(stored),
    };
    expect(factsFromRow(row)).toEqual(facts);
    expect(factsFromRow({ ...row, facts: JSON.stringify(storeFacts(withInvestment)) })).toEqual(withInvestment);
    const ended = { ...facts, constructionEndedAt: at('2025-03-04') };
    expect(factsFromRow({ ...row, facts: JSON.stringify(storeFacts(ended)) })).toEqual(ended);
  });
});
