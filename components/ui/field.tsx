import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';
import { cn } from './cn';

const CONTROL =
  'block w-full rounded-md border bg-white px-2.5 text-[13px] text-zinc-900 shadow-xs placeholder:text-zinc-400 ' +
  'focus:border-sky-600 focus:outline-2 focus:outline-offset-0 focus:outline-sky-600/30 disabled:bg-zinc-50 disabled:text-zinc-500';

const border = (invalid?: boolean) => (invalid ? 'border-red-500' : 'border-zinc-300');

/** The accessibility props a control inside a <Field> needs. */
export function controlProps(id: string, error?: string | null, hint?: boolean) {
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ');
  return {
    id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy || undefined,
  } as const;
}

/** Label above, control, then a hint or the field's error below (ids match controlProps). */
export function Field({
  id,
  label,
  error,
  hint,
  aside,
  className,
  children,
}: {
  id: string;
  label: ReactNode;
  error?: string | null;
  hint?: ReactNode;
  /** Small extra on the label's line, e.g. a "Load file…" control. */
  aside?: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={cn('min-w-0', className)}>
      <div className="mb-1 flex items-baseline justify-between gap-2">
        <label htmlFor={id} className="text-xs font-medium text-zinc-700">
          {label}
        </label>
        {aside}
      </div>
      {children}
      {hint && !error && (
        <p id={`${id}-hint`} className="mt-1 text-xs text-zinc-500">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="mt-1 text-xs text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

export function Input({ className, ...rest }: InputHTMLAttributes<HTMLInputElement>) {
  return <input className={cn(CONTROL, 'h-8', border(!!rest['aria-invalid']), className)} {...rest} />;
}

export function Select({ className, ...rest }: SelectHTMLAttributes<HTMLSelectElement>) {
  return <select className={cn(CONTROL, 'h-8 pr-7', border(!!rest['aria-invalid']), className)} {...rest} />;
}

export function Textarea({ className, ...rest }: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <textarea
      className={cn(CONTROL, 'min-h-20 resize-y py-1.5 font-mono text-[11px] leading-4', border(!!rest['aria-invalid']), className)}
      spellCheck={false}
      {...rest}
    />
  );
}

export function Checkbox({ label, className, ...rest }: InputHTMLAttributes<HTMLInputElement> & { label: ReactNode }) {
  return (
    <label className={cn('inline-flex cursor-pointer items-center gap-2 text-[13px] text-zinc-800', className)}>
      <input type="checkbox" className="size-3.5 rounded border-zinc-300 accent-sky-700" {...rest} />
      {label}
    </label>
  );
}
