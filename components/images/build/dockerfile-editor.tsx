'use client';

import { useRef, useState, type KeyboardEvent } from 'react';
import { cn } from '../../ui/cn';

const INDENT = '    ';

/**
 * A monospace editor with line numbers. Tab inserts spaces (Shift+Tab removes them); Escape then Tab
 * leaves the editor, so keyboard users are not trapped in it.
 */
export function DockerfileEditor({
  id,
  value,
  onChange,
  invalid,
  describedBy,
}: {
  id: string;
  value: string;
  onChange: (v: string) => void;
  invalid?: boolean;
  describedBy?: string;
}) {
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const [leaving, setLeaving] = useState(false);
  const lines = value.split('\n').length;

  const edit = (next: string, start: number, end: number) => {
    onChange(next);
    // After React has put the new value in: the caret where the edit left it.
    requestAnimationFrame(() => area.current?.setSelectionRange(start, end));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Escape') {
      setLeaving(true);
      return;
    }
    if (e.key !== 'Tab' || leaving || e.altKey || e.ctrlKey || e.metaKey) {
      if (e.key !== 'Tab') setLeaving(false);
      return;
    }
    e.preventDefault();
    const el = e.currentTarget;
    const { selectionStart: s, selectionEnd: t } = el;
    const lineStart = value.lastIndexOf('\n', s - 1) + 1;
    if (e.shiftKey) {
      const head = value.slice(lineStart, lineStart + INDENT.length);
      const n = head.length - head.trimStart().length;
      if (n) edit(value.slice(0, lineStart) + value.slice(lineStart + n), Math.max(lineStart, s - n), Math.max(lineStart, t - n));
      return;
    }
    edit(value.slice(0, s) + INDENT + value.slice(t), s + INDENT.length, s + INDENT.length);
  };

  return (
    <div
      className={cn(
        'flex max-h-[28rem] min-h-64 overflow-hidden rounded-md border bg-white shadow-xs focus-within:border-sky-600 focus-within:outline-2 focus-within:outline-sky-600/30',
        invalid ? 'border-red-500' : 'border-zinc-300',
      )}
    >
      <div
        ref={gutter}
        aria-hidden
        className="select-none overflow-hidden border-r border-zinc-200 bg-zinc-50 py-2 pr-2 pl-3 text-right font-mono text-[12px] leading-5 text-zinc-400"
      >
        {Array.from({ length: lines }, (_, i) => (
          <div key={i}>{i + 1}</div>
        ))}
      </div>
      <textarea
        ref={area}
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={() => setLeaving(false)}
        onScroll={(e) => {
          if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
        }}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        wrap="off"
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        data-testid="dockerfile-editor"
        className="min-w-0 flex-1 resize-none overflow-auto bg-transparent px-3 py-2 font-mono text-[12px] leading-5 text-zinc-900 outline-none"
      />
    </div>
  );
}
