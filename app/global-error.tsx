'use client';

// Replaces the root layout when that itself fails, so it brings its own document and plain styles.
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  const message = error instanceof Error ? error.message : String(error);
  return (
    <html lang="en">
      <body style={{ fontFamily: 'system-ui, sans-serif', fontSize: 13, padding: 32, color: '#18181b' }}>
        <title>Wharf: error</title>
        <h1 style={{ fontSize: 18 }}>Wharf failed to load</h1>
        <p style={{ color: '#b91c1c' }}>{message}</p>
        <button type="button" onClick={() => retry()}>
          Try again
        </button>
      </body>
    </html>
  );
}
