/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native or stream-heavy modules stay out of the bundle and are required at run time.
  serverExternalPackages: ['dockerode', 'docker-modem', 'ssh2', 'better-sqlite3', 'cpu-features'],
  poweredByHeader: false,
  reactStrictMode: true,
  devIndicators: false,
  // No other page may frame Wharf: a frame could hide a confirm button under a decoy and steer the click.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Content-Security-Policy', value: "frame-ancestors 'none'" },
        ],
      },
    ];
  },
};
export default nextConfig;
