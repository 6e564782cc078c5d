import type { Page } from 'playwright-core';

/**
 * Controls without an accessible name, by a simplified version of the
 * accessible-name computation (aria-labelledby, aria-label, <label>, contents,
 * title, placeholder as a last resort is NOT accepted). Returns a description
 * of each offender.
 */
export async function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const visible = (el: Element) => {
      const r = (el as HTMLElement).getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const nameOf = (el: Element): string => {
      const by = el.getAttribute('aria-labelledby');
      if (by) return by.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ').trim();
      const aria = el.getAttribute('aria-label');
      if (aria?.trim()) return aria.trim();
      const labels = (el as HTMLInputElement).labels;
      if (labels && labels.length) return [...labels].map((l) => l.textContent ?? '').join(' ').trim();
      if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement)) {
        const text = (el.textContent ?? '').trim();
        if (text) return text;
        const img = el.querySelector('svg[aria-label], img[alt]');
        if (img) return img.getAttribute('aria-label') ?? img.getAttribute('alt') ?? '';
      }
      return el.getAttribute('title')?.trim() ?? '';
    };
    const controls = document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, [role=button], [role=link], summary');
    return [...controls].filter((el) => visible(el) && !nameOf(el)).map((el) => el.outerHTML.slice(0, 160));
  });
}
