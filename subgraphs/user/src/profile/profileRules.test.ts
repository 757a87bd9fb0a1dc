import { DomainError } from '@expensio/kit';
import { describe, expect, it } from 'vitest';
import { normalizeEmail, parseNewProfile, parseProfileUpdate } from './profileRules.ts';

function fieldOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError && error.code === 'BAD_USER_INPUT')
      return error.extensions['field'] as string;
    throw error;
  }
  return undefined;
}

describe('profile rules', () => {
  it('given a minimal profile, when parsed, then defaults fill the rest and names are normalized', () => {
    expect(parseNewProfile({ firstName: ' Ada ', username: 'Ada.L' })).toEqual({
      firstName: 'Ada',
      lastName: null,
      username: 'ada.l',
      baseCurrency: 'USD',
      timeZone: 'UTC',
    });
  });

  it('accepts ISO 4217 currencies in any case and IANA zones', () => {
    expect(
      parseNewProfile({
        firstName: 'A',
        username: 'abc',
        baseCurrency: 'inr',
        timeZone: 'Asia/Kolkata',
      }),
    ).toMatchObject({
      baseCurrency: 'INR',
      timeZone: 'Asia/Kolkata',
    });
  });

  it('names the field that is wrong', () => {
    expect(fieldOf(() => parseNewProfile({ firstName: '', username: 'abc' }))).toBe(
      'profile.firstName',
    );
    expect(fieldOf(() => parseNewProfile({ firstName: 'A', username: 'ab' }))).toBe(
      'profile.username',
    );
    expect(fieldOf(() => parseNewProfile({ firstName: 'A', username: '_abc' }))).toBe(
      'profile.username',
    );
    expect(
      fieldOf(() => parseNewProfile({ firstName: 'A', username: 'abc', baseCurrency: 'ABC' })),
    ).toBe('profile.baseCurrency');
    expect(
      fieldOf(() => parseNewProfile({ firstName: 'A', username: 'abc', baseCurrency: 'US' })),
    ).toBe('profile.baseCurrency');
    expect(
      fieldOf(() =>
        parseNewProfile({ firstName: 'A', username: 'abc', timeZone: 'Europe/Nowhere' }),
      ),
    ).toBe('profile.timeZone');
    expect(fieldOf(() => parseNewProfile({ firstName: 'A'.repeat(101), username: 'abc' }))).toBe(
      'profile.firstName',
    );
  });

  it('updates only what is given; lastName null clears it', () => {
    expect(parseProfileUpdate({})).toEqual({});
    expect(parseProfileUpdate({ lastName: null, firstName: null })).toEqual({ lastName: null });
    expect(parseProfileUpdate({ timeZone: 'America/New_York' })).toEqual({
      timeZone: 'America/New_York',
    });
    expect(fieldOf(() => parseProfileUpdate({ baseCurrency: 'EURO' }))).toBe('input.baseCurrency');
  });

  it('normalizes emails and refuses what is not one', () => {
    expect(normalizeEmail('  Ada@Example.COM ')).toBe('ada@example.com');
    expect(fieldOf(() => normalizeEmail('ada@'))).toBe('email');
    expect(fieldOf(() => normalizeEmail(`${'a'.repeat(250)}@x.io`))).toBe('email');
  });
});
