'use client';

import type { ReactNode } from 'react';
import { Button } from '../ui/button';
import { cn } from '../ui/cn';

/** One column of an attachment table: its heading and what each row shows under it. */
export interface AttachmentColumn<T> {
  header: string;
  cell: (row: T) => ReactNode;
  className?: string;
  testId?: string;
}

/**
 * Container–network attachments, one a row, each with a Disconnect button: a container's networks
 * (container page) and a network's containers (network dialog) differ only in their columns.
 */
export function AttachmentTable<T>({
  rows,
  columns,
  rowKey,
  rowName,
  rowClassName,
  testId,
  rowTestId,
  busy,
  onDisconnect,
}: {
  rows: T[];
  columns: AttachmentColumn<T>[];
  rowKey: (row: T) => string;
  /** The row's data-name (what e2e journeys find it by). */
  rowName: (row: T) => string;
  rowClassName?: string;
  testId: string;
  rowTestId: string;
  /** The key of the action running in the section, if any: every Disconnect waits for it. */
  busy: string | null;
  /** Absent without the right to disconnect. `key` is the busy key this row's button shows as pending. */
  onDisconnect?: (row: T, key: string) => void;
}) {
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full text-xs" data-testid={testId}>
        <thead>
          <tr className="border-b border-zinc-200 text-left text-zinc-500">
            {columns.map((col) => (
              <th key={col.header} className="py-1 pr-3 font-medium whitespace-nowrap">
                {col.header}
              </th>
            ))}
            <th className="py-1 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {rows.map((row) => {
            const key = `disconnect:${rowKey(row)}`;
            return (
              <tr key={key} className={rowClassName} data-testid={rowTestId} data-name={rowName(row)}>
                {columns.map((col) => (
                  <td key={col.header} className={cn('py-1 pr-3', col.className)} data-testid={col.testId}>
                    {col.cell(row)}
                  </td>
                ))}
                <td className="py-1 text-right">
                  {onDisconnect && (
                    <Button
                      size="sm"
                      variant="ghost"
                      pending={busy === key}
                      disabled={busy !== null}
                      onClick={() => onDisconnect(row, key)}
                    >
                      Disconnect
                    </Button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
