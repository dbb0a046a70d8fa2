/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native or stream-heavy modules stay out of the bundle and are required at run time.
  serverExternalPackages: ['dockerode', 'docker-modem', 'ssh2', 'better-sqlite3', 'cpu-features'],
  poweredByHeader: false,
  reactStrictMode: true,
  devIndicators: false,
  // Security headers (CSP, frame-ancestors, nosniff, …) are set by the server on every answer: server/http/security-headers.ts.
};
export default nextConfig;
