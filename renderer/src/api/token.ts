// The per-launch token: it arrives in the URL (`?token=…`, printed by `workbench serve`), is kept
// for this tab in sessionStorage, and is taken out of the address bar so it is not shared by accident.

/** Where the token is kept for the tab's lifetime (reloads keep working). */
export const TOKEN_KEY = 'workbench.token';

interface TokenEnv {
  location: { href: string };
  storage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
  history: { replaceState(data: unknown, unused: string, url?: string | null): void };
}

/** Reads the token from the URL (then strips it) or from the tab's storage; undefined when there is none. */
export function takeToken(env: TokenEnv): string | undefined {
  const url = new URL(env.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    env.storage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    env.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return env.storage.getItem(TOKEN_KEY) ?? undefined;
}
