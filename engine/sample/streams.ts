/**
 * Independent random streams of the sample, derived as (seed, [index,] stream). Each stream is
 * its own so that, e.g., changing how names are drawn never shifts anyone's events.
 */
export const STREAM = {
  items: 1,
  /** Hidden shopper traits: tier, activity, affinities (drive both profile and events). */
  traits: 2,
  /** Profile attributes: name, contact details, place. */
  profile: 3,
  events: 4,
} as const;
