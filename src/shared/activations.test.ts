import { describe, expect, it } from 'vitest';
import { activationsInWords, isPlainGradientActivation } from './activations.ts';

describe('the activations the rules leave alone', () => {
  it('are said in words, one or many, never as a raw op name', () => {
    expect(activationsInWords({ ClipByValue: 28, Sigmoid: 1 })).toBe('28 clips (hard sigmoids), 1 sigmoid');
    expect(activationsInWords({ Sigmoid: 65 })).toBe('65 sigmoids');
  });

  it('are told from the ReLUs the rules rewrite, and from names every object has', () => {
    expect(isPlainGradientActivation('ClipByValue')).toBe(true);
    expect(isPlainGradientActivation('Relu')).toBe(false);
    expect(isPlainGradientActivation('Relu6')).toBe(false);
    expect(isPlainGradientActivation('toString')).toBe(false);
  });
});
