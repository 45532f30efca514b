import { DAY_MS, isoOf } from '../model/time.ts';
import type { Individual } from '../model/profile.ts';
import type { Scalar } from '../model/json.ts';
import type { SampleContext } from './context.ts';
import { COUNTRIES } from './countries.ts';
import { NAMES, asciiSlug } from './names.ts';
import { createRng, createSampler, deriveSeed } from './random.ts';
import { STREAM } from './streams.ts';
import { traitsOf, type ShopperTraits } from './traits.ts';

/** Zero-padded individual id: ind_000001 (at least six digits, more for larger data sets). */
export const individualId = (index: number, count: number): string =>
  `ind_${String(index + 1).padStart(Math.max(6, String(count).length), '0')}`;

const drawCountry = createSampler(COUNTRIES.map((c) => c.weight));
const drawCity = COUNTRIES.map((c) => createSampler(c.cities.map(([, w]) => w)));
const GENDERS = ['female', 'male', 'nonbinary', undefined] as const;
const GENDER_WEIGHTS = [48, 45, 2, 5];
const EMAIL_DOMAINS = ['example.com', 'example.net', 'example.org'];
const EMAIL_DOMAIN_WEIGHTS = [60, 20, 20];
/** Odd and not a multiple of 5, so index → index × M mod 10^k is a bijection: phone numbers never repeat. */
const PHONE_MULTIPLIER = 7_654_321;

function phoneNumber(index: number, country: (typeof COUNTRIES)[number], prefix: string, seed: number): string {
  const modulus = 10 ** country.subscriberDigits;
  const subscriber = (index * PHONE_MULTIPLIER + (deriveSeed(seed, STREAM.profile) % modulus)) % modulus;
  return `${country.callingCode}${prefix}${String(subscriber).padStart(country.subscriberDigits, '0')}`;
}

/** The unified individual at `index`, with the traits behind it. */
export function shopperAt(ctx: SampleContext, index: number): { individual: Individual; traits: ShopperTraits } {
  const traits = traitsOf(ctx, index);
  const rng = createRng(deriveSeed(ctx.seed, index, STREAM.profile));
  // 1. Where they live and what they are called.
  const country = COUNTRIES[drawCountry(rng)]!;
  const city = country.cities[drawCity[COUNTRIES.indexOf(country)]!(rng)]![0];
  const gender = GENDERS[rng.weightedIndex(GENDER_WEIGHTS)];
  const names = NAMES[country.locale];
  const firstName = rng.pick(
    gender === 'female' ? names.female : gender === 'male' ? names.male : rng.chance(0.5) ? names.female : names.male,
  );
  const lastName = rng.pick(names.last);
  // 2. Contact details: unique by construction (the id number is in the e-mail, the index in the phone).
  const email = `${asciiSlug(firstName)}.${asciiSlug(lastName)}${index + 1}@${EMAIL_DOMAINS[rng.weightedIndex(EMAIL_DOMAIN_WEIGHTS)]}`;
  const phone = phoneNumber(index, country, rng.pick(country.mobilePrefixes), ctx.seed);
  // 3. Age 18–85, mostly 25–55.
  const ageYears = Math.min(85, Math.max(18, rng.normal(40, 13)));
  const birthDate = isoOf(ctx.nowMs - ageYears * 365.25 * DAY_MS).slice(0, 10);
  const emailOptIn = rng.chance(traits.tier === 'None' ? 0.66 : 0.82);
  const attributes: Record<string, Scalar> = { firstName, lastName, email, phone };
  if (gender !== undefined) attributes['gender'] = gender;
  Object.assign(attributes, {
    birthDate,
    country: country.code,
    city,
    loyaltyTier: traits.tier,
    emailOptIn,
    createdAt: isoOf(traits.createdMs),
  });
  return { individual: { id: individualId(index, ctx.individualCount), attributes }, traits };
}
