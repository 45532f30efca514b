import type { NormalizationOptions, Normalizer } from '../model/identity-resolution.ts';
import type { Scalar } from '../model/json.ts';

/**
 * Normalizers of identity resolution: each maps a raw value to the key two records must share to
 * match, or undefined when the value cannot take part in matching (empty, malformed). Pure.
 */

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/;
const GMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com']);
/** E.164 allows at most 15 digits; fewer than 7 is a fragment, not a number. */
const PHONE_DIGITS_MIN = 7;
const PHONE_DIGITS_MAX = 15;
// "ext. 12", "x12", "#12" at the end of a phone number: an extension, not part of the number.
const PHONE_EXTENSION = /\s*(?:ext\.?|extension|x|#)\s*\d+\s*$/i;
const COMBINING_MARKS = /\p{M}+/gu;

/** The text of a scalar value, trimmed; undefined for null, empty text and booleans-as-keys. */
export function textOf(value: Scalar | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  const t = (typeof value === 'string' ? value : String(value)).trim();
  return t === '' ? undefined : t;
}

/** Why an email is not shaped like one (local@domain.tld), or undefined when it is. */
export function emailProblem(raw: string): string | undefined {
  return EMAIL_SHAPE.test(raw.trim()) ? undefined : 'is not an email address (local@domain.tld)';
}

/**
 * Email: trimmed and lower-cased. With `stripPlusAddressing`, "jane+news@x.com" is "jane@x.com";
 * with `gmailDots`, dots in a Gmail local part are dropped and googlemail.com is gmail.com.
 */
export function normalizeEmail(
  raw: string,
  opts: Pick<NormalizationOptions, 'stripPlusAddressing' | 'gmailDots'>,
): string | undefined {
  const t = raw.trim().toLowerCase();
  if (!EMAIL_SHAPE.test(t)) return undefined;
  const at = t.lastIndexOf('@');
  let local = t.slice(0, at);
  let domain = t.slice(at + 1);
  if (opts.stripPlusAddressing) {
    const plus = local.indexOf('+');
    if (plus > 0) local = local.slice(0, plus);
  }
  if (opts.gmailDots && GMAIL_DOMAINS.has(domain)) {
    local = local.replace(/\./g, '');
    domain = 'gmail.com';
    if (local === '') return undefined;
  }
  return `${local}@${domain}`;
}

/** The calling code of the options, digits only ("+44" → "44"). */
const callingCode = (code: string): string => code.replace(/^\+/, '');

/** Why a phone number cannot be normalized (letters, too few or too many digits), or undefined. */
export function phoneProblem(raw: string): string | undefined {
  const s = raw.replace(PHONE_EXTENSION, '');
  if (/[A-Za-z]/.test(s)) return 'is not a phone number (it has letters)';
  // An international prefix (00, 011) is not part of the number.
  const digits = s.replace(/\D/g, '').replace(/^(?:00|011)/, '').length;
  if (digits < PHONE_DIGITS_MIN)
    return `is not a phone number (${digits} digit${digits === 1 ? '' : 's'}; at least ${PHONE_DIGITS_MIN})`;
  if (digits > PHONE_DIGITS_MAX)
    return `is not a phone number (${digits} digits; at most ${PHONE_DIGITS_MAX} with the country code)`;
  return undefined;
}

/**
 * Phone: "+" and digits with the country code (E.164-like), e.g. "(212) 555-0123" → "+12125550123"
 * with default country code 1.
 * 1. Drop an extension and a "(0)" trunk marker ("+44 (0)20 ...").
 * 2. Keep digits; a leading "+" means the country code is there.
 * 3. Without "+": "00" (and "011" in North America) is the international prefix; a single leading
 *    0 is the national trunk prefix, replaced by the default country code; 11 digits starting
 *    with 1 in North America already hold it; anything else gets the default country code.
 * 4. Refuse results outside 7–15 digits, and North American ones (+1) without 10 digits after the 1.
 */
export function normalizePhone(
  raw: string,
  opts: Pick<NormalizationOptions, 'defaultCountryCode'>,
): string | undefined {
  // 1.
  const s = raw
    .replace(PHONE_EXTENSION, '')
    .replace(/\(\s*0\s*\)/g, '')
    .trim();
  if (s === '' || /[A-Za-z]/.test(s)) return undefined;
  // 2.
  const hasPlus = /^\(?\s*\+/.test(s);
  const digits = s.replace(/\D/g, '');
  if (digits === '') return undefined;
  const cc = callingCode(opts.defaultCountryCode);
  // 3.
  let e164: string;
  if (hasPlus) e164 = digits;
  else if (digits.startsWith('00')) e164 = digits.slice(2);
  else if (cc === '1' && digits.startsWith('011')) e164 = digits.slice(3);
  else if (cc === '1' && digits.length === 11 && digits.startsWith('1')) e164 = digits;
  else if (digits.startsWith('0')) e164 = cc + digits.slice(1);
  else e164 = cc + digits;
  // 4. (North American numbers — country code 1 — always have 10 digits after it.)
  if (e164.length < PHONE_DIGITS_MIN || e164.length > PHONE_DIGITS_MAX || e164.startsWith('0')) return undefined;
  if (e164.startsWith('1') && e164.length !== 11) return undefined;
  return `+${e164}`;
}

/** Name: letters and digits only, accents and case folded ("O'Brien" → "obrien", "José" → "jose"). */
export function normalizeName(raw: string): string | undefined {
  const t = raw
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
  return t === '' ? undefined : t;
}

/** Text: compatibility-normalized, case folded, whitespace collapsed. */
export function normalizeText(raw: string): string | undefined {
  const t = raw.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  return t === '' ? undefined : t;
}

/** Postcode: upper-case without spaces, dots or dashes ("sw1a 1aa" → "SW1A1AA"). */
export function normalizePostcode(raw: string): string | undefined {
  const t = raw.toUpperCase().replace(/[\s.-]+/g, '');
  return t === '' ? undefined : t;
}

/** Normalizes one value with one normalizer; undefined when it cannot take part in matching. */
export function normalizeValue(
  kind: Normalizer,
  value: Scalar | undefined,
  opts: NormalizationOptions,
): string | undefined {
  const text = textOf(value);
  if (text === undefined) return undefined;
  switch (kind) {
    case 'email':
      return normalizeEmail(text, opts);
    case 'phone':
      return normalizePhone(text, opts);
    case 'name':
      return normalizeName(text);
    case 'text':
      return normalizeText(text);
    case 'exact':
      return text;
    case 'postcode':
      return normalizePostcode(text);
  }
}
