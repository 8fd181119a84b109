/**
 * A file as a `data:` URL, for a download link (`<a download href="data:...">`) that needs no file
 * of its own on the host: the browser makes the file from the page itself, offline, opened from
 * disk (file://) and without JavaScript alike. Used for the citation formats a paper offers beside
 * its `.bib` (RIS, CSL-JSON), which would otherwise be two more files per paper.
 *
 * Only what would change the text on its way through the URL parser and the data: URL decoder is
 * escaped: `%` (the escape itself), `#` (a fragment is cut off), tabs and line breaks (the parser
 * drops them), any other control character, and `"`, `&`, `'`, `<`, `>` (shorter than their HTML
 * escapes in an attribute). Letters outside ASCII stay as they are: the page is UTF-8, and the
 * parser encodes them as UTF-8 itself.
 */

// eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
const UNSAFE = /[\u0000-\u001f\u007f%#"&'<>]/g;

/** `text` (UTF-8) as a `data:` URL of type `mediaType`, decoding back to exactly `text`. */
export function dataUrl(mediaType: string, text: string): string {
  if (!/^[\w.+-]+\/[\w.+-]+$/.test(mediaType)) throw new Error(`Not a media type: ${mediaType}`);
  const body = text.replace(UNSAFE, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  // A space right before the end would be trimmed off the URL: escaped too.
  return `data:${mediaType};charset=utf-8,${body.replace(/ +$/, (spaces) => '%20'.repeat(spaces.length))}`;
}
