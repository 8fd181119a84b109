import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { THEME_SCRIPT, THEME_SCRIPT_PATH } from '../../../src/lib/site/theme-script.ts';

class FakeElement {
  hidden = true;
  readonly attributes = new Map<string, string>();
  readonly toggle: boolean;
  constructor(toggle: boolean) {
    this.toggle = toggle;
  }
  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }
  closest(selector: string): FakeElement | null {
    return selector === '[data-theme-toggle]' && this.toggle ? this : null;
  }
}

type Listener = (event?: unknown) => void;

/** Runs the minified script against a fake page; returns what a test needs to drive and inspect it. */
function page(options: { stored?: string | null; systemDark?: boolean; storage?: 'ok' | 'blocked' } = {}) {
  const listeners = new Map<string, Listener[]>();
  const on = (type: string, listener: Listener): void => {
    listeners.set(type, [...(listeners.get(type) ?? []), listener]);
  };
  const windowListeners = new Map<string, Listener[]>();
  const window = {
    addEventListener: (type: string, listener: Listener): void => {
      windowListeners.set(type, [...(windowListeners.get(type) ?? []), listener]);
    },
  };
  const mediaListeners: Listener[] = [];
  const query = {
    matches: options.systemDark ?? false,
    addEventListener: (_type: string, listener: Listener) => mediaListeners.push(listener),
  };
  const buttons = [new FakeElement(true), new FakeElement(true)];
  const root = { dataset: {} as Record<string, string> };
  const stored = new Map<string, string>();
  if (options.stored !== undefined && options.stored !== null) stored.set('theme', options.stored);
  const blocked = (): never => {
    throw new Error('SecurityError');
  };
  const localStorage =
    options.storage === 'blocked'
      ? { getItem: blocked, setItem: blocked }
      : {
          getItem: (key: string) => stored.get(key) ?? null,
          setItem: (key: string, value: string) => void stored.set(key, value),
          removeItem: (key: string) => void stored.delete(key),
        };
  const document = {
    documentElement: root,
    querySelectorAll: (selector: string) => (selector === '[data-theme-toggle]' ? buttons : []),
    addEventListener: on,
  };
  const matchMedia = (media: string) => {
    expect(media).toBe('(prefers-color-scheme: dark)');
    return query;
  };
  // The script under test, run as the classic script a page loads.
  new Function('document', 'window', 'matchMedia', 'Element', 'localStorage', THEME_SCRIPT)(
    document,
    window,
    matchMedia,
    FakeElement,
    localStorage,
  );
  const fire = (type: string, event?: unknown): void => {
    for (const listener of listeners.get(type) ?? []) listener(event);
  };
  const fireOnWindow = (type: string, event: unknown): void => {
    for (const listener of windowListeners.get(type) ?? []) listener(event);
  };
  return { root, buttons, stored, query, mediaListeners, fire, fireOnWindow };
}

describe('THEME_SCRIPT', () => {
  it('is served under a fixed name', () => {
    expect(THEME_SCRIPT_PATH).toBe('theme.js');
  });

  it('is the source minified: smaller, without its comments, ES2018 (no optional catch binding)', () => {
    const source = readFileSync(new URL('../../../src/scripts/theme.js', import.meta.url), 'utf8');
    expect(THEME_SCRIPT.length).toBeGreaterThan(0);
    expect(THEME_SCRIPT.length).toBeLessThan(source.length / 1.5);
    expect(THEME_SCRIPT).not.toMatch(/\/\/|\/\*/);
    expect(THEME_SCRIPT).not.toMatch(/catch\s*\{|\?\.|\?\?/);
    expect(THEME_SCRIPT).not.toMatch(/\bimport\b|\bexport\b/);
  });

  it.each(['light', 'dark'])('applies a stored %s theme before first paint', (theme) => {
    expect(page({ stored: theme }).root.dataset['theme']).toBe(theme);
  });

  it.each([null, '', 'Dark', 'dark ', '"><script>', 'light;dark'])(
    'ignores a stored value that is not a theme (%j)',
    (stored) => {
      expect(page({ stored }).root.dataset).toEqual({});
    },
  );

  it('survives blocked storage, and still toggles for the page', () => {
    const view = page({ storage: 'blocked', systemDark: true });
    expect(view.root.dataset).toEqual({});
    view.fire('click', { target: view.buttons[0] });
    expect(view.root.dataset['theme']).toBe('light');
  });

  it('shows the toggles once the page is loaded, pressed when dark', () => {
    const view = page({ systemDark: true });
    expect(view.buttons.every((button) => button.hidden)).toBe(true);
    view.fire('DOMContentLoaded');
    expect(view.buttons.map((button) => [button.hidden, button.attributes.get('aria-pressed')])).toEqual([
      [false, 'true'],
      [false, 'true'],
    ]);
  });

  it('flips the theme on a toggle click, stores it, and syncs every toggle', () => {
    const view = page({ stored: 'dark' });
    view.fire('click', { target: view.buttons[1] });
    expect(view.root.dataset['theme']).toBe('light');
    expect(view.stored.get('theme')).toBe('light');
    expect(view.buttons.map((button) => button.attributes.get('aria-pressed'))).toEqual(['false', 'false']);
    view.fire('click', { target: view.buttons[0] });
    expect(view.root.dataset['theme']).toBe('dark');
    expect(view.stored.get('theme')).toBe('dark');
  });

  it('ignores clicks elsewhere and events whose target is not an element', () => {
    const view = page({ stored: 'light' });
    view.fire('click', { target: new FakeElement(false) });
    view.fire('click', { target: { closest: () => view.buttons[0] } });
    view.fire('click', { target: null });
    expect(view.root.dataset['theme']).toBe('light');
    expect(view.stored.get('theme')).toBe('light');
  });

  it('follows the system setting until a theme is pinned', () => {
    const view = page({ systemDark: false });
    view.fire('DOMContentLoaded');
    expect(view.buttons[0]?.attributes.get('aria-pressed')).toBe('false');
    view.query.matches = true;
    for (const listener of view.mediaListeners) listener();
    expect(view.buttons[0]?.attributes.get('aria-pressed')).toBe('true');
    expect(view.root.dataset).toEqual({});
  });

  it('takes up a theme chosen in another tab, and the system setting when storage is cleared there', () => {
    const view = page({ stored: 'light' });
    view.fire('DOMContentLoaded');
    view.stored.set('theme', 'dark');
    view.fireOnWindow('storage', { key: 'theme' });
    expect(view.root.dataset['theme']).toBe('dark');
    expect(view.buttons.map((button) => button.attributes.get('aria-pressed'))).toEqual(['true', 'true']);
    view.stored.clear();
    view.fireOnWindow('storage', { key: null });
    expect(view.root.dataset).toEqual({});
    expect(view.buttons[0]?.attributes.get('aria-pressed')).toBe('false');
  });

  it('ignores changes to other stored keys', () => {
    const view = page({ stored: 'dark' });
    view.stored.set('theme', 'light');
    view.fireOnWindow('storage', { key: 'something-else' });
    expect(view.root.dataset['theme']).toBe('dark');
  });

  it('applies a theme chosen while the page sat in the back/forward cache when it is shown again', () => {
    const view = page({ stored: 'light' });
    view.stored.set('theme', 'dark');
    view.fireOnWindow('pageshow', { persisted: false });
    expect(view.root.dataset['theme']).toBe('light');
    view.fireOnWindow('pageshow', { persisted: true });
    expect(view.root.dataset['theme']).toBe('dark');
    expect(view.buttons[0]?.attributes.get('aria-pressed')).toBe('true');
  });

  it("keeps this page's choice when storage is blocked and another tab's event arrives", () => {
    const view = page({ storage: 'blocked', systemDark: false });
    view.fire('click', { target: view.buttons[0] });
    view.fireOnWindow('storage', { key: 'theme' });
    view.fireOnWindow('pageshow', { persisted: true });
    expect(view.root.dataset['theme']).toBe('dark');
  });
});
