let onPurpose = false;

/** Signing out: the server ends open terminals with the sign-in, so the page may go without asking. */
export function leaveWithoutAsking(): void {
  onPurpose = true;
}

/** Whether the page is being left on purpose (beforeunload then does not ask). */
export function leavingOnPurpose(): boolean {
  return onPurpose;
}
