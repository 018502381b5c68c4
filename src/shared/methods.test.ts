import { describe, expect, it } from 'vitest';
import { FAMILIES, familyMethods, ingredients, METHOD_INFO, METHODS, withIngredients } from './methods.ts';

describe('the methods table', () => {
  it('lists every ingredient before the methods made from it (the worker computes in table order)', () => {
    for (const method of METHODS) {
      for (const ingredient of ingredients(method)) expect(METHODS.indexOf(ingredient), `${method} <- ${ingredient}`).toBeLessThan(METHODS.indexOf(method));
    }
  });
  it('gives each method of a row its own column', () => {
    for (const family of FAMILIES) {
      const columns = familyMethods(family).map((m) => METHOD_INFO[m].column);
      expect(new Set(columns).size).toBe(columns.length);
    }
  });
  it('adds what a method is made from: Guided Grad-CAM needs guided backprop, Grad-CAM and its vanilla pass', () => {
    expect(withIngredients(['guided-gradcam'])).toEqual(['vanilla', 'guided', 'gradcam', 'guided-gradcam']);
    expect(withIngredients(['smooth-guided', 'deconvnet'])).toEqual(['deconvnet', 'smooth-guided']);
  });
});
