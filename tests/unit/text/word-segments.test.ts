import { describe, expect, it } from 'vitest';
import {
  indexedSegmentInsertions,
  needsWordSegments,
  SEGMENT_MARK,
  segmentWords,
  withoutSegmentSpaces,
  wordSegmentOffsets,
} from '../../../src/lib/text/word-segments.ts';

/** `text` as the index holds it: the insertions applied. */
function indexed(text: string): string {
  let out = '';
  let copied = 0;
  for (const [offset, insert] of indexedSegmentInsertions(text)) {
    out += text.slice(copied, offset) + insert;
    copied = offset;
  }
  return out + text.slice(copied);
}

describe('needsWordSegments', () => {
  it('is true for Chinese, Japanese kana, Thai, Lao, Khmer and Burmese letters', () => {
    for (const text of ['图像', 'ひらがな', 'カタカナ', 'การเรียนรู้', 'ພາສາລາວ', 'ភាសាខ្មែរ', 'မြန်မာ', 'x 𠀀 y']) {
      expect(needsWordSegments(text), text).toBe(true);
    }
  });

  it('is false for scripts written with spaces, and for CJK punctuation alone', () => {
    for (const text of ['Deep learning', '딥러닝을 이용한', 'нейронные сети', 'شبكات', 'αβγ', '「」。，', '']) {
      expect(needsWordSegments(text), text).toBe(false);
    }
  });
});

describe('segmentWords', () => {
  it('separates the words of a Chinese, Japanese or Thai text', () => {
    expect(segmentWords('基于深度学习的图像分割')).toBe('基于 深度 学习 的 图像 分割');
    expect(segmentWords('深層学習による画像認識')).toBe('深層 学習 による 画像 認識');
    expect(segmentWords('การเรียนรู้เชิงลึก')).toBe('การ เรียน รู้ เชิง ลึก');
  });

  it('separates such words from a Latin word or a number beside them, and keeps punctuation with the word before', () => {
    expect(segmentWords('基于BERT的模型')).toBe('基于 BERT 的 模型');
    expect(segmentWords('提高了3倍')).toBe('提高 了 3 倍');
    expect(segmentWords('模型。本文')).toBe('模型。 本文');
    expect(segmentWords('（本文）')).toBe('（ 本文）');
  });

  it('leaves every other text exactly as it is, spaces and punctuation included', () => {
    for (const text of [
      'Cross-entropy  loss, e.g. for   ImageNet-1k.',
      '딥러닝을 이용한 음성 인식',
      'نمذجة اللغة العربية',
      '',
      '  ',
    ]) {
      expect(segmentWords(text)).toBe(text);
    }
    expect(segmentWords('使用 BERT 模型')).toBe('使用 BERT 模型');
  });

  it('is idempotent: a query segmented twice is segmented once', () => {
    const once = segmentWords('基于BERT的图像分割（本文）。');
    expect(segmentWords(once)).toBe(once);
  });

  it('splits a query as it splits the text that holds it, so each query word is a word of the index', () => {
    const text = segmentWords('本文提出一种基于深度学习的图像分割模型').split(' ');
    for (const query of ['图像分割', '深度学习', '图像']) {
      for (const word of segmentWords(query).split(' ')) expect(text).toContain(word);
    }
  });

  it('keeps astral Han characters whole', () => {
    expect(segmentWords('𠀀𠀁测试')).not.toMatch(/[\uD800-\uDBFF] |(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u);
  });
});

describe('wordSegmentOffsets', () => {
  it('gives each offset once, ascending', () => {
    const offsets = wordSegmentOffsets('a基于BERT的模型（本文）b');
    expect(offsets).toEqual([...new Set(offsets)].sort((x, y) => x - y));
    expect(offsets).toContain(1);
  });
});

describe('withoutSegmentSpaces', () => {
  it('gives back the text as written from what the index holds, also across marked words', () => {
    for (const text of [
      '本文提出一种基于BERT的图像分割模型。此外，持续学习能够缓解灾难性遗忘问题。',
      '山田 太郎。本研究では、ニューラルネットワークを用いた。',
      'งานวิจัยนี้นำเสนอวิธีการ ผลการทดลองแสดงให้เห็น',
      '使用 BERT 模型 (本文) and English',
    ]) {
      const held = indexed(text);
      expect(held).not.toBe(text);
      // Split at every space into parts, every other one marked, as an excerpt's runs come.
      const parts = held.split(/(?= )/u).map((piece, i) => ({ text: piece, mark: i % 2 === 1 }));
      expect(
        withoutSegmentSpaces(parts)
          .map((part) => part.text)
          .join(''),
      ).toBe(text);
    }
  });

  it('keeps which runs are marked, dropping runs left empty', () => {
    const parts = [
      { text: `基于${SEGMENT_MARK} `, mark: false },
      { text: `图像${SEGMENT_MARK}`, mark: true },
      { text: ' 分割', mark: false },
    ];
    expect(withoutSegmentSpaces(parts)).toEqual([
      { text: '基于', mark: false },
      { text: '图像', mark: true },
      { text: '分割', mark: false },
    ]);
  });

  it('returns the same parts when the index put nothing in', () => {
    const parts = [{ text: '山田 太郎 and Deep learning', mark: false }];
    expect(withoutSegmentSpaces(parts)).toBe(parts);
  });
});
