/**
 * The search page. The URL is the state (search-state.ts): typing, filters, back/forward and
 * reload all go through it. Online the engine is Pagefind (its JS API, loaded from the site's
 * /pagefind/ bundle, chunks fetched as needed); in the copy opened from disk (file://), where
 * Pagefind cannot fetch, it is the fallback index loaded with a script tag and ranked by
 * MiniSearch. Both give the same result shape, and the rendering below never uses innerHTML.
 */
import { dayToDate } from '../lib/paper/calendar-day.ts';
import {
  bibUrlOf,
  exportFailure,
  exportFileName,
  fetchAll,
  fetchBibtex,
  joinBibtex,
  MAX_EXPORTED,
} from '../lib/search/browser/bibtex-export.ts';
import { excerptParts, type ExcerptPart } from '../lib/search/browser/search-excerpt.ts';
import { textLanguage } from '../lib/text/language.ts';
import { segmentWords, withoutSegmentSpaces } from '../lib/text/word-segments.ts';
import type { FallbackIndex, SearchHit } from '../lib/search/browser/search-fallback.ts';
import type { PagefindData, WorkerSplitOptions } from '../lib/search/browser/search-workers.ts';
import { startSearchPool, type PoolResponse } from './search-pool.ts';
import {
  dateOrder,
  knowingShards,
  needsWordLookups,
  NO_SHARD,
  parseShardManifest,
  queryWords,
  shardsKnowingWord,
  slicesFor,
  withShards,
} from '../lib/search/browser/search-shards.ts';
import { idleStatus, resultsStatus, type StatusLine } from '../lib/search/browser/search-status.ts';
import { readQueryIdentifier } from '../lib/search/browser/query-identifiers.ts';
import {
  isActive,
  isSearchPagePath,
  mayHoldMath,
  pagefindOptions,
  pagefindTerm,
  parseSearchState,
  serializeSearchState,
  EMPTY_STATE,
  type SearchState,
} from '../lib/search/browser/search-state.ts';

declare global {
  interface Window {
    __ARCHIVE_INDEX__?: FallbackIndex;
    /**
     * Set before this script runs, how the search workers are split (the tests split a small
     * archive between several): the cores to count on, pages a worker is worth starting for, and
     * the most workers.
     */
    __ARCHIVE_SEARCH_WORKERS__?: Partial<WorkerSplitOptions>;
  }
}

interface Results {
  total: number;
  load(from: number, count: number): Promise<SearchHit[]>;
}
interface Engine {
  /** Undefined when a newer search superseded this one. */
  search(state: SearchState): Promise<Results | undefined>;
  /** Where a hit's page is. */
  link(hit: SearchHit): string;
}

const PAGE_SIZE = 10;
const FILE = window.location.protocol === 'file:';

const app = document.querySelector<HTMLElement>('[data-search-app]');
const form = app?.querySelector<HTMLFormElement>('form[data-search-form]');
const input = form?.querySelector<HTMLInputElement>('input[name="q"]');
const status = app?.querySelector<HTMLElement>('[data-search-status]');
const list = app?.querySelector<HTMLOListElement>('[data-search-results]');
const exportButton = app?.querySelector<HTMLButtonElement>('[data-search-export]');
const exportStatus = app?.querySelector<HTMLElement>('[data-search-export-status]');
const announcer = app?.querySelector<HTMLElement>('[data-search-announce]');
/** How long the status line stays the same before a screen reader is told it. */
const ANNOUNCE_AFTER_MS = 700;
const more = app?.querySelector<HTMLButtonElement>('[data-search-more]');

function directory(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** A page's address: a directory URL online, its explicit index.html from disk. */
function pageHref(url: string): string {
  return FILE && url.endsWith('/') ? `${url}index.html` : url;
}

function toHit(data: PagefindData): SearchHit {
  return {
    url: data.url,
    title: data.meta['title'] ?? data.url,
    authors: data.meta['authors'] ?? '',
    topics: data.filters['topic'] ?? [],
    added: data.meta['added'] ?? '',
    excerpt: excerptParts(data.excerpt),
  };
}

/**
 * Pagefind over the index's shards (src/lib/search/browser/search-shards.ts says why each search
 * is run the way it is), in search workers (search-pool.ts): each shard is merged with its own
 * `shard` filter value, and every search names the shards it may return.
 */
async function pagefindEngine(moduleUrl: string, root: string): Promise<Engine> {
  // Revalidated: the list must match the deployed shards (offline, the service worker answers).
  const response = await fetch(new URL('shards.json', moduleUrl), { cache: 'no-cache' });
  if (!response.ok) throw new Error(`HTTP ${response.status} for the shard list`);
  const manifest = parseShardManifest(await response.json());
  const pool = await startSearchPool({
    moduleUrl,
    manifest,
    // Pagefind's result URLs are relative to the site root; under a base path they need it in front.
    options: { baseUrl: root, excerptLength: 30, excerptEllipsis: '… ' },
    // As Pagefind reads it on a page (a worker has no <html lang>): lower case, `unknown` without one.
    language: document.documentElement.lang.toLowerCase() || 'unknown',
    split: { cores: navigator.hardwareConcurrency || 1, ...window.__ARCHIVE_SEARCH_WORKERS__ },
  });
  const keys = manifest.map((shard) => shard.key);
  // Which shards know a word, kept while the page is open: the index does not change.
  const known = new Map<string, Promise<string[]>>();
  const matchesPerShard = async (term: string) => ({
    ...(await pool.search(term, { filters: withShards({}, NO_SHARD) }, keys)).totalFilters['shard'],
  });
  const lookups = { matchesPerShard, answer: (term: string, key: string) => pool.answer(term, key) };
  const knowing = (word: string) => {
    let shards = known.get(word);
    if (!shards) {
      shards = shardsKnowingWord(word, keys, lookups);
      known.set(word, shards);
      // A failed search is not an answer: the next search asks again.
      shards.catch(() => known.delete(word));
    }
    return shards;
  };
  /** The shards one index would answer `term` from (all but those lacking a word another knows). */
  const shardsFor = async (term: string | null): Promise<string[]> => {
    if (term === null || !needsWordLookups(term, keys.length)) return keys;
    return knowingShards(keys, await Promise.all(queryWords(term).map(knowing)));
  };
  const none: Results = { total: 0, load: () => Promise.resolve([]) };

  return {
    async search(state) {
      const term = pagefindTerm(state);
      const { filters, sort } = pagefindOptions(state);
      const shards = await shardsFor(term);
      // No shard may answer (an empty "any" would not filter at all).
      if (shards.length === 0) return none;
      const response = await pool.search(term, { filters: withShards(filters, shards) }, shards);
      const direction = sort?.['added'];
      if (direction === undefined) {
        return {
          total: response.total,
          load: async (from, count) => (await response.load(from, count)).map(toHit),
        };
      }
      // Sorted by date: each shard's own sorted results, in date order, fetched as the reader pages.
      const matches = response.filters['shard'] ?? {};
      const counts = dateOrder(manifest, direction)
        .filter((key) => shards.includes(key))
        .map((key) => ({ key, matches: matches[key] ?? 0 }))
        .filter(({ matches: n }) => n > 0);
      const sorted = new Map<string, Promise<PoolResponse>>();
      const shardResults = (key: string) => {
        let results = sorted.get(key);
        if (!results) {
          results = pool.search(term, { filters: withShards(filters, key), sort: { added: direction } }, [key]);
          sorted.set(key, results);
        }
        return results;
      };
      return {
        total: counts.reduce((sum, { matches: n }) => sum + n, 0),
        async load(from, count) {
          const parts = await Promise.all(
            slicesFor(counts, from, count).map(async (slice) =>
              (await (await shardResults(slice.key)).load(slice.offset, slice.count)).map(toHit),
            ),
          );
          return parts.flat();
        },
      };
    },
    link: (found) => found.url,
  };
}

/**
 * The state to search for: a pasted arXiv id or DOI as the bare identifier the index holds
 * (query-identifiers.ts), or else its query's formulas, TeX and Greek letters read as the index
 * reads the papers' (query-math.ts), and its Chinese, Japanese or Thai words separated as the
 * index separates the papers' (word-segments.ts). The page still shows the query as typed.
 */
async function queryAsIndexed(state: SearchState): Promise<SearchState> {
  const identifier = readQueryIdentifier(state.q);
  if (identifier !== state.q) return { ...state, q: identifier };
  const read = mayHoldMath(state) ? await mathAsIndexed(state) : state;
  return { ...read, q: segmentWords(read.q) };
}

async function mathAsIndexed(state: SearchState): Promise<SearchState> {
  const { readQueryMath } = await import('../lib/search/browser/query-math.ts');
  const read = { ...state, q: readQueryMath(state.q) };
  // Formulas that read as too little to search (`$x$`, `$\,$`) are searched as typed: read, they
  // would be no query at all, which lists every paper.
  return pagefindTerm(read) === null ? state : read;
}

function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.addEventListener('load', () => resolve());
    script.addEventListener('error', () => reject(new Error(`Failed to load ${src}`)));
    document.head.append(script);
  });
}

async function fallbackEngine(root: string): Promise<Engine> {
  // A classic script is the one thing a page opened from disk can load (no fetch, no modules).
  if (window.__ARCHIVE_INDEX__ === undefined) await loadScript(`${root}search-index.js`);
  const { createFallbackSearch, isFallbackIndex } = await import('../lib/search/browser/search-fallback.ts');
  const index = window.__ARCHIVE_INDEX__;
  if (!isFallbackIndex(index)) throw new Error('search-index.js holds no search index');
  const engine = createFallbackSearch(index);
  return {
    search(state) {
      const results = engine.search(state);
      return Promise.resolve({
        total: results.total,
        load: (from, count) => Promise.resolve(results.slice(from, count)),
      });
    },
    link: (found) => pageHref(root + found.url),
  };
}

const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
function displayDay(day: string): string {
  const date = dayToDate(day);
  return Number.isNaN(date.getTime()) ? day : DATE.format(date);
}

function excerptNode(parts: readonly ExcerptPart[]): HTMLParagraphElement {
  const paragraph = document.createElement('p');
  paragraph.className = 'paper-excerpt';
  // An Arabic or Hebrew excerpt reads right to left (its runs in order), an English one as before.
  paragraph.dir = 'auto';
  const language = textLanguage(parts.map((part) => part.text).join(''));
  if (language !== undefined) paragraph.lang = language;
  // Without the spaces the index put between Chinese, Japanese or Thai words (word-segments.ts).
  for (const part of withoutSegmentSpaces(parts)) {
    if (part.mark) {
      const mark = document.createElement('mark');
      mark.textContent = part.text;
      paragraph.append(mark);
    } else {
      paragraph.append(part.text);
    }
  }
  return paragraph;
}

function start(): void {
  if (!app || !form || !input || !status || !list || !more) return;
  const root = directory(app.dataset['root'] ?? '/');
  const searchPath = new URL(app.dataset['searchPath'] ?? '', window.location.href).pathname;
  const idle = status.dataset['idle'] ?? '';
  const topicBoxes = [...form.querySelectorAll<HTMLInputElement>('input[name="topic"]')];
  const codeBox = form.querySelector<HTMLInputElement>('input[name="code"]');
  const sortSelect = form.querySelector<HTMLSelectElement>('select[name="sort"]');
  const topicCount = form.querySelector<HTMLElement>('[data-topic-count]');
  const topicNames = new Map(topicBoxes.map((box) => [box.value, box.dataset['topicName'] ?? box.value]));
  const knownTopics = new Set(topicNames.keys());

  // Served by the service worker in place of a page that was not saved for offline reading.
  const standIn = !FILE && !isSearchPagePath(window.location.pathname, searchPath);
  // An archive without papers has nothing to search (and Pagefind an empty index).
  if (app.dataset['papers'] === '0') return;
  if (standIn) app.querySelector<HTMLElement>('[data-offline-notice]')?.removeAttribute('hidden');

  const engine: Promise<Engine> = FILE
    ? fallbackEngine(root)
    : pagefindEngine(new URL(app.dataset['pagefind'] ?? 'pagefind/pagefind.js', window.location.href).href, root);

  function readForm(): SearchState {
    return {
      q: input?.value ?? '',
      topics: topicBoxes.filter((box) => box.checked).map((box) => box.value),
      code: codeBox?.checked ?? false,
      sort: sortSelect?.value === 'newest' || sortSelect?.value === 'oldest' ? sortSelect.value : 'relevance',
    };
  }

  function writeForm(state: SearchState): void {
    if (input) input.value = state.q;
    for (const box of topicBoxes) box.checked = state.topics.includes(box.value);
    if (codeBox) codeBox.checked = state.code;
    if (sortSelect) sortSelect.value = state.sort;
    showTopicCount(state);
  }

  function showTopicCount(state: SearchState): void {
    if (topicCount) topicCount.textContent = state.topics.length > 0 ? `${state.topics.length} selected` : '';
  }

  // One history entry per burst of typing (back returns to what was there before), one per filter change.
  let typing = false;
  function updateUrl(state: SearchState, mode: 'push' | 'replace'): void {
    const url = searchPath + serializeSearchState(state);
    if (url === window.location.pathname + window.location.search) return;
    try {
      if (mode === 'push') window.history.pushState(null, '', url);
      else window.history.replaceState(null, '', url);
    } catch {
      // Some browsers refuse history changes for file:// pages; the search still runs.
    }
  }

  /**
   * The status line is shown at once but read aloud only once it has stayed the same for a moment
   * (ANNOUNCE_AFTER_MS): a live region that changed with every keystroke had a screen reader
   * announce "7 papers match “l”", "5 papers match “le”"... while the reader typed `learning`.
   */
  let announceTimer: ReturnType<typeof setTimeout> | undefined;
  function announceStatus(): void {
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => {
      if (announcer && status && announcer.textContent !== status.textContent)
        announcer.textContent = status.textContent;
    }, ANNOUNCE_AFTER_MS);
  }

  /** Sets the status line to `text` (an error or an idle line). */
  function setStatus(text: string): void {
    if (!status) return;
    status.textContent = text;
    announceStatus();
  }

  /** The status line, the reader's query isolated in a `<bdi>` (search-status.ts says why). */
  function showStatus(line: StatusLine): void {
    if (!status) return;
    if (line.query === undefined) {
      setStatus(`${line.before}${line.after}`);
      return;
    }
    const query = document.createElement('bdi');
    query.textContent = line.query;
    status.replaceChildren(line.before, query, line.after);
    announceStatus();
  }

  function resultItem(hit: SearchHit, link: string): HTMLLIElement {
    const item = document.createElement('li');
    item.className = 'search-result';
    const heading = document.createElement('h2');
    const anchor = document.createElement('a');
    anchor.href = link;
    anchor.dir = 'auto';
    // In its language's voice for a screen reader, as on the paper's page (language.ts).
    const titleLanguage = textLanguage(hit.title);
    if (titleLanguage !== undefined) anchor.lang = titleLanguage;
    anchor.textContent = hit.title;
    heading.append(anchor);
    const meta = document.createElement('p');
    meta.className = 'paper-meta';
    meta.textContent = [hit.authors, hit.added === '' ? '' : `added ${displayDay(hit.added)}`]
      .filter((part) => part !== '')
      .join(' · ');
    item.append(heading, meta);
    if (hit.excerpt.length > 0) item.append(excerptNode(hit.excerpt));
    if (hit.topics.length > 0) {
      const chips = document.createElement('ul');
      chips.className = 'topic-chips';
      chips.setAttribute('aria-label', 'Topics of this paper');
      for (const id of hit.topics) {
        const chip = document.createElement('li');
        const topicLink = document.createElement('a');
        topicLink.href = pageHref(`${root}topics/${encodeURIComponent(id)}/`);
        topicLink.textContent = topicNames.get(id) ?? id;
        chip.append(topicLink);
        chips.append(chip);
      }
      item.append(chips);
    }
    return item;
  }

  let sequence = 0;
  let current: { results: Results; shown: number; state: SearchState; engine: Engine } | undefined;

  // One search at a time, and only the newest waiting state after it: a fast typist's keystrokes
  // never queue up searches for text already replaced (each would delay the results for the next).
  let pending: { state: SearchState; mark: string | undefined } | undefined;
  let draining = false;
  function schedule(state: SearchState, mark?: string): void {
    pending = { state, mark };
    sequence += 1;
    if (draining) return;
    draining = true;
    void (async () => {
      while (pending) {
        const job = pending;
        pending = undefined;
        await run(job.state, job.mark);
      }
      draining = false;
    })();
  }

  async function run(state: SearchState, mark: string | undefined): Promise<void> {
    const ticket = sequence;
    showTopicCount(state);
    // Read before deciding whether to search: a Greek letter alone ("α") is a query ("alpha").
    let searched = state;
    try {
      searched = await queryAsIndexed(state);
    } catch {
      // The math reader could not be loaded: the query is searched as typed.
    }
    if (!isActive(searched)) {
      current = undefined;
      list?.replaceChildren();
      if (status) {
        setStatus(idleStatus(state, idle));
        status.dataset['state'] = serializeSearchState(state);
      }
      if (more) more.hidden = true;
      if (exportButton) exportButton.hidden = true;
      return;
    }
    let ready: Engine;
    try {
      ready = await engine;
    } catch (error) {
      setStatus(
        `Search is unavailable: the search index could not be loaded (${error instanceof Error ? error.message : String(error)}). Browse by topic instead.`,
      );
      return;
    }
    let results: Results | undefined;
    let hits: SearchHit[];
    try {
      results = await ready.search(searched);
      if (results === undefined || ticket !== sequence) return;
      hits = await results.load(0, PAGE_SIZE);
    } catch (error) {
      if (ticket === sequence) {
        setStatus(
          `The search failed (${error instanceof Error ? error.message : String(error)}). Reload the page to try again.`,
        );
      }
      return;
    }
    if (ticket !== sequence) return;
    current = { results, shown: hits.length, state, engine: ready };
    list?.replaceChildren(...hits.map((hit) => resultItem(hit, ready.link(hit))));
    if (status) {
      showStatus(resultsStatus(results.total, state, searched));
      // What is on screen, as a query string: tests and tools wait for it to match the URL.
      status.dataset['state'] = serializeSearchState(state);
    }
    if (more) more.hidden = results.total <= hits.length;
    // The export fetches each paper's .bib from the site: not possible from a copy opened from disk.
    if (exportButton) exportButton.hidden = FILE || results.total === 0;
    if (exportStatus) exportStatus.textContent = '';
    if (mark !== undefined) {
      // For the benchmark: from this state's keystroke to its results on screen.
      performance.measure('search:results', mark);
      for (const entry of performance.getEntriesByType('mark')) {
        if (entry.name.startsWith('search:input:')) performance.clearMarks(entry.name);
      }
    }
  }

  async function showMore(): Promise<void> {
    if (!current || !list || !more) return;
    const { results, shown, engine: ready } = current;
    const ticket = sequence;
    const hits = await results.load(shown, PAGE_SIZE);
    if (ticket !== sequence || !current) return;
    current.shown += hits.length;
    const items = hits.map((hit) => resultItem(hit, ready.link(hit)));
    list.append(...items);
    more.hidden = results.total <= current.shown;
    items[0]?.querySelector('a')?.focus();
  }

  const initial = standIn ? EMPTY_STATE : parseSearchState(window.location.search, knownTopics);
  writeForm(initial);
  // The URL may have held unknown topics or a bad sort: show the state actually searched.
  if (!standIn) updateUrl(initial, 'replace');
  schedule(initial);

  let keystrokes = 0;
  input.addEventListener('input', () => {
    const mark = `search:input:${(keystrokes += 1)}`;
    performance.mark(mark);
    const state = readForm();
    updateUrl(state, typing ? 'replace' : 'push');
    typing = true;
    schedule(state, mark);
  });
  form.addEventListener('change', (event) => {
    if (event.target === input) return;
    typing = false;
    const state = readForm();
    updateUrl(state, 'push');
    schedule(state);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    typing = false;
    const state = readForm();
    updateUrl(state, 'replace');
    schedule(state);
  });
  input.addEventListener('blur', () => {
    typing = false;
  });
  window.addEventListener('popstate', () => {
    typing = false;
    const state = parseSearchState(window.location.search, knownTopics);
    writeForm(state);
    schedule(state);
  });
  more.addEventListener('click', () => void showMore());

  /** Every result's .bib, joined into one file and offered as a download. */
  async function exportResults(): Promise<void> {
    if (!current || !exportButton || !exportStatus) return;
    const { results, engine: ready, state } = current;
    const count = Math.min(results.total, MAX_EXPORTED);
    // Busy, not disabled: a disabled button loses focus, and the reader's place with it.
    if (exportButton.getAttribute('aria-disabled') === 'true') return;
    exportButton.setAttribute('aria-disabled', 'true');
    exportStatus.textContent = `Collecting ${count} BibTeX entries…`;
    try {
      const hits = await results.load(0, count);
      const urls = hits.map((hit) => bibUrlOf(ready.link(hit))).filter((url): url is string => url !== undefined);
      const entries = await fetchAll(urls, (url) => fetchBibtex(url));
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([joinBibtex(entries)], { type: 'application/x-bibtex' }));
      link.download = exportFileName(state.q);
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
      exportStatus.textContent =
        results.total > count
          ? `Exported the first ${count} of ${results.total} results: narrow the search to export the rest.`
          : `Exported ${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}.`;
    } catch (error) {
      exportStatus.textContent = exportFailure(error, navigator.onLine);
    } finally {
      exportButton.removeAttribute('aria-disabled');
    }
  }
  exportButton?.addEventListener('click', () => void exportResults());

  // Keyboard: ↓ from the box into the results; ↓/↑ or j/k between them; Escape back to the box.
  const links = () => [...(list?.querySelectorAll<HTMLAnchorElement>('li > h2 > a') ?? [])];
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowDown' || event.altKey || event.ctrlKey || event.metaKey) return;
    const first = links()[0];
    if (!first) return;
    event.preventDefault();
    typing = false;
    first.focus();
  });
  list.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const all = links();
    const index = all.indexOf(event.target as HTMLAnchorElement);
    if (index === -1) return;
    let next: HTMLElement | undefined;
    if (event.key === 'ArrowDown' || event.key === 'j') next = all[index + 1];
    else if (event.key === 'ArrowUp' || event.key === 'k') next = index === 0 ? input : all[index - 1];
    else if (event.key === 'Escape') next = input;
    else return;
    event.preventDefault();
    next?.focus();
  });
}

start();
