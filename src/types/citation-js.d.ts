// Citation.js ships no type declarations; these cover the calls this project makes.
declare module '@citation-js/core' {
  export class Cite {
    constructor(data: unknown);
    format(format: string, options?: Record<string, unknown>): string;
    data: Record<string, unknown>[];
  }
  /** What `Cite#format` does, without parsing its input first. */
  export const plugins: {
    input: { util: { clean(data: readonly object[]): Record<string, unknown>[] } };
    output: { format(name: string, data: readonly object[], options?: Record<string, unknown>): unknown };
  };
}
declare module '@citation-js/plugin-ris';
declare module '@citation-js/plugin-csl';
declare module '@citation-js/plugin-bibtex';
declare module '@citation-js/name' {
  export interface CslName {
    family?: string;
    given?: string;
    suffix?: string;
    literal?: string;
    'non-dropping-particle'?: string;
    'dropping-particle'?: string;
  }
  export function parse(name: string): CslName;
}
