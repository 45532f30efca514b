import type { SliceCreator } from './store-types.ts';

export const SCREENS = ['workspace', 'data', 'points', 'campaigns', 'runs', 'trace'] as const;
export type ScreenName = (typeof SCREENS)[number];

/** Where the app is: a screen and its parameters (the selected point, run, individual…). */
export interface Route {
  screen: ScreenName;
  params: Record<string, string>;
}

export interface NavigationSlice {
  route: Route;
  navigate(screen: ScreenName, params?: Record<string, string>): void;
}

/** `#/points?point=onboarding_banner` — the route in the address bar, so reloads and links keep it. */
export function routeToHash(route: Route): string {
  const q = new URLSearchParams(route.params).toString();
  return `#/${route.screen}${q ? `?${q}` : ''}`;
}

/** Reads a route from a location hash; unknown screens fall back to the workspace. */
export function hashToRoute(hash: string): Route {
  const m = /^#\/([a-z]+)(?:\?(.*))?$/.exec(hash);
  const screen = (SCREENS as readonly string[]).includes(m?.[1] ?? '') ? (m![1] as ScreenName) : 'workspace';
  return { screen, params: Object.fromEntries(new URLSearchParams(m?.[2] ?? '')) };
}

export const createNavigationSlice: SliceCreator<NavigationSlice> = (set) => ({
  route: { screen: 'workspace', params: {} },
  navigate(screen, params = {}) {
    set({ route: { screen, params } });
  },
});
