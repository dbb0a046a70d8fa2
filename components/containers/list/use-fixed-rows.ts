'use client';

import { useLayoutEffect, useState, type RefObject } from 'react';

/**
 * Which rows of a list whose rows all have one height are in view of a scrolling element, plus
 * `overscan` rows each side, and the padding that stands for the rest. Fixed heights make this
 * arithmetic, so the table needs no measuring library on its first screen. Re-renders only when
 * the range of rows in view changes, not on every scroll event.
 */
export function useFixedRows(
  scrollRef: RefObject<HTMLElement | null>,
  count: number,
  rowHeight: number,
  overscan: number,
  initialHeight = 800,
) {
  const [view, setView] = useState({ first: 0, last: Math.ceil(initialHeight / rowHeight) });
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const read = () => {
      const first = Math.floor(el.scrollTop / rowHeight);
      const last = Math.ceil((el.scrollTop + el.clientHeight) / rowHeight);
      setView((v) => (v.first === first && v.last === last ? v : { first, last }));
    };
    read();
    el.addEventListener('scroll', read, { passive: true });
    const resize = new ResizeObserver(read);
    resize.observe(el);
    return () => {
      el.removeEventListener('scroll', read);
      resize.disconnect();
    };
  }, [scrollRef, rowHeight]);

  const start = Math.min(count, Math.max(0, view.first - overscan));
  const end = Math.min(count, view.last + overscan);
  return { start, end, padTop: start * rowHeight, padBottom: (count - end) * rowHeight };
}
