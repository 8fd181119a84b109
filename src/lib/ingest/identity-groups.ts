/**
 * Which records (and archive files) are the same paper. Each carries identity keys (`arxiv:…`,
 * `doi:…`, `title:…`, `abstract:…`; see identity.ts and ingest.ts's abstractKey). Keys are joined
 * strongest first, and a weaker key never overrules a stronger one:
 *
 * 1. the same arXiv id (any version) is the same paper;
 * 2. the same DOI is the same paper, unless the two carry different arXiv ids (then the data
 *    contradicts itself: the later record is held back with a reason);
 * 3. the same normalized title is the same paper, unless arXiv ids or DOIs differ (then they are
 *    different papers with one title, a series or a common title: both are kept, and noted);
 * 4. the same abstract with a different title is the same paper only against the archive (a person
 *    corrected the file's title after it was ingested); two incoming records that share only an
 *    abstract are kept apart and noted as possible duplicates for a person to decide (series
 *    papers sometimes share an abstract word for word).
 *
 * Union-find with the ids of each group at its root, so each join is checked against everything
 * the group already holds, in near-constant time per key.
 */

export type IdentityKind = 'arxiv' | 'doi' | 'title' | 'abstract';

const KIND_ORDER: readonly IdentityKind[] = ['arxiv', 'doi', 'title', 'abstract'];

export interface IdentityNode {
  /** Identity keys, each `kind:value`. */
  keys: readonly string[];
  /** An archive file (as opposed to an incoming record). */
  archived: boolean;
}

/** Two nodes that share a key but were kept apart, and why. */
export interface IdentityNote {
  /** The later node (archive files are numbered before records): the one held back or noted. */
  node: number;
  /** The node it shares the key with. */
  other: number;
  kind: IdentityKind;
  /** What differs: the arXiv ids or DOIs of both, or the titles (for abstracts). */
  because: 'arxiv' | 'doi' | 'title';
}

export interface IdentityGrouping {
  /** Groups of node indexes, each sorted, in order of their first node. */
  groups: number[][];
  /**
   * Nodes that must not be written as papers of their own: they share a DOI with a paper that has
   * another arXiv id, so one of the two carries a wrong id.
   */
  held: IdentityNote[];
  /** Nodes kept apart from a paper they share a title or an abstract with. */
  apart: IdentityNote[];
}

interface GroupIds {
  arxiv: string | undefined;
  doi: string | undefined;
  archived: boolean;
}

function kindOf(key: string): IdentityKind | undefined {
  const kind = key.slice(0, key.indexOf(':'));
  return (KIND_ORDER as readonly string[]).includes(kind) ? (kind as IdentityKind) : undefined;
}

function idOf(keys: readonly string[], kind: 'arxiv' | 'doi'): string | undefined {
  const key = keys.find((candidate) => candidate.startsWith(`${kind}:`));
  return key?.slice(kind.length + 1);
}

/** Groups `nodes` into papers by their identity keys, by the rules above. */
export function groupByIdentity(nodes: readonly IdentityNode[]): IdentityGrouping {
  const parent = nodes.map((_, index) => index);
  const ids: GroupIds[] = nodes.map((node) => ({
    arxiv: idOf(node.keys, 'arxiv'),
    doi: idOf(node.keys, 'doi'),
    archived: node.archived,
  }));
  const find = (node: number): number => {
    let root = node;
    while (parent[root] !== root) root = parent[root] ?? root;
    for (let current = node; parent[current] !== root;) {
      const next = parent[current] ?? root;
      parent[current] = root;
      current = next;
    }
    return root;
  };

  const owners = new Map<string, number[]>();
  nodes.forEach((node, index) => {
    for (const key of new Set(node.keys)) {
      const list = owners.get(key);
      if (list === undefined) owners.set(key, [index]);
      else list.push(index);
    }
  });

  const held: IdentityNote[] = [];
  const apart: IdentityNote[] = [];
  const heldNodes = new Set<number>();
  /** Why the groups of `a` and `b` must stay apart when joined by a key of `kind`, or undefined. */
  const conflict = (a: GroupIds, b: GroupIds, kind: IdentityKind): IdentityNote['because'] | undefined => {
    if (kind === 'arxiv') return undefined;
    if (a.arxiv !== undefined && b.arxiv !== undefined && a.arxiv !== b.arxiv) return 'arxiv';
    if (kind === 'doi') return undefined;
    if (a.doi !== undefined && b.doi !== undefined && a.doi !== b.doi) return 'doi';
    // Sharing only an abstract: the same paper only when one side is the archive's file.
    if (kind === 'abstract' && a.archived === b.archived) return 'title';
    return undefined;
  };

  for (const kind of KIND_ORDER) {
    for (const [key, members] of owners) {
      if (members.length < 2 || kindOf(key) !== kind) continue;
      const [first = 0, ...rest] = members;
      for (const node of rest) {
        const rootA = find(first);
        const rootB = find(node);
        if (rootA === rootB) continue;
        const a = ids[rootA] as GroupIds;
        const b = ids[rootB] as GroupIds;
        const because = conflict(a, b, kind);
        if (because === undefined) {
          // The smaller index stays root, so a group's root is its first node.
          const [root, child] = rootA < rootB ? [rootA, rootB] : [rootB, rootA];
          parent[child] = root;
          ids[root] = { arxiv: a.arxiv ?? b.arxiv, doi: a.doi ?? b.doi, archived: a.archived || b.archived };
          continue;
        }
        // Archive files come first among the nodes, so `node` is the incoming (or later) one.
        const note = { node, other: first, kind, because };
        if (kind !== 'doi') apart.push(note);
        else if (!heldNodes.has(node)) {
          held.push(note);
          heldNodes.add(node);
        }
      }
    }
  }

  const byRoot = new Map<number, number[]>();
  nodes.forEach((_, index) => {
    const root = find(index);
    const group = byRoot.get(root);
    if (group === undefined) byRoot.set(root, [index]);
    else group.push(index);
  });
  return { groups: [...byRoot.values()], held, apart };
}
