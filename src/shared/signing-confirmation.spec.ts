import { DEFAULT_CONFIRMATION_RULES, missingRequirements } from './signing-confirmation';

describe('signing confirmation requirements', () => {
  const lead = {
    signedAt: new Date(),
    signedAmount: '6.5000',
    parkId: null,
    parkName: '南宁高新区',
    expectedInvestment: null,
    constructionStartedAt: null,
    producedAt: null,
  };

  it('asks of a signing its date, amount and site by default, a park or a named place either way', () => {
    expect(DEFAULT_CONFIRMATION_RULES.signed).toEqual(['signedAt', 'signedAmount', 'site']);
    expect(missingRequirements(DEFAULT_CONFIRMATION_RULES, ['signed'], lead)).toEqual([]);
    expect(missingRequirements(DEFAULT_CONFIRMATION_RULES, ['signed'], { ...lead, parkName: '' })).toEqual(['site']);
    expect(
      missingRequirements(DEFAULT_CONFIRMATION_RULES, ['signed'], { ...lead, parkName: null, parkId: '3' }),
    ).toEqual([]);
  });

  it('joins the rules of every stage a claim enters, in catalogue order', () => {
    const rules = { ...DEFAULT_CONFIRMATION_RULES, signed: ['expectedInvestment', 'signedAt'] as const };
    expect(missingRequirements(rules, ['signed', 'construction'], { ...lead, signedAt: null })).toEqual([
      'signedAt',
      'expectedInvestment',
      'constructionStartedAt',
    ]);
  });
});
