import { describe, expect, it } from 'vitest';
import {
  emailProblem,
  normalizeEmail,
  normalizeName,
  normalizePhone,
  normalizePostcode,
  normalizeText,
  normalizeValue,
  phoneProblem,
} from '../../../engine/identity/index.ts';
import { ruleset } from './factories.ts';

const plain = { stripPlusAddressing: false, gmailDots: false };

describe('email normalization', () => {
  it.each([
    ['  Jane.Doe@Example.COM ', plain, 'jane.doe@example.com'],
    ['JANE+news@example.com', plain, 'jane+news@example.com'],
    ['jane+news@example.com', { ...plain, stripPlusAddressing: true }, 'jane@example.com'],
    ['+news@example.com', { ...plain, stripPlusAddressing: true }, '+news@example.com'],
    ['J.a.n.e@GMAIL.com', plain, 'j.a.n.e@gmail.com'],
    ['J.a.n.e@GMAIL.com', { ...plain, gmailDots: true }, 'jane@gmail.com'],
    ['jane.doe@googlemail.com', { ...plain, gmailDots: true }, 'janedoe@gmail.com'],
    ['jane.doe+x@googlemail.com', { stripPlusAddressing: true, gmailDots: true }, 'janedoe@gmail.com'],
    ['jane.doe@example.com', { ...plain, gmailDots: true }, 'jane.doe@example.com'],
    ['jane@', plain, undefined],
    ['jane@example', plain, undefined],
    ['jane doe@example.com', plain, undefined],
    ['@example.com', plain, undefined],
    ['', plain, undefined],
  ])('%j with %j → %j', (raw, opts, expected) => {
    expect(normalizeEmail(raw, opts)).toBe(expected);
  });

  it.each([
    ['jane@example.com', undefined],
    [' jane@example.com ', undefined],
    ['jane@', 'is not an email address (local@domain.tld)'],
    ['jane.example.com', 'is not an email address (local@domain.tld)'],
  ])('shape of %j', (raw, problem) => {
    expect(emailProblem(raw)).toBe(problem);
  });
});

describe('phone normalization (E.164-like)', () => {
  it.each([
    ['(212) 555-0123', '1', '+12125550123'],
    ['212.555.0123', '1', '+12125550123'],
    ['1-212-555-0123', '1', '+12125550123'],
    ['+1 212 555 0123', '1', '+12125550123'],
    ['+1 (212) 555-0123 ext. 45', '1', '+12125550123'],
    ['212-555-0123 x45', '1', '+12125550123'],
    ['011 44 20 7946 0958', '1', '+442079460958'],
    ['+44 (0)20 7946 0958', '1', '+442079460958'],
    ['020 7946 0958', '44', '+442079460958'],
    ['0044 20 7946 0958', '49', '+442079460958'],
    ['07700 900123', '+44', '+447700900123'],
    ['0151 23456789', '49', '+4915123456789'],
    ['+12125550123', '44', '+12125550123'],
    ['555-0123', '1', undefined],
    ['555-0123', '49', '+495550123'],
    ['12345', '1', undefined],
    ['1-800-FLOWERS', '1', undefined],
    ['+1 212 555 0123 4567 8901', '1', undefined],
    ['', '1', undefined],
  ])('%j with default country code %s → %j', (raw, cc, expected) => {
    expect(normalizePhone(raw, { defaultCountryCode: cc })).toBe(expected);
  });

  it.each([
    ['(212) 555-0123', undefined],
    ['+44 20 7946 0958', undefined],
    ['0044 20 7946 0958', undefined],
    ['12345', 'is not a phone number (5 digits; at least 7)'],
    ['1-800-FLOWERS', 'is not a phone number (it has letters)'],
    ['+1 212 555 0123 4567 8901', 'is not a phone number (19 digits; at most 15 with the country code)'],
  ])('shape of %j', (raw, problem) => {
    expect(phoneProblem(raw)).toBe(problem);
  });
});

describe('name, text and postcode normalization', () => {
  it.each([
    ["O'Brien", 'obrien'],
    ['  José   García ', 'josegarcia'],
    ['MÜLLER', 'muller'],
    ['Anne-Marie', 'annemarie'],
    ['Łukasz', 'łukasz'],
    ['---', undefined],
  ])('name %j → %j', (raw, expected) => {
    expect(normalizeName(raw)).toBe(expected);
  });

  it.each([
    ['  Gold   Member ', 'gold member'],
    ['ＡＢＣ１２３', 'abc123'],
    ['   ', undefined],
  ])('text %j → %j', (raw, expected) => {
    expect(normalizeText(raw)).toBe(expected);
  });

  it.each([
    ['sw1a 1aa', 'SW1A1AA'],
    ['10115', '10115'],
    ['02139-4307', '021394307'],
  ])('postcode %j → %j', (raw, expected) => {
    expect(normalizePostcode(raw)).toBe(expected);
  });
});

describe('normalizeValue', () => {
  const opts = ruleset().normalization;
  it.each([
    ['exact', ' L-0001 ', 'L-0001'],
    ['exact', 12345, '12345'],
    ['text', true, 'true'],
    ['email', null, undefined],
    ['phone', '', undefined],
    ['name', undefined, undefined],
    ['phone', 2125550123, '+12125550123'],
  ] as const)('%s of %j → %j', (kind, value, expected) => {
    expect(normalizeValue(kind, value, opts)).toBe(expected);
  });
});
