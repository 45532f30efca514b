import { useCallback, useEffect, useRef, useState } from 'react';
import type { Fault, Result } from '../api/client.ts';

export interface Page<T> {
  total: number;
  rows: T[];
}

interface Cache<T> {
  key: string;
  pages: Map<number, T[]>;
  loading: Set<number>;
  total: number | null;
  error: Fault | null;
}

const fresh = <T>(key: string): Cache<T> => ({ key, pages: new Map(), loading: new Set(), total: null, error: null });

/**
 * Server-side paging for virtualized tables: pages are fetched as rows come on screen and kept
 * until the key (search text, filters…) changes; answers for an old key are dropped.
 */
export function usePagedRows<T>(
  key: string,
  fetchPage: (offset: number, limit: number) => Promise<Result<Page<T>>>,
  pageSize = 200,
) {
  const [, setVersion] = useState(0);
  const cache = useRef<Cache<T>>(fresh(key));
  if (cache.current.key !== key) cache.current = fresh(key);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const load = useCallback(
    (page: number) => {
      const c = cache.current;
      if (c.pages.has(page) || c.loading.has(page)) return;
      c.loading.add(page);
      void fetchRef.current(page * pageSize, pageSize).then((r) => {
        if (cache.current !== c) return;
        c.loading.delete(page);
        if (r.ok) {
          c.pages.set(page, r.data.rows);
          c.total = r.data.total;
          c.error = null;
        } else c.error = r.error;
        setVersion((v) => v + 1);
      });
    },
    [pageSize],
  );

  const ensureRange = useCallback(
    (start: number, end: number) => {
      for (let p = Math.floor(start / pageSize); p <= Math.floor(end / pageSize); p++) load(p);
    },
    [load, pageSize],
  );

  useEffect(() => {
    load(0);
  }, [key, load]);

  const c = cache.current;
  return {
    total: c.total,
    error: c.error,
    loading: c.loading.size > 0,
    getRow: (i: number): T | undefined => c.pages.get(Math.floor(i / pageSize))?.[i % pageSize],
    ensureRange,
    /** Drops every page (after an import or a new run). */
    reload: () => {
      cache.current = fresh(key);
      setVersion((v) => v + 1);
      load(0);
    },
  };
}
