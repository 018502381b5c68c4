import { describe, expect, it } from 'vitest';
import { classOptions, findClass } from './class-names.ts';

const labels = ['background', 'tabby', 'tiger cat', 'crane', 'Persian cat', 'crane', 'tiger'];

describe('class search', () => {
  const options = classOptions(labels, true);
  it('offers every class but background, numbering only shared names', () => {
    expect(options.map((o) => o.text)).toEqual(['tabby', 'tiger cat', 'crane (3)', 'Persian cat', 'crane (5)', 'tiger']);
    expect(options.map((o) => o.index)).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it('offers every class of a model without a background class', () => {
    expect(classOptions(['cat', 'dog', 'cat'], false)).toEqual([{ index: 0, text: 'cat (0)' }, { index: 1, text: 'dog' }, { index: 2, text: 'cat (2)' }]);
  });
  it('finds a class by its exact name, case aside', () => {
    expect(findClass(options, 'persian CAT')?.index).toBe(4);
    expect(findClass(options, 'crane (5)')?.index).toBe(5);
  });
  it('finds the only name containing the text, else the first starting with it', () => {
    expect(findClass(options, 'abb')?.index).toBe(1);
    expect(findClass(options, 'tig')?.index).toBe(2);
    expect(findClass(options, ' tiger ')?.index).toBe(6);
  });
  it('finds nothing for no match or an ambiguous part of a name', () => {
    expect(findClass(options, 'zebra')).toBeUndefined();
    expect(findClass(options, 'cat')).toBeUndefined();
    expect(findClass(options, '   ')).toBeUndefined();
  });
});
