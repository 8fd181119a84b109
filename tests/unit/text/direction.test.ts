import { describe, expect, it } from 'vitest';
import { hasRightToLeftLetter, htmlDirection, textDirection } from '../../../src/lib/text/direction.ts';

describe('textDirection', () => {
  it('is rtl when the first letter is of a right-to-left script, as dir="auto" decides', () => {
    expect(textDirection('التعلم العميق لمعالجة اللغة العربية')).toBe('rtl');
    expect(textDirection('למידת מכונה לזיהוי תמונות')).toBe('rtl');
    expect(textDirection('یادگیری عمیق برای پردازش زبان فارسی')).toBe('rtl');
    // Digits, punctuation and white space are not strong: the first letter decides.
    expect(textDirection('  ٩٥٪ (2024): نقدم نموذجاً باستخدام BERT')).toBe('rtl');
    expect(textDirection('«אנו» מציגים CNN')).toBe('rtl');
  });

  it('is undefined (the page’s own left to right) for Latin, Cyrillic, CJK and Indic text', () => {
    for (const text of [
      'Scaling Laws for Autoregressive Generative Modeling',
      'Нейронные сети для распознавания речи',
      '基于深度学习的图像分割方法研究',
      '大規模言語モデルによる機械翻訳の評価',
      '강화 학습을 이용한 로봇 제어',
      'हिंदी भाषा के लिए तंत्रिका मशीन अनुवाद',
      'BERT لمعالجة اللغة العربية',
      '2024 — 95%',
      '',
    ]) {
      expect(textDirection(text), text).toBeUndefined();
    }
  });

  it('looks past TeX math, whose letters are not the prose', () => {
    expect(textDirection('$f(x) = Wx$ تابع خطی است')).toBe('rtl');
    expect(textDirection('$$\\alpha$$ و \\(\\beta\\) پارامترها')).toBe('rtl');
    expect(textDirection('$x$ is \\$5 נניח')).toBeUndefined();
  });
});

describe('htmlDirection', () => {
  it('reads the text of HTML, not its tags, attributes or character references', () => {
    expect(htmlDirection('<a href="/papers/x/">&quot;نماذج&quot; اللغة</a>')).toBe('rtl');
    expect(htmlDirection('<p class="x">&#x645;&#1593;&nbsp;نص</p>')).toBe('rtl');
    expect(htmlDirection('<em>Deep</em> learning')).toBeUndefined();
  });
});

describe('hasRightToLeftLetter', () => {
  it('finds a right-to-left letter anywhere, and digits or Latin letters are none', () => {
    expect(hasRightToLeftLetter('BERT و GPU')).toBe(true);
    expect(hasRightToLeftLetter('Cohen, David (דוד)')).toBe(true);
    expect(hasRightToLeftLetter('95% ٩٥٪ ۹۲')).toBe(false);
    expect(hasRightToLeftLetter('Нейронные сети 基于')).toBe(false);
  });
});
