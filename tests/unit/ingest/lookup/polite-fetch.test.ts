import { afterEach, describe, expect, it } from 'vitest';
import {
  FetchError,
  policyFor,
  politeFetcher,
  POLITE_POLICY,
  retryAfterMs,
  userAgent,
} from '../../../../src/lib/ingest/lookup/polite-fetch.ts';
import { serveMetadata, type MetadataServer, type ScriptedAnswer } from '../../../helpers/metadata-server.ts';

const FEED = '<feed xmlns="http://www.w3.org/2005/Atom"></feed>';
let server: MetadataServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A fetcher with no waiting: the test records each wait instead of sleeping. */
function fetcher(options: { timeoutMs?: number; retries?: number } = {}) {
  const waits: { reason: string; ms: number }[] = [];
  const client = politeFetcher({
    service: 'the test API',
    policy: {
      minIntervalMs: 0,
      backoffMs: 100,
      maxRetryAfterMs: 5000,
      timeoutMs: options.timeoutMs ?? 2000,
      retries: options.retries ?? 3,
    },
    sleep: async () => {},
    onWait: (reason, ms) => waits.push({ reason, ms }),
  });
  return { client, waits };
}

async function failure(promise: Promise<unknown>): Promise<FetchError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FetchError) return error;
    throw error;
  }
  throw new Error('expected a FetchError');
}

function scripted(answers: ScriptedAnswer[]) {
  return serveMetadata({ script: (_url, index) => answers[Math.min(index, answers.length - 1)] });
}

describe('politeFetcher', () => {
  it('sends a descriptive User-Agent and returns the body', async () => {
    server = await serveMetadata();
    const { client } = fetcher();
    const response = await client.get(`${server.arxivUrl}/query?id_list=2408.11029`, 'application/atom+xml');
    expect(response.status).toBe(200);
    expect(response.text).toContain('Scaling Law with Learning Rate Annealing');
    expect(server.requests[0]?.userAgent).toMatch(/^paper-archive\/[\d.]+ \(.*\+https?:\/\//);
    expect(userAgent({ METADATA_CONTACT: 'maintainer@example.org' })).toMatch(/mailto:maintainer@example\.org\)$/);
  });

  it('retries a 429, waiting what Retry-After asks, then succeeds', async () => {
    server = await scripted([
      { status: 429, headers: { 'Retry-After': '2' }, body: 'Too Many Requests' },
      { status: 200, body: FEED },
    ]);
    const { client, waits } = fetcher();
    const response = await client.get(`${server.arxivUrl}/query?id_list=1`, 'application/atom+xml');
    expect(response.text).toBe(FEED);
    expect(server.requests.map((request) => request.status)).toEqual([429, 200]);
    expect(waits).toEqual([{ reason: 'the test API answered 429 (too many requests); retrying', ms: 2000 }]);
    expect(client.requests).toBe(2);
  });

  it('backs off exponentially on 503 and gives up with what to do', async () => {
    server = await scripted([{ status: 503, body: 'busy' }]);
    const { client, waits } = fetcher({ retries: 2 });
    const error = await failure(client.get(`${server.arxivUrl}/query?id_list=1`, 'application/atom+xml'));
    expect(error.kind).toBe('rate-limited');
    expect(error.message).toMatch(/refusing requests \(HTTP 503\) after 3 tries: wait a few minutes/);
    expect(waits.map((wait) => wait.ms)).toEqual([100, 200]);
    expect(server.requests).toHaveLength(3);
  });

  it('times out a server that never answers, retries, then says so', async () => {
    server = await scripted([{ status: 200, stall: true }]);
    const { client } = fetcher({ timeoutMs: 150, retries: 1 });
    const error = await failure(client.get(`${server.arxivUrl}/query?id_list=1`, 'application/atom+xml'));
    expect(error.kind).toBe('timeout');
    expect(error.message).toMatch(/did not answer within 0.15 s \(2 tries\).*--offline/);
    expect(server.requests).toHaveLength(2);
  });

  it('reports a closed port as offline, and 404 as not found', async () => {
    server = await serveMetadata();
    const { arxivUrl } = server;
    const notFound = await failure(fetcher().client.get(`${server.origin}/nothing-here`, 'text/plain'));
    expect(notFound).toMatchObject({ kind: 'not-found', status: 404 });
    await server.close();
    server = undefined;
    const offline = await failure(fetcher({ retries: 1 }).client.get(`${arxivUrl}/query?id_list=1`, 'text/plain'));
    expect(offline.kind).toBe('offline');
    expect(offline.message).toMatch(/cannot reach the test API at 127\.0\.0\.1:\d+ \(ECONNREFUSED\).*--offline/);
  });

  it('spaces requests by the interval, counted from the start of the last one', async () => {
    let clock = 1000;
    const slept: number[] = [];
    const client = politeFetcher({
      service: 'arXiv',
      policy: { minIntervalMs: 3000 },
      now: () => clock,
      sleep: async (ms) => {
        slept.push(ms);
        clock += ms;
      },
      fetch: async () => {
        clock += 500;
        return new Response(FEED, { status: 200 });
      },
    });
    await client.get('https://export.arxiv.org/api/query?id_list=1', 'application/atom+xml');
    await client.get('https://export.arxiv.org/api/query?id_list=2', 'application/atom+xml');
    clock += 10_000;
    await client.get('https://export.arxiv.org/api/query?id_list=3', 'application/atom+xml');
    expect(slept).toEqual([2500]);
  });
});

describe('policies', () => {
  it("keeps arXiv's rule for every real host and relaxes it only for this machine", () => {
    expect(policyFor('https://export.arxiv.org/api')).toBe(POLITE_POLICY);
    expect(POLITE_POLICY).toMatchObject({ minIntervalMs: 3000, retries: 3 });
    expect(policyFor('http://127.0.0.1:8080/api', { METADATA_TIMEOUT_MS: '300' })).toMatchObject({
      minIntervalMs: 0,
      timeoutMs: 300,
    });
    expect(policyFor('https://mirror.example.org/api', { METADATA_TIMEOUT_MS: '1' })).toBe(POLITE_POLICY);
  });

  it('reads Retry-After as seconds or a date', () => {
    expect(retryAfterMs('7', 0)).toBe(7000);
    expect(retryAfterMs('Thu, 01 Jan 1970 00:00:10 GMT', 4000)).toBe(6000);
    expect(retryAfterMs(null, 0)).toBeUndefined();
    expect(retryAfterMs('soon', 0)).toBeUndefined();
  });
});
