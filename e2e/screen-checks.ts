import type { Page } from '@playwright/test';

/** What a screen shows, measured in the page: its scrolling, its maps, its text and where they sit. */
export interface ScreenCheck {
  scroll: { width: number; height: number };
  /** The side of each map on screen (its canvas), by test id. */
  maps: Record<string, number>;
  /** The screen's width and height left empty right of and below the work shown (the top bar aside), as shares. */
  emptyRight: number;
  emptyBelow: number;
  /** Lines of text that overlap another text line or a picture, named. */
  overlaps: string[];
  /** Text cut off: by an ellipsis, a box too small for it, or the screen's edge. */
  clipped: string[];
  /** Titles (headings) wrapped onto more than one line. */
  wrappedTitles: string[];
}

/**
 * Measures the page as laid out now. Text is measured by its own glyph boxes (a range over each text
 * node, one rectangle per line), so two captions printed over each other count even when their
 * elements' boxes do not overlap, and a line running under a picture counts too.
 */
export function checkScreen(page: Page): Promise<ScreenCheck> {
  return page.evaluate(() => {
    const shown = (e: Element) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden' && !e.closest('.visually-hidden, dialog:not([open])');
    const name = (e: Element) => {
      const text = (e.textContent ?? '').trim().slice(0, 40);
      return `${e.tagName.toLowerCase()}${e.className && typeof e.className === 'string' ? `.${e.className.split(' ')[0]}` : ''} "${text}"`;
    };
    type Rect = { left: number; top: number; right: number; bottom: number };
    const meets = (a: Rect, b: Rect) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;

    const lines: { owner: Element; rect: Rect }[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const owner = node.parentElement!;
      if (!node.textContent?.trim() || !shown(owner) || owner.closest('[aria-hidden=true]:not(.legend-ticks), option, script, style')) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) if (rect.width > 0.5 && rect.height > 0.5) lines.push({ owner, rect });
    }
    const pictures = [...document.querySelectorAll('canvas, .legend-bar')].filter(shown).map((e) => ({ owner: e, rect: e.getBoundingClientRect() as Rect }));

    const overlaps: string[] = [];
    for (const [i, a] of lines.entries()) {
      for (const b of lines.slice(i + 1)) if (a.owner !== b.owner && meets(a.rect, b.rect)) overlaps.push(`${name(a.owner)} over ${name(b.owner)}`);
      for (const p of pictures) if (meets(a.rect, p.rect) && !p.owner.parentElement?.contains(a.owner)) overlaps.push(`${name(a.owner)} over ${name(p.owner)}`);
    }

    const clipped = new Set<string>();
    for (const { owner, rect } of lines) {
      if (rect.left < -0.5 || rect.right > innerWidth + 0.5 || rect.top < -0.5 || rect.bottom > document.documentElement.scrollHeight + 0.5) clipped.add(`${name(owner)} off the screen`);
      for (let e: Element | null = owner; e && e !== document.body; e = e.parentElement) {
        const style = getComputedStyle(e);
        if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
        const box = e.getBoundingClientRect();
        if (rect.left < box.left - 0.5 || rect.right > box.right + 0.5 || rect.top < box.top - 0.5 || rect.bottom > box.bottom + 0.5) clipped.add(`${name(owner)} cut by ${name(e)}`);
      }
    }
    for (const e of document.querySelectorAll('body *')) {
      if (shown(e) && getComputedStyle(e).textOverflow === 'ellipsis' && e.scrollWidth > e.clientWidth + 1) clipped.add(`${name(e)} ends in an ellipsis`);
    }

    const wrappedTitles = [...document.querySelectorAll('h2, h3, h4')].filter((h) => shown(h) && !h.closest('.help-dialog')).filter((h) => {
      const range = document.createRange();
      range.selectNodeContents(h);
      const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0.5).map((r) => Math.round(r.top)));
      return tops.size > 1;
    }).map(name);

    const maps = Object.fromEntries([...document.querySelectorAll('.map-panel canvas, [data-testid=model-view]')].filter(shown)
      .map((c) => [c.getAttribute('data-testid') ?? '', c.getBoundingClientRect().width]));
    // The work, under the top bar: what its right and bottom edges leave empty.
    const workspace = document.querySelector('.workspace')!;
    const everything = [...lines.filter((l) => workspace.contains(l.owner)).map((l) => l.rect), ...pictures.map((p) => p.rect),
      ...[...workspace.querySelectorAll('canvas, svg')].filter(shown).map((e) => e.getBoundingClientRect())];
    const right = Math.max(...everything.map((r) => r.right));
    const bottom = Math.max(...everything.map((r) => r.bottom));
    return {
      scroll: { width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight },
      maps,
      emptyRight: Math.max(0, innerWidth - right) / innerWidth,
      emptyBelow: Math.max(0, innerHeight - bottom) / innerHeight,
      overlaps,
      clipped: [...clipped],
      wrappedTitles,
    };
  });
}
