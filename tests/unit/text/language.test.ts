import { describe, expect, it } from 'vitest';
import { htmlLanguage, htmlScriptAttributes, scriptAttributes, textLanguage } from '../../../src/lib/text/language.ts';

describe('textLanguage', () => {
  it.each([
    ['基于深度学习的图像分割', 'zh'],
    ['深層学習による画像認識', 'ja'],
    ['ニューラルネットワーク', 'ja'],
    ['딥러닝을 이용한 음성 인식', 'ko'],
    ['韓國語 딥러닝', 'ko'],
    ['การเรียนรู้เชิงลึก', 'th'],
    ['نمذجة اللغة العربية', 'ar'],
    ['یادگیری عمیق برای پردازش زبان', 'fa'],
    ['گہری تعلیم کے ذریعے اردو', 'ur'],
    ['למידה עמוקה', 'he'],
    ['Αναγνώριση ομιλίας', 'el'],
    ['Распознавание речи', 'ru'],
    ['Розпізнавання мовлення', 'uk'],
    ['Препознавање говора', 'sr'],
    ['गहन शिक्षण', 'hi'],
    ['গভীর শিক্ষা', 'bn'],
    ['ஆழ்ந்த கற்றல்', 'ta'],
    ['ღრმა სწავლება', 'ka'],
  ])('reads %s as %s', (text, language) => {
    expect(textLanguage(text)).toBe(language);
  });

  it('leaves Latin-script text to the page, whatever its language', () => {
    for (const text of [
      'Attention Is All You Need',
      'Apprentissage profond',
      'Tiefes Lernen für Ärzte',
      'Học sâu',
      '',
    ]) {
      expect(textLanguage(text), text).toBeUndefined();
    }
  });

  it('reads an English title with Greek letters or formulas as English', () => {
    for (const text of [
      'β-VAE: Learning Basic Visual Concepts',
      'On $\\alpha\\beta\\gamma$-divergences',
      'Ψ-Net and Ω',
      'On the Ляпунов exponents of deep networks',
    ]) {
      expect(textLanguage(text), text).toBeUndefined();
    }
  });

  it('reads a Chinese title with Latin acronyms and names by its characters, each weighing two letters', () => {
    expect(textLanguage('基于Transformer的LLM推理加速')).toBe('zh');
    expect(textLanguage('Transformer Models: 一个综述')).toBeUndefined();
  });

  it('passes over math: an Arabic title with a formula is Arabic', () => {
    expect(textLanguage('نمذجة اللغة العربية باستخدام $\\mathcal{O}(n)$ من الذاكرة')).toBe('ar');
  });
});

describe('htmlLanguage', () => {
  it('reads text, not tags, attributes or character references', () => {
    expect(htmlLanguage('<mark title="Αναγνώριση">Deep</mark> learning &amp; more')).toBeUndefined();
    expect(htmlLanguage('<mark>图像</mark>分割方法')).toBe('zh');
  });
});

describe('scriptAttributes', () => {
  it('gives the dir and lang an element showing the text needs, and nothing for English', () => {
    expect(scriptAttributes('نمذجة اللغة العربية')).toEqual({ dir: 'rtl', lang: 'ar' });
    expect(scriptAttributes('基于深度学习的图像分割')).toEqual({ lang: 'zh' });
    expect(scriptAttributes('β-VAE: Learning Basic Visual Concepts')).toEqual({});
    expect(htmlScriptAttributes('<mark>למידה</mark> עמוקה')).toEqual({ dir: 'rtl', lang: 'he' });
  });
});
