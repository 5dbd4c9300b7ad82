import { ValidationError } from 'class-validator';
import { MAX_BODY_DEPTH, structuralProblem, validationDetails } from './validation-pipe';

describe('validationDetails', () => {
  it('flattens nested errors into dotted field paths, one detail per rule', () => {
    const contact = Object.assign(new ValidationError(), {
      property: 'phone',
      constraints: { matches: 'phone must be a phone number' },
    });
    const item = Object.assign(new ValidationError(), { property: '0', children: [contact] });
    const contacts = Object.assign(new ValidationError(), { property: 'contacts', children: [item] });
    const amount = Object.assign(new ValidationError(), {
      property: 'expectedInvestment',
      constraints: {
        min: 'expectedInvestment must not be less than 0',
        isNumber: 'expectedInvestment must be a number',
      },
    });
    const extra = Object.assign(new ValidationError(), {
      property: 'hack',
      constraints: { whitelistValidation: 'property hack should not exist' },
    });
    expect(validationDetails([contacts, amount, extra])).toEqual([
      { field: 'contacts.0.phone', constraint: 'matches', message: 'must be a phone number' },
      { field: 'expectedInvestment', constraint: 'min', message: 'must not be less than 0' },
      { field: 'expectedInvestment', constraint: 'isNumber', message: 'must be a number' },
      { field: 'hack', constraint: 'whitelistValidation', message: 'is not an accepted field' },
    ]);
  });
});

describe('structuralProblem', () => {
  const nested = (depth: number) => {
    let value: unknown = 'x';
    for (let level = 0; level < depth; level++) value = [value];
    return value;
  };

  it('passes ordinary bodies and refuses nesting past the limit, naming the top-level field', () => {
    expect(structuralProblem({ title: 'x', contacts: [{ name: 'a', phones: ['1'] }] })).toBeNull();
    expect(structuralProblem({ title: nested(MAX_BODY_DEPTH - 1) })).toBeNull();
    // Deep enough to overflow a recursive walk: this one keeps its own stack.
    expect(structuralProblem({ title: nested(300_000) })).toEqual({
      field: 'title',
      constraint: 'maxDepth',
      message: `is nested deeper than ${MAX_BODY_DEPTH} levels`,
    });
  });

  it('refuses keys that class-transformer would drop silently because every object inherits them', () => {
    expect(structuralProblem(JSON.parse('{"name":"x","toString":1}'))).toMatchObject({
      field: 'toString',
      constraint: 'whitelistValidation',
    });
    expect(structuralProblem(JSON.parse('{"contacts":[{"constructor":{}}]}'))).toMatchObject({
      field: 'contacts.0.constructor',
    });
    expect(structuralProblem(['toString'])).toBeNull();
  });

  it('refuses text with a lone surrogate, which UTF-8 cannot hold, and keeps whole pairs', () => {
    expect(structuralProblem({ email: 'a\uDFFFb@example.com' })).toMatchObject({
      field: 'email',
      constraint: 'isWellFormed',
    });
    expect(structuralProblem({ notes: ['ok', 'x\uD800'] })).toMatchObject({ field: 'notes.1' });
    expect(structuralProblem({ name: '𠜎😀 e\u0301' })).toBeNull();
  });
});
