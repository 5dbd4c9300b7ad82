import { allowedTransitions, missingFields, PIPELINE, planTransition, Stage, STAGES } from './lead-stages';

describe('lead stage machine', () => {
  it('moves forward to any later stage, recording the skipped ones', () => {
    expect(planTransition('lead', 'contacted', null)).toEqual({
      kind: 'forward',
      entered: ['contacted'],
      needsReason: false,
    });
    expect(planTransition('contacted', 'signed', null)).toEqual({
      kind: 'forward',
      entered: ['site_visit', 'negotiating', 'signed'],
      needsReason: false,
    });
  });

  it('moves back one stage only, with a reason', () => {
    expect(planTransition('negotiating', 'site_visit', null)).toEqual({
      kind: 'back',
      entered: ['site_visit'],
      needsReason: true,
    });
    expect(planTransition('negotiating', 'contacted', null)).toBeNull();
    expect(planTransition('lead', 'lead', null)).toBeNull();
  });

  it('puts any open stage on hold or loses it, with a reason; production is final', () => {
    for (const stage of PIPELINE.slice(0, -1)) {
      expect(planTransition(stage, 'on_hold', null)?.needsReason).toBe(true);
      expect(planTransition(stage, 'lost', null)?.needsReason).toBe(true);
    }
    expect(planTransition('production', 'on_hold', null)).toBeNull();
    expect(planTransition('production', 'lost', null)).toBeNull();
    expect(allowedTransitions('production', null)).toEqual(['construction']);
  });

  it('resumes from on_hold only to the stage it left, and never leaves lost', () => {
    expect(allowedTransitions('on_hold', 'negotiating')).toEqual(['negotiating', 'lost']);
    expect(planTransition('on_hold', 'negotiating', 'negotiating')?.kind).toBe('resume');
    expect(planTransition('on_hold', 'signed', 'negotiating')).toBeNull();
    expect(allowedTransitions('lost', null)).toEqual([]);
    for (const to of STAGES) expect(planTransition('lost', to as Stage, null)).toBeNull();
  });

  it('asks for the target stage’s fields, and for the contract when signing is skipped', () => {
    const has = (fields: string[]) => (field: string) => fields.includes(field);
    expect(missingFields(planTransition('lead', 'site_visit', null)!, has([]))).toEqual(['siteVisitAt']);
    expect(missingFields(planTransition('negotiating', 'signed', null)!, has(['signedAt', 'parkName']))).toEqual([
      'signedAmount',
    ]);
    expect(missingFields(planTransition('negotiating', 'construction', null)!, has(['constructionStartedAt']))).toEqual(
      ['signedAt', 'signedAmount', 'parkId|parkName'],
    );
    expect(missingFields(planTransition('signed', 'production', null)!, has(['producedAt']))).toEqual([]);
    expect(missingFields(planTransition('contacted', 'lost', null)!, has([]))).toEqual([]);
    expect(missingFields(planTransition('on_hold', 'signed', 'signed')!, has([]))).toEqual([]);
  });
});
