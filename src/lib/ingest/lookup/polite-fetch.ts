/**
 * HTTP GET for the metadata services (the arXiv API, Crossref), polite and robust:
 *
 * - at most one request per `minIntervalMs` to a service (arXiv's published rule: one request
 *   every 3 seconds), counted from the start of the previous request;
 * - a descriptive User-Agent naming the project and how to reach its maintainers;
 * - a timeout on every request;
 * - retries with exponential backoff on 429 and 503 (honouring `Retry-After`, capped), on
 *   timeouts and on dropped connections;
 * - failures as a `FetchError` whose `kind` says what went wrong (offline, not found, refused,
 *   timed out, server error) and whose message says what to do.
 *
 * Node's built-in `fetch` does the HTTP; this module only adds the manners. The clock and the
 * sleep are injectable so the rules are tested without waiting.
 */

import { SITE } from '../../../site.config.ts';

export type FetchFailure = 'offline' | 'not-found' | 'timeout' | 'rate-limited' | 'http' | 'invalid';

/** Why a request failed; `message` is for a person and says what to do. */
export class FetchError extends Error {
  readonly kind: FetchFailure;
  readonly url: string;
  readonly status: number | undefined;
  constructor(kind: FetchFailure, url: string, message: string, options?: ErrorOptions & { status?: number }) {
    super(message, options);
    this.name = 'FetchError';
    this.kind = kind;
    this.url = url;
    this.status = options?.status;
  }
}

export interface FetchPolicy {
  /** Least time between the starts of two requests to the service. */
  minIntervalMs: number;
  /** Time allowed for one request, headers and body. */
  timeoutMs: number;
  /** Attempts after the first, on 429, 503, timeouts and dropped connections. */
  retries: number;
  /** First backoff; doubled on every retry. */
  backoffMs: number;
  /** Longest wait a `Retry-After` header may ask for. */
  maxRetryAfterMs: number;
}

/** The arXiv API's published rules: one request every 3 seconds. Crossref asks for the same restraint. */
export const POLITE_POLICY: FetchPolicy = {
  minIntervalMs: 3000,
  timeoutMs: 20_000,
  retries: 3,
  backoffMs: 3000,
  maxRetryAfterMs: 60_000,
};

/**
 * The User-Agent the services see: the project, where it lives, and a contact address when
 * METADATA_CONTACT gives one (arXiv and Crossref ask for a way to reach whoever runs a client).
 */
export function userAgent(env: NodeJS.ProcessEnv = process.env): string {
  const contact = env['METADATA_CONTACT']?.trim();
  const mailto = contact === undefined || contact === '' ? '' : `; mailto:${contact}`;
  return `paper-archive/0.1 (research-paper archive; adds papers by id for contributors; +${SITE.repository}${mailto})`;
}

/** A successful response: status 200, the body as text. */
export interface FetchedText {
  url: string;
  status: number;
  contentType: string;
  text: string;
}

export interface PoliteFetchOptions {
  policy?: Partial<FetchPolicy> | undefined;
  userAgent?: string | undefined;
  /** The service's name in messages ("the arXiv API"). */
  service: string;
  fetch?: typeof globalThis.fetch | undefined;
  now?: (() => number) | undefined;
  sleep?: ((ms: number) => Promise<void>) | undefined;
  /** Told about every wait and retry, for a CLI that wants to say why it is slow. */
  onWait?: ((reason: string, ms: number) => void) | undefined;
}

export interface PoliteFetcher {
  get(url: string, accept: string): Promise<FetchedText>;
  /** Requests sent so far (retries included). */
  readonly requests: number;
}

const NETWORK_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** The system error code under a failed `fetch` (undici wraps it in `cause`). */
function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    const code = (current as NodeJS.ErrnoException).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return undefined;
}

/** `Retry-After` as milliseconds (seconds or an HTTP date); `undefined` when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A fetcher for one service; keep one per service and run, so the interval holds across calls. */
export function politeFetcher(options: PoliteFetchOptions): PoliteFetcher {
  const policy: FetchPolicy = { ...POLITE_POLICY, ...options.policy };
  const doFetch = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const service = options.service;
  let lastStart: number | undefined;
  let requests = 0;

  const wait = async (ms: number, reason: string) => {
    if (ms <= 0) return;
    options.onWait?.(reason, ms);
    await sleep(ms);
  };

  const attempt = async (url: string, accept: string): Promise<Response | { error: unknown; timedOut: boolean }> => {
    if (lastStart !== undefined) {
      await wait(
        lastStart + policy.minIntervalMs - now(),
        `${service} allows one request every ${policy.minIntervalMs / 1000} s`,
      );
    }
    lastStart = now();
    requests += 1;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), policy.timeoutMs);
    try {
      const response = await doFetch(url, {
        headers: { 'User-Agent': options.userAgent ?? userAgent(), Accept: accept },
        signal: controller.signal,
        redirect: 'follow',
      });
      // The body is read under the same timeout: a server that stalls mid-body is a timeout too.
      const text = await response.text();
      return new Response(text, { status: response.status, headers: response.headers });
    } catch (error) {
      return { error, timedOut: controller.signal.aborted };
    } finally {
      clearTimeout(timer);
    }
  };

  const get = async (url: string, accept: string): Promise<FetchedText> => {
    for (let retry = 0; ; retry += 1) {
      const result = await attempt(url, accept);
      const backoff = policy.backoffMs * 2 ** retry;
      const canRetry = retry < policy.retries;
      if (!(result instanceof Response)) {
        const code = networkCode(result.error);
        if (result.timedOut) {
          if (canRetry) {
            await wait(backoff, `${service} did not answer within ${policy.timeoutMs / 1000} s; retrying`);
            continue;
          }
          throw new FetchError(
            'timeout',
            url,
            `${service} did not answer within ${policy.timeoutMs / 1000} s (${policy.retries + 1} tries): it may be down or slow; try again later, or add the paper by hand with --offline`,
            { cause: result.error },
          );
        }
        if (code !== undefined && NETWORK_CODES.has(code)) {
          const offline =
            code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ENETUNREACH' || code === 'EHOSTUNREACH';
          if (!offline && canRetry) {
            await wait(backoff, `the connection to ${service} failed (${code}); retrying`);
            continue;
          }
          throw new FetchError(
            'offline',
            url,
            `cannot reach ${service} at ${new URL(url).host} (${code}): you seem to be offline; connect and try again, or add the paper by hand with --offline`,
            { cause: result.error },
          );
        }
        throw new FetchError('offline', url, `the request to ${service} failed: ${String(result.error)}`, {
          cause: result.error,
        });
      }
      const response = result;
      if (response.status === 429 || response.status === 503) {
        const asked = retryAfterMs(response.headers.get('retry-after'), now());
        if (canRetry) {
          const delay = Math.min(Math.max(asked ?? 0, backoff), policy.maxRetryAfterMs);
          await wait(
            delay,
            `${service} answered ${response.status} (${response.status === 429 ? 'too many requests' : 'busy'}); retrying`,
          );
          continue;
        }
        throw new FetchError(
          'rate-limited',
          url,
          `${service} is refusing requests (HTTP ${response.status}) after ${policy.retries + 1} tries: wait a few minutes and run the command again`,
          { status: response.status },
        );
      }
      const text = await response.text();
      if (response.status === 404 || response.status === 410) {
        throw new FetchError('not-found', url, `${service} has no record at ${url} (HTTP ${response.status})`, {
          status: response.status,
        });
      }
      if (response.status >= 500 && canRetry) {
        await wait(backoff, `${service} answered ${response.status}; retrying`);
        continue;
      }
      if (response.status !== 200) {
        throw new FetchError(
          'http',
          url,
          `${service} answered HTTP ${response.status} for ${url}${text.trim() === '' ? '' : ` (${text.trim().slice(0, 200).replace(/\s+/g, ' ')})`}`,
          { status: response.status },
        );
      }
      return { url, status: response.status, contentType: response.headers.get('content-type') ?? '', text };
    }
  };

  return {
    get,
    get requests() {
      return requests;
    },
  };
}

/** Whether `url` points at this machine (a test server or a local mirror). */
export function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '[::1]' || host.startsWith('127.');
}

/**
 * The policy for a service at `baseUrl`: the polite one for every real host. A server on this
 * machine (tests, a local mirror) has no rate rule to respect, so it gets no interval and short
 * backoffs; its timeout can be set with METADATA_TIMEOUT_MS so a test of a stalled server stays short.
 */
export function policyFor(baseUrl: string, env: NodeJS.ProcessEnv = process.env): Partial<FetchPolicy> {
  if (!isLoopback(baseUrl)) return POLITE_POLICY;
  const timeout = Number(env['METADATA_TIMEOUT_MS']);
  return {
    minIntervalMs: 0,
    backoffMs: 20,
    maxRetryAfterMs: 2000,
    timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : POLITE_POLICY.timeoutMs,
  };
}
