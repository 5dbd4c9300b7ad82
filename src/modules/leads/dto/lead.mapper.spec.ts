import { JurisdictionScope } from '../../../core/auth/jurisdiction-scope';
import { StallJudge } from '../../stall-rules/stall-judge';
import { LeadRow, mapLead } from './lead.mapper';

const lead = (overrides: Partial<LeadRow> = {}): LeadRow =>
  ({
    id: '7',
    companyId: '3',
    companyName: '深圳市惠科电子有限公司',
    ownership: 'private',
    title: '惠科北海项目',
    clusterCode: 'electronics',
    segmentCode: null,
    sourceKind: 'chamber',
    sourceChamberId: '2',
    sourceVisitId: null,
    sourceNote: null,
    expectedInvestment: '30.0000',
    landNeedMu: null,
    factoryNeedSqm: null,
    categories: [],
    regionCode: '450512',
    cityCode: '450500',
    ownerUserId: '1',
    nextFollowUpAt: null,
    confidential: true,
    codeName: '北部湾一号',
    stage: 'signed',
    stageBeforeHold: null,
    stageEnteredAt: new Date('2026-11-01T00:00:00Z'),
    siteVisitAt: null,
    signedAt: new Date('2026-11-01T00:00:00Z'),
    signedAmount: '25.0000',
    parkId: null,
    parkName: '惠科电子北海产业新城',
    constructionStartedAt: null,
    producedAt: null,
    lostReason: null,
    chamberFeedbackDueAt: null,
    chamberFeedbackGivenAt: null,
    fundsReceivedTotal: '5.0000',
    investmentCompletedTotal: '1.5000',
    createdBy: '1',
    version: 3,
    createdAt: new Date('2026-10-01T00:00:00Z'),
    updatedAt: new Date('2026-11-01T00:00:00Z'),
    lastActivityAt: new Date('2026-11-01T00:00:00Z'),
    ...overrides,
  }) as LeadRow;

const scope = (regionCode: string, cityCode: string | null) => JurisdictionScope.of({ regionCode, cityCode });

const VIEW = {
  stall: new StallJudge(
    {
      version: 1,
      tierAMinYi: 10,
      tierBMinYi: 1,
      slipDueDays: 5,
      rules: [{ stage: 'lead', tier: 'A', yellowDays: 20, redDays: 40, dropDays: null }],
    },
    new Date('2026-11-27T00:00:00Z'),
  ),
};

describe('mapLead', () => {
  it('shows a confidential lead’s company to its chain: the holding county, its city and the region', () => {
    for (const viewer of [scope('450512', '450500'), scope('450500', '450500'), scope('450000', null)]) {
      expect(mapLead(lead(), viewer, VIEW)).toMatchObject({
        masked: false,
        companyName: '深圳市惠科电子有限公司',
        companyId: '3',
        title: '惠科北海项目',
      });
    }
  });

  it('shows the code name, and no company, to anyone outside the chain', () => {
    for (const viewer of [scope('450502', '450500'), scope('450100', '450100'), scope('450102', '450100')]) {
      const mapped = mapLead(lead(), viewer, VIEW);
      expect(mapped).toMatchObject({ masked: true, companyName: '北部湾一号', companyId: null, title: '北部湾一号' });
      expect(JSON.stringify(mapped)).not.toContain('惠科电子有限公司');
    }
    expect(mapLead(lead({ confidential: false }), scope('450100', '450100'), VIEW).masked).toBe(false);
  });

  it('sends amounts as numbers and the share of the signed amount received', () => {
    expect(mapLead(lead(), scope('450000', null), VIEW)).toMatchObject({
      expectedInvestment: 30,
      signedAmount: 25,
      fundsReceivedTotal: 5,
      fundsReceivedShare: 0.2,
      investmentCompletedTotal: 1.5,
    });
  });
});
