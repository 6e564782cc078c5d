/**
 * A label drawn in its own GitHub colour, with text that stays readable on it.
 * Labels as light as the page's background (white, near-white) or as dark as the
 * dark theme's keep a border, or they would be words floating on nothing.
 */

const HEX = /^[0-9a-fA-F]{6}$/;

/** WCAG relative luminance of a 6-digit hex colour. */
export function luminance(hex: string): number {
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export interface LabelStyle {
  backgroundColor: string;
  color: string;
  borderColor: string;
}

/** null: no usable colour (a colour is data from GitHub: only a plain hex value reaches a style). */
export function labelStyle(color: string | null): LabelStyle | null {
  if (!color || !HEX.test(color)) return null;
  const l = luminance(color);
  // Close to white or to black: a border in the theme's own border colour outlines it on either background.
  const outlined = l > 0.8 || l < 0.02;
  return { backgroundColor: `#${color}`, color: l > 0.4 ? '#1f2328' : '#ffffff', borderColor: outlined ? 'var(--borderColor-default)' : 'transparent' };
}
