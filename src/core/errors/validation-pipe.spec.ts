import { ValidationError } from 'class-validator';
import { validationDetails } from './validation-pipe';

describe('validationDetails', () => {
  it('flattens nested errors into dotted field paths, one detail per rule', () => {
    const contact = Object.assign(new ValidationError(), { property: 'phone', constraints: { matches: 'phone must be a phone number' } });
    const item = Object.assign(new ValidationError(), { property: '0', children: [contact] });
    const contacts = Object.assign(new ValidationError(), { property: 'contacts', children: [item] });
    const amount = Object.assign(new ValidationError(), {
      property: 'expectedInvestment',
      constraints: { min: 'expectedInvestment must not be less than 0', isNumber: 'expectedInvestment must be a number' },
    });
    const extra = Object.assign(new ValidationError(), { property: 'hack', constraints: { whitelistValidation: 'property hack should not exist' } });
    expect(validationDetails([contacts, amount, extra])).toEqual([
      { field: 'contacts.0.phone', constraint: 'matches', message: 'must be a phone number' },
      { field: 'expectedInvestment', constraint: 'min', message: 'must not be less than 0' },
      { field: 'expectedInvestment', constraint: 'isNumber', message: 'must be a number' },
      { field: 'hack', constraint: 'whitelistValidation', message: 'is not an accepted field' },
    ]);
  });
});
