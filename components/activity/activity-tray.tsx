'use client';

/** The activity tray: every long operation (pull, push, build, …) with live progress. Filled in by the tray's owner. */
export function ActivityTray() {
  return null;
}
