/** Strict XML checks for feeds and sitemaps: a conforming (namespace-aware) parser, not a lenient one. */
import { SaxesParser } from 'saxes';

/** Why `xml` is not well-formed XML with valid namespaces, or undefined when it is. */
export function xmlError(xml: string): string | undefined {
  const parser = new SaxesParser({ xmlns: true });
  let problem: string | undefined;
  parser.on('error', (error) => {
    problem ??= error.message;
  });
  try {
    parser.write(xml).close();
  } catch (error) {
    problem ??= error instanceof Error ? error.message : String(error);
  }
  return problem;
}
