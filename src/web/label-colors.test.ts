import { describe, expect, it } from 'vitest';
import { labelStyle } from './label-colors.ts';

describe('label colours', () => {
  it('outline labels as light as the page (white) or as dark as the dark theme', () => {
    expect(labelStyle('ffffff')).toEqual({ backgroundColor: '#ffffff', color: '#1f2328', borderColor: 'var(--borderColor-default)' });
    expect(labelStyle('fbfbfb')?.borderColor).toBe('var(--borderColor-default)');
    expect(labelStyle('000000')).toEqual({ backgroundColor: '#000000', color: '#ffffff', borderColor: 'var(--borderColor-default)' });
  });

  it('fill coloured labels edge to edge, with readable text', () => {
    // GitHub's default "bug" red and "documentation" blue.
    expect(labelStyle('d73a4a')).toEqual({ backgroundColor: '#d73a4a', color: '#ffffff', borderColor: 'transparent' });
    expect(labelStyle('a2eeef')).toEqual({ backgroundColor: '#a2eeef', color: '#1f2328', borderColor: 'transparent' });
  });

  it('lets no value but a plain hex colour reach a style', () => {
    expect(labelStyle(null)).toBeNull();
    expect(labelStyle('red')).toBeNull();
    expect(labelStyle('fff')).toBeNull();
    expect(labelStyle('ffffff;background:url(x)')).toBeNull();
  });
});
