/**
 * A ProseContext (src/lib/repair/tex-typography.ts) like tex-repair.ts's paragraph, for testing the
 * prose rules on their own: placeholders are Private Use Area characters, `render` writes them out
 * as Markdown would see them, `show` as the source they replaced, and `records` lists each change;
 * `writesEmphasis: false` reads as a title does.
 */
import type { ProseContext } from '../../src/lib/repair/tex-typography.ts';

interface Slot {
  source: string;
  markdown?: string;
  literal?: string;
}

export function proseContext({ writesEmphasis = true }: { writesEmphasis?: boolean } = {}): ProseContext & {
  records: [string, string, string][];
  render(text: string): string;
} {
  const slots: Slot[] = [];
  const placeholder = (slot: Slot): string => String.fromCharCode(0xe000 + slots.push(slot) - 1);
  const slot = (char: string | undefined): Slot | undefined =>
    char === undefined ? undefined : slots[char.charCodeAt(0) - 0xe000];
  const records: [string, string, string][] = [];
  return {
    records,
    writesEmphasis,
    keep: (source, markdown) => placeholder({ source, markdown }),
    literal: (source, literal) => placeholder({ source, literal }),
    record: (rule, before, after) => {
      if (before !== after) records.push([rule, before, after]);
    },
    show: (text) => text.replace(/[\ue000-\uf8ff]/g, (char) => slot(char)?.source ?? char),
    render: (text) => text.replace(/[\ue000-\uf8ff]/g, (char) => slot(char)?.markdown ?? slot(char)?.literal ?? char),
    neighbour: (text, index, side) => {
      const char = text[index];
      const found = slot(char);
      if (found === undefined) return char;
      const written = found.markdown ?? found.literal ?? '';
      return side === 'first' ? written[0] : written.at(-1);
    },
  };
}
