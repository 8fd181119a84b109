import { findHiddenCharacters, hiddenCharacterProblems } from './hidden-characters.ts';
import type { Problem } from './rules.ts';

/** Paper files larger than this are refused unread: no abstract with its metadata comes close. */
export const MAX_PAPER_BYTES = 64 * 1024;

/**
 * The byte offset of the first byte that is not part of well-formed UTF-8 (overlongs, surrogates
 * and code points past U+10FFFF included), or -1. Only used to *locate* the error that the fatal
 * `TextDecoder` reports, which stays the authority on what is valid.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    let need: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) need = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      need = 2;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      need = 3;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k += 1) {
      const next = bytes[i + k];
      if (next === undefined) return i;
      const min = k === 1 ? low : 0x80;
      const max = k === 1 ? high : 0xbf;
      if (next < min || next > max) return i;
    }
    i += need + 1;
  }
  return -1;
}

const fatalDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** What the bytes of a paper file decode to, or the problems that stop it being read at all. */
export type DecodedPaper = { text: string; problems: Problem[] } | { text: undefined; problems: Problem[] };

/**
 * Decodes a paper file's bytes strictly. Oversized files, invalid UTF-8 and NUL bytes make the
 * file unreadable (no `text`); other control, bidirectional and invisible characters are reported
 * but the text is returned so the rest of the file can still be checked. Offsets in problems are offsets in the decoded text.
 */
export function decodePaperBytes(bytes: Uint8Array): DecodedPaper {
  if (bytes.length > MAX_PAPER_BYTES) return tooLarge(bytes.length);
  let text: string;
  try {
    text = fatalDecoder.decode(bytes);
  } catch {
    const at = Math.max(0, firstInvalidUtf8(bytes));
    const offset = lenientDecoder.decode(bytes.subarray(0, at)).length;
    const hex = Array.from(bytes.subarray(at, at + 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    return {
      text: undefined,
      problems: [
        {
          rule: 'invalid-utf8',
          offset,
          message: `the file is not valid UTF-8 (bytes ${hex}): save it as UTF-8 text`,
        },
      ],
    };
  }
  return textProblems(text);
}

/**
 * `decodePaperBytes` for a file about to be written from `text` as UTF-8: the same rules on the
 * same characters, without encoding the text first (a tenth of the cost of checking a planned
 * file). A lone surrogate, which the encoder would write as U+FFFD, is refused as not a character.
 */
export function checkPaperText(text: string): DecodedPaper {
  const bytes = Buffer.byteLength(text);
  return bytes > MAX_PAPER_BYTES ? tooLarge(bytes) : textProblems(text);
}

function tooLarge(bytes: number): DecodedPaper {
  return {
    text: undefined,
    problems: [
      {
        rule: 'file-too-large',
        offset: 0,
        message: `the file is ${bytes} bytes; a paper file is at most ${MAX_PAPER_BYTES} bytes (64 KB): keep only the abstract and its metadata`,
      },
    ],
  };
}

/** What stops decoded text being read (NUL, a lone CR), or the hidden characters in it. */
function textProblems(text: string): DecodedPaper {
  const nul = text.indexOf('\0');
  if (nul !== -1) {
    return {
      text: undefined,
      problems: [
        {
          rule: 'nul-byte',
          offset: nul,
          message: 'the file contains a NUL byte: it is not a text file; save the paper as plain UTF-8 text',
        },
      ],
    };
  }
  const loneCr = /\r(?!\n)/.exec(text);
  if (loneCr) {
    // Astro only splits lines at "\n": with old Mac line endings it would find no front matter at all.
    return {
      text: undefined,
      problems: [
        {
          rule: 'control-character',
          offset: loneCr.index,
          message: 'the file has a carriage return (CR) without a line feed: save it with LF (or CRLF) line endings',
        },
      ],
    };
  }
  return { text, problems: hiddenCharactersInFile(text) };
}

/**
 * Hidden characters written as themselves anywhere in the file (the front matter's keys, values
 * and comments, and the abstract): one problem per rule, at the first, counting the rest. A byte
 * order mark may open the file. See `hidden-characters.ts` for the rules and where the invisible
 * characters scripts and emoji need are accepted.
 */
export function hiddenCharactersInFile(text: string): Problem[] {
  return hiddenCharacterProblems(findHiddenCharacters(text, { file: true }), { scope: 'file' });
}
