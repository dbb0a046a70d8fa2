'use client';

/** Pull any reference onto a host, with one live bar per layer (filled in by its owner). */
export function PullDialog(_props: { hostId: string; open: boolean; onClose: () => void; initialRef?: string }) {
  return null;
}
