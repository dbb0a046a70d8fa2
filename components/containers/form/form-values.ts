'use client';

import { useState } from 'react';
import type { CreateContainerInput } from '@/server/contracts/container-create';
import { EMPTY_FORM, valuesFromSpec, type FormValues } from '../container-form-model';

type RowKey = 'env' | 'labels' | 'ports' | 'volumes';

/** The message for a field key (dotted, e.g. `ports.0.hostPort`), or null. */
export type FieldError = (key: string) => string | null;
export type SetValue = <K extends keyof FormValues>(key: K, value: FormValues[K]) => void;

/** What every section of the form gets: the values, a setter, the errors and whether the form is busy. */
export interface SectionProps {
  values: FormValues;
  set: SetValue;
  err: FieldError;
  disabled: boolean;
}

/**
 * The form's values and the server's field errors. Editing a field clears the server's error for it
 * (and for rows under it), so a fixed field does not keep showing the old complaint.
 */
export function useFormValues(initial?: CreateContainerInput) {
  const [values, setValues] = useState<FormValues>(() => (initial ? valuesFromSpec(initial) : EMPTY_FORM));
  const [serverFields, setServerFields] = useState<Record<string, string>>({});

  const set: SetValue = (key, value) => {
    setValues((v) => ({ ...v, [key]: value }));
    setServerFields((f) => {
      if (!Object.keys(f).some((k) => k === key || k.startsWith(`${String(key)}.`))) return f;
      return Object.fromEntries(Object.entries(f).filter(([k]) => !(k === key || k.startsWith(`${String(key)}.`))));
    });
  };
  const setRow = <K extends RowKey>(key: K, i: number, patch: Partial<FormValues[K][number]>) =>
    set(key, values[key].map((r, j) => (j === i ? { ...r, ...patch } : r)) as FormValues[K]);
  const removeRow = <K extends RowKey>(key: K, i: number) => set(key, values[key].filter((_, j) => j !== i) as FormValues[K]);

  return { values, setValues, set, setRow, removeRow, serverFields, setServerFields };
}

export type FormState = ReturnType<typeof useFormValues>;
