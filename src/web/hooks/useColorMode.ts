import { useCallback, useEffect, useState } from 'react';

export type ColorMode = 'auto' | 'light' | 'dark';
const KEY = 'sn74-hub:color-mode';
const ORDER: ColorMode[] = ['auto', 'light', 'dark'];

function stored(): ColorMode {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'auto';
  } catch {
    return 'auto';
  }
}

/**
 * Follows the system unless the reader picked light or dark. The choice is also
 * written on <html>, where Primer's colour variables are scoped, so the page
 * background, scroll bars and dialogs (rendered outside the app's tree) match.
 */
export function useColorMode(): [ColorMode, () => void] {
  const [mode, setMode] = useState<ColorMode>(stored);
  useEffect(() => {
    document.documentElement.setAttribute('data-color-mode', mode);
    document.documentElement.style.colorScheme = mode === 'auto' ? 'light dark' : mode;
    try {
      if (mode === 'auto') localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, mode);
    } catch {
      // Not remembered across visits; still applied now.
    }
  }, [mode]);
  const cycle = useCallback(() => setMode((m) => ORDER[(ORDER.indexOf(m) + 1) % ORDER.length]!), []);
  return [mode, cycle];
}
