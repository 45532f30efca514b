// jsdom lacks layout: what charts and virtualized tables need to render in renderer tests.
import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/react';
import { resetWorkbenchStore } from '../../renderer/src/store/store.ts';

class ResizeObserverStub {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
const g = globalThis as Record<string, unknown>;
g.ResizeObserver ??= ResizeObserverStub;
// The screens update state when the (mock) service answers, as in the browser; tests wait for the
// result with findBy/waitFor instead of wrapping every answer in act().
g.IS_REACT_ACT_ENVIRONMENT = false;

// Every test starts from a fresh store and an empty page (no state leaks between cases).
afterEach(() => {
  cleanup();
  resetWorkbenchStore();
  window.location.hash = '';
});
