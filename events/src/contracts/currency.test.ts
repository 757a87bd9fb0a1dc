import { describe, expect, it } from 'vitest';
import {
  decimalToMinorUnits,
  isCurrencyCode,
  majorFloatToMinorUnits,
  minorUnitExponent,
  minorUnitsToDecimal,
} from './currency.ts';

describe('minorUnitExponent', () => {
  it('given JPY, KWD, BHD and USD, when asked, then returns 0, 3, 3 and the default 2', () => {
    expect(['JPY', 'KWD', 'BHD', 'USD', 'INR'].map(minorUnitExponent)).toEqual([0, 3, 3, 2, 2]);
  });
});

describe('isCurrencyCode', () => {
  it('given three uppercase letters, then accepts; given anything else, then refuses', () => {
    expect(isCurrencyCode('EUR')).toBe(true);
    expect(['eur', 'EURO', 'E1R', '', 42].map(isCurrencyCode)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('decimalToMinorUnits', () => {
  it('given decimals within the currency precision, when converted, then gives exact minor units', () => {
    expect(decimalToMinorUnits('12.5', 'USD')).toBe(1250);
    expect(decimalToMinorUnits('0.07', 'EUR')).toBe(7);
    expect(decimalToMinorUnits('-3.10', 'EUR')).toBe(-310);
    expect(decimalToMinorUnits('500', 'JPY')).toBe(500);
    expect(decimalToMinorUnits('1.234', 'KWD')).toBe(1234);
  });

  it('given more decimals than the currency allows, when converted, then refuses rather than rounds', () => {
    expect(() => decimalToMinorUnits('12.505', 'USD')).toThrow(/more than 2 decimal/);
    expect(() => decimalToMinorUnits('1.5', 'JPY')).toThrow(/more than 0 decimal/);
  });

  it('given a non-decimal or an unsafe amount, when converted, then refuses', () => {
    expect(() => decimalToMinorUnits('1e3', 'USD')).toThrow(/not a decimal/);
    expect(() => decimalToMinorUnits('12,50', 'USD')).toThrow(/not a decimal/);
    expect(() => decimalToMinorUnits('90071992547409.93', 'USD')).toThrow(/too large/);
  });
});

describe('majorFloatToMinorUnits', () => {
  it('given floats with binary artefacts, when converted, then no cent is lost', () => {
    expect(19.99 * 100).not.toBe(1999);
    expect(majorFloatToMinorUnits(19.99, 'USD')).toBe(1999);
    expect(majorFloatToMinorUnits(1.005, 'USD')).toBe(101);
    expect(majorFloatToMinorUnits(0.1 + 0.2, 'EUR')).toBe(30);
  });

  it('given a float with more precision than the currency, when converted, then rounds half away from zero', () => {
    expect(majorFloatToMinorUnits(1234.5, 'JPY')).toBe(1235);
    expect(majorFloatToMinorUnits(-2.345, 'EUR')).toBe(-235);
    expect(majorFloatToMinorUnits(1.2345, 'BHD')).toBe(1235);
    expect(majorFloatToMinorUnits(1e-7, 'USD')).toBe(0);
  });

  it('given a non-finite or huge float, when converted, then refuses', () => {
    expect(() => majorFloatToMinorUnits(Number.NaN, 'USD')).toThrow(RangeError);
    expect(() => majorFloatToMinorUnits(1e21, 'USD')).toThrow(RangeError);
  });
});

describe('minorUnitsToDecimal', () => {
  it('given minor units, when formatted, then uses the currency decimals', () => {
    expect(minorUnitsToDecimal(1250, 'USD')).toBe('12.50');
    expect(minorUnitsToDecimal(-5, 'EUR')).toBe('-0.05');
    expect(minorUnitsToDecimal(500, 'JPY')).toBe('500');
    expect(minorUnitsToDecimal(1, 'KWD')).toBe('0.001');
  });

  it('given a decimal, when converted to minor units and back, then is unchanged', () => {
    for (const [amount, currency] of [
      ['0.01', 'USD'],
      ['123456.78', 'EUR'],
      ['7', 'JPY'],
      ['-9.999', 'KWD'],
    ] as const) {
      expect(minorUnitsToDecimal(decimalToMinorUnits(amount, currency), currency)).toBe(amount);
    }
  });
});
