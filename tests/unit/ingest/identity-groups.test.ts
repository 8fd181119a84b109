import { describe, expect, it } from 'vitest';
import { groupByIdentity, type IdentityNode } from '../../../src/lib/ingest/identity-groups.ts';

const record = (...keys: string[]): IdentityNode => ({ keys, archived: false });
const file = (...keys: string[]): IdentityNode => ({ keys, archived: true });

describe('groupByIdentity', () => {
  it('joins nodes that share any key, transitively', () => {
    const { groups, held, apart } = groupByIdentity([
      record('title:a', 'arxiv:1'),
      record('title:b', 'arxiv:1'),
      record('title:b', 'doi:x'),
      record('title:c'),
    ]);
    expect(groups).toEqual([[0, 1, 2], [3]]);
    expect(held).toEqual([]);
    expect(apart).toEqual([]);
  });

  it('never joins different arXiv ids, whatever else they share', () => {
    const { groups, apart } = groupByIdentity([
      record('title:series', 'arxiv:1', 'abstract:same'),
      record('title:series', 'arxiv:2', 'abstract:same'),
    ]);
    expect(groups).toEqual([[0], [1]]);
    expect(apart).toEqual([
      { node: 1, other: 0, kind: 'title', because: 'arxiv' },
      { node: 1, other: 0, kind: 'abstract', because: 'arxiv' },
    ]);
  });

  it('never joins different DOIs by title', () => {
    const { groups, apart } = groupByIdentity([record('title:t', 'doi:x'), record('title:t', 'doi:y')]);
    expect(groups).toEqual([[0], [1]]);
    expect(apart).toEqual([{ node: 1, other: 0, kind: 'title', because: 'doi' }]);
  });

  it('checks a join against the whole group, not only the two nodes', () => {
    // 1 and 2 have no arXiv id of their own, but 2 is already the paper with id B.
    const { groups } = groupByIdentity([
      record('title:t', 'arxiv:A'),
      record('title:u', 'arxiv:B'),
      record('title:t', 'title:u'),
    ]);
    expect(groups.length).toBe(2);
    expect(groups.flat().sort()).toEqual([0, 1, 2]);
  });

  it('lets one arXiv id join different DOIs (a journal DOI and arXiv’s own)', () => {
    expect(groupByIdentity([record('arxiv:1', 'doi:x'), record('arxiv:1', 'doi:y')]).groups).toEqual([[0, 1]]);
  });

  it('holds back a record that has the DOI of a paper with another arXiv id', () => {
    const { groups, held } = groupByIdentity([file('doi:x', 'arxiv:1'), record('doi:x', 'arxiv:2')]);
    expect(groups).toEqual([[0], [1]]);
    expect(held).toEqual([{ node: 1, other: 0, kind: 'doi', because: 'arxiv' }]);
  });

  it('joins by abstract only against the archive (a person corrected the title in the file)', () => {
    expect(
      groupByIdentity([file('title:corrected', 'abstract:a'), record('title:scraped', 'abstract:a')]).groups,
    ).toEqual([[0, 1]]);
    const { groups, apart } = groupByIdentity([record('title:one', 'abstract:a'), record('title:two', 'abstract:a')]);
    expect(groups).toEqual([[0], [1]]);
    expect(apart).toEqual([{ node: 1, other: 0, kind: 'abstract', because: 'title' }]);
  });

  it('does not join by abstract when ids prove the papers different, even against the archive', () => {
    const { groups } = groupByIdentity([
      file('title:a', 'abstract:x', 'arxiv:1'),
      record('title:b', 'abstract:x', 'arxiv:2'),
    ]);
    expect(groups).toEqual([[0], [1]]);
  });

  it('gives the same groups whatever the order of keys within a node', () => {
    const a = groupByIdentity([record('title:t', 'arxiv:1'), record('arxiv:2', 'title:t')]);
    const b = groupByIdentity([record('arxiv:1', 'title:t'), record('title:t', 'arxiv:2')]);
    expect(a).toEqual(b);
  });
});
