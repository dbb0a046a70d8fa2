'use client';

import { useId, type ReactNode } from 'react';
import { Button } from './button';
import { Dialog } from './dialog';

/**
 * A dialog that is one form: its fields in the body, the submit button and Cancel in the footer
 * (tied to the form, so Enter in a field submits). `onSubmit` runs only through the form.
 */
export function FormDialog({
  title,
  description,
  onClose,
  onSubmit,
  submitLabel,
  pending,
  submitDisabled,
  className,
  children,
}: {
  title: ReactNode;
  description?: ReactNode;
  onClose: () => void;
  onSubmit: () => void;
  submitLabel: ReactNode;
  pending?: boolean;
  submitDisabled?: boolean;
  /** Classes of the form element (its spacing). */
  className?: string;
  children: ReactNode;
}) {
  const formId = useId();
  return (
    <Dialog
      title={title}
      description={description}
      onClose={onClose}
      footer={
        <>
          <Button variant="primary" type="submit" form={formId} pending={pending} disabled={submitDisabled}>
            {submitLabel}
          </Button>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
        </>
      }
    >
      <form
        id={formId}
        className={className}
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        {children}
      </form>
    </Dialog>
  );
}
