import { useEffect, useState } from 'react';

export type Loaded<T> = { state: 'loading' } | { state: 'loaded'; value: T } | { state: 'failed'; error: unknown };

/** Loads again whenever `key` changes; an answer to an earlier key that arrives late is dropped. */
export function useApi<T>(key: string, load: (signal: AbortSignal) => Promise<T>): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T> & { key: string }>({ state: 'loading', key });
  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal).then(
      (value) => setLoaded({ state: 'loaded', value, key }),
      (error: unknown) => {
        if (!controller.signal.aborted) setLoaded({ state: 'failed', error, key });
      },
    );
    return () => controller.abort();
    // `load` is a new function on every render; `key` says what it loads.
  }, [key]);
  return loaded.key === key ? loaded : { state: 'loading' };
}
