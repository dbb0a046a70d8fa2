/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native or stream-heavy modules stay out of the bundle and are required at run time.
  serverExternalPackages: ['dockerode', 'docker-modem', 'ssh2', 'better-sqlite3', 'cpu-features'],
  poweredByHeader: false,
  reactStrictMode: true,
  devIndicators: false,
  // Browsers ask for /favicon.ico on pages without an HTML head (a JSON answer opened in a tab): the mark.
  async rewrites() {
    return [{ source: '/favicon.ico', destination: '/icon.svg' }];
  },
  // Security headers (CSP, frame-ancestors, nosniff, …) are set by the server on every answer: server/http/security-headers.ts.
};
export default nextConfig;
