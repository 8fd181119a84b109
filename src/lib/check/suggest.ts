/**
 * The edit distance between `a` and `b` by optimal string alignment: insertions, deletions,
 * substitutions and swaps of two adjacent characters each count as one edit (no substring is
 * edited twice). A typed key's commonest slip is two letters swapped (`titel`, `autohrs`), which
 * plain Levenshtein counts as two edits, too many for a five-letter key to get a suggestion.
 * Written here rather than taken from npm: fastest-levenshtein (already a dependency) has no
 * transpositions, and the packages that do are unmaintained CommonJS without types
 * (damerau-levenshtein) or whole NLP toolkits; this runs on a few short keys per finding.
 */
export function editDistance(a: string, b: string): number {
  // Three rows of the dynamic-programming table: the one before last is needed for a swap.
  let beforeLast: number[] = [];
  let last = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((last[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (last[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (beforeLast[j - 2] ?? 0) + 1);
      }
      row.push(best);
    }
    [beforeLast, last] = [last, row];
  }
  return last[b.length] ?? 0;
}

/** The candidate closest to `word` by edit distance, when it is close enough to be a likely typo. */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}
