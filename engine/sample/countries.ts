/** Where the sample's shoppers live: countries (weighted), their cities and phone formats. */
export type Locale = 'en' | 'de' | 'fr' | 'es' | 'it' | 'nl' | 'sv';

export interface CountrySpec {
  code: string;
  weight: number;
  locale: Locale;
  /** Country calling code, e.g. "+1". */
  callingCode: string;
  /** Leading digits of mobile numbers (area codes for NANP countries). */
  mobilePrefixes: readonly string[];
  /** Digits after the prefix (7 or 8), so numbers have their country's length. */
  subscriberDigits: 7 | 8;
  /** Cities with relative weights. */
  cities: readonly (readonly [string, number])[];
}

export const COUNTRIES: readonly CountrySpec[] = [
  {
    code: 'US',
    weight: 42,
    locale: 'en',
    callingCode: '+1',
    subscriberDigits: 7,
    mobilePrefixes: ['212', '312', '415', '512', '617', '206', '303', '404', '305', '213', '503', '612'],
    cities: [
      ['New York', 9],
      ['Los Angeles', 6],
      ['Chicago', 5],
      ['Houston', 3],
      ['Phoenix', 2],
      ['Philadelphia', 2],
      ['San Diego', 2],
      ['Dallas', 2],
      ['Austin', 2],
      ['Seattle', 3],
      ['Denver', 2],
      ['Boston', 3],
      ['Atlanta', 2],
      ['Miami', 2],
      ['Portland', 2],
      ['Minneapolis', 1],
    ],
  },
  {
    code: 'GB',
    weight: 14,
    locale: 'en',
    callingCode: '+44',
    subscriberDigits: 8,
    mobilePrefixes: ['74', '75', '77', '78', '79'],
    cities: [
      ['London', 10],
      ['Manchester', 3],
      ['Birmingham', 3],
      ['Leeds', 2],
      ['Glasgow', 2],
      ['Bristol', 2],
      ['Edinburgh', 2],
      ['Liverpool', 2],
    ],
  },
  {
    code: 'DE',
    weight: 10,
    locale: 'de',
    callingCode: '+49',
    subscriberDigits: 8,
    mobilePrefixes: ['151', '160', '170', '171', '176'],
    cities: [
      ['Berlin', 6],
      ['Hamburg', 3],
      ['München', 3],
      ['Köln', 2],
      ['Frankfurt am Main', 2],
      ['Stuttgart', 2],
      ['Düsseldorf', 1],
      ['Leipzig', 1],
    ],
  },
  {
    code: 'FR',
    weight: 8,
    locale: 'fr',
    callingCode: '+33',
    subscriberDigits: 8,
    mobilePrefixes: ['6', '7'],
    cities: [
      ['Paris', 8],
      ['Lyon', 3],
      ['Marseille', 3],
      ['Toulouse', 2],
      ['Nice', 1],
      ['Nantes', 1],
      ['Bordeaux', 2],
      ['Lille', 1],
    ],
  },
  {
    code: 'CA',
    weight: 7,
    locale: 'en',
    callingCode: '+1',
    subscriberDigits: 7,
    mobilePrefixes: ['416', '647', '604', '514', '403', '613'],
    cities: [
      ['Toronto', 6],
      ['Vancouver', 4],
      ['Montréal', 4],
      ['Calgary', 2],
      ['Ottawa', 2],
      ['Edmonton', 1],
    ],
  },
  {
    code: 'AU',
    weight: 5,
    locale: 'en',
    callingCode: '+61',
    subscriberDigits: 8,
    mobilePrefixes: ['4'],
    cities: [
      ['Sydney', 5],
      ['Melbourne', 5],
      ['Brisbane', 3],
      ['Perth', 2],
      ['Adelaide', 1],
    ],
  },
  {
    code: 'ES',
    weight: 4,
    locale: 'es',
    callingCode: '+34',
    subscriberDigits: 8,
    mobilePrefixes: ['6'],
    cities: [
      ['Madrid', 5],
      ['Barcelona', 5],
      ['Valencia', 2],
      ['Sevilla', 2],
      ['Bilbao', 1],
    ],
  },
  {
    code: 'IT',
    weight: 4,
    locale: 'it',
    callingCode: '+39',
    subscriberDigits: 8,
    mobilePrefixes: ['32', '33', '34', '38'],
    cities: [
      ['Milano', 5],
      ['Roma', 5],
      ['Torino', 2],
      ['Napoli', 2],
      ['Bologna', 2],
      ['Firenze', 1],
    ],
  },
  {
    code: 'NL',
    weight: 3,
    locale: 'nl',
    callingCode: '+31',
    subscriberDigits: 8,
    mobilePrefixes: ['6'],
    cities: [
      ['Amsterdam', 5],
      ['Rotterdam', 3],
      ['Utrecht', 2],
      ['Den Haag', 2],
      ['Eindhoven', 1],
    ],
  },
  {
    code: 'SE',
    weight: 2,
    locale: 'sv',
    callingCode: '+46',
    subscriberDigits: 7,
    mobilePrefixes: ['70', '72', '73', '76'],
    cities: [
      ['Stockholm', 5],
      ['Göteborg', 3],
      ['Malmö', 2],
      ['Uppsala', 1],
    ],
  },
  {
    code: 'IE',
    weight: 1,
    locale: 'en',
    callingCode: '+353',
    subscriberDigits: 7,
    mobilePrefixes: ['83', '85', '86', '87'],
    cities: [
      ['Dublin', 5],
      ['Cork', 2],
      ['Galway', 1],
    ],
  },
];
