/**
 * The site-wide part of search, loaded on every page through the search box:
 * - `/` focuses the search box (the search page's own box there), unless the reader is typing;
 * - the offline service worker is registered (never from file://, where the downloaded copy
 *   searches without one), and when a new version of the site has been installed in the
 *   background the reader is offered a reload instead of being switched mid-page; once accepted,
 *   every open tab of the site reloads into the new version.
 */
import { speak } from './live-region.ts';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color'].includes(target.type);
  }
  return false;
}

function searchInput(): HTMLInputElement | null {
  return (
    document.querySelector<HTMLInputElement>('input[data-search-primary]') ??
    document.querySelector<HTMLInputElement>('form[data-search-slot] input[name="q"]')
  );
}

document.addEventListener('keydown', (event) => {
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
  if (isTyping(event.target)) return;
  const input = searchInput();
  if (!input) return;
  event.preventDefault();
  input.focus();
  input.select();
});

/** A small, polite banner: "A new version is available. Reload". */
function offerReload(worker: ServiceWorker): void {
  if (document.querySelector('[data-sw-update]')) return;
  const banner = document.createElement('div');
  banner.dataset['swUpdate'] = '';
  banner.setAttribute('role', 'region');
  banner.setAttribute('aria-label', 'New version');
  Object.assign(banner.style, {
    position: 'fixed',
    insetInline: '1rem',
    bottom: '1rem',
    zIndex: '20',
    maxWidth: '30rem',
    marginInline: 'auto',
    display: 'flex',
    flexWrap: 'wrap',
    gap: '0.5rem 1rem',
    alignItems: 'center',
    padding: '0.75rem 1rem',
    color: 'var(--text)',
    background: 'var(--surface)',
    border: '1px solid var(--border)',
    borderRadius: 'var(--radius)',
    boxShadow: '0 2px 12px rgb(0 0 0 / 0.25)',
  });
  // A live region of its own, given its words once on the page (live-region.ts).
  const text = document.createElement('span');
  text.setAttribute('role', 'status');
  const reload = document.createElement('button');
  reload.type = 'button';
  reload.className = 'button';
  reload.textContent = 'Reload';
  reload.addEventListener('click', () => {
    reloading = true;
    // The waiting worker activates, takes over, and `controllerchange` reloads this page with it.
    worker.postMessage({ type: 'SKIP_WAITING' });
  });
  const later = document.createElement('button');
  later.type = 'button';
  later.className = 'button button-quiet';
  later.textContent = 'Later';
  // Where the reader was before moving into the banner: removing a focused button would drop
  // focus to the top of the page, and a keyboard or screen-reader user would lose their place.
  let returnTo: HTMLElement | undefined;
  banner.addEventListener('focusin', (event) => {
    const from = event.relatedTarget;
    if (from instanceof HTMLElement && !banner.contains(from)) returnTo = from;
  });
  later.addEventListener('click', () => {
    const hadFocus = banner.contains(document.activeElement);
    banner.remove();
    if (hadFocus) (returnTo?.isConnected ? returnTo : document.getElementById('main'))?.focus({ preventScroll: true });
  });
  banner.append(text, reload, later);
  document.body.append(banner);
  speak(text, 'A new version of the archive is ready.');
}

let reloading = false;

async function registerServiceWorker(): Promise<void> {
  const base = import.meta.env.BASE_URL.endsWith('/') ? import.meta.env.BASE_URL : `${import.meta.env.BASE_URL}/`;
  // Whether an earlier build's worker serves this page (it was installed on an earlier visit).
  const servedByWorker = navigator.serviceWorker.controller !== null;
  const registration = await navigator.serviceWorker.register(`${base}sw.js`, { scope: base });
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    // The reader accepted the new build, here or in another tab: every tab of the old build moves
    // to it. The new worker keeps only the new build's files, so an old page left as it was would
    // ask it for chunks and search shards that are gone (a search failing with a 404). The URL
    // holds a search's whole state, so the reload loses nothing.
    if (reloading || servedByWorker) window.location.reload();
  });
  // A controlled page with a worker waiting: a new build was installed on an earlier visit.
  if (registration.waiting && navigator.serviceWorker.controller) offerReload(registration.waiting);
  registration.addEventListener('updatefound', () => {
    const installing = registration.installing;
    installing?.addEventListener('statechange', () => {
      if (installing.state === 'installed' && navigator.serviceWorker.controller) offerReload(installing);
    });
  });
}

if (import.meta.env.PROD && 'serviceWorker' in navigator && window.location.protocol !== 'file:') {
  // After load, so installing the offline copy never competes with the page the reader opened.
  const start = () => {
    registerServiceWorker().catch((error: unknown) => console.warn('Offline support is unavailable:', error));
  };
  if (document.readyState === 'complete') start();
  else window.addEventListener('load', start, { once: true });
}
