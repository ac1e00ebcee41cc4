// The loading, empty and error states every page shows the same way, and a
// hook that loads data for a key and tells which state it is in.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { messageOf } from '../api/problem';

export type Loaded<T> = { state: 'loading' } | { state: 'error'; error: unknown } | { state: 'ready'; value: T };

/**
 * Loads `load()` whenever `key` changes; an answer to an older key is
 * dropped, so a fast second click never shows the first click's data.
 */
export function useLoad<T>(key: string, load: () => Promise<T>): Loaded<T> {
  const [loaded, setLoaded] = useState<{ key: string; value: Loaded<T> }>({ key, value: { state: 'loading' } });
  useEffect(() => {
    let current = true;
    setLoaded({ key, value: { state: 'loading' } });
    load().then(
      (value) => current && setLoaded({ key, value: { state: 'ready', value } }),
      (error: unknown) => current && setLoaded({ key, value: { state: 'error', error } }),
    );
    return () => {
      current = false;
    };
    // `load` is a new closure on each render; the key says when to load again.
  }, [key]);
  return loaded.key === key ? loaded.value : { state: 'loading' };
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="state state-loading" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="state state-empty">{children}</p>;
}

export function ErrorState({ error }: { error: unknown }) {
  return (
    <p class="state state-error" role="alert">
      {messageOf(error)}
    </p>
  );
}

/** The browser tab's title: the page's, then the application's name. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} – supeval` : 'supeval';
  }, [title]);
}
