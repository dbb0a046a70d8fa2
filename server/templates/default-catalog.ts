// The catalog every Wharf starts with: images the test rig (and any host that can reach the
// local registry) has, so templates work offline. Same format as an imported file.
export const DEFAULT_CATALOG = {
  version: '3',
  templates: [
    {
      id: 1,
      type: 1,
      title: 'Static web server',
      description: 'A small httpd serving a static page on port 80.',
      categories: ['Web'],
      image: 'wharf-test/web:1.0',
      registry: '127.0.0.1:5000',
      ports: ['8080:80/tcp'],
      env: [{ name: 'GREETING', label: 'Greeting', default: 'hello' }],
      restart_policy: 'unless-stopped',
      note: 'Pulled from the local registry at 127.0.0.1:5000.',
    },
    {
      id: 2,
      type: 1,
      title: 'Sleeper',
      description: 'A container that sleeps: a placeholder to try restarts, limits and logs.',
      categories: ['Tools'],
      image: 'wharf-test/sleeper:1.0',
      restart_policy: 'unless-stopped',
    },
    {
      id: 3,
      type: 1,
      title: 'Busybox shell',
      description: 'Busybox that stays up, for a shell inside the network.',
      categories: ['Tools'],
      image: 'wharf-test/busybox:latest',
      registry: '127.0.0.1:5000',
      command: 'sleep 86400',
      volumes: [{ container: '/data' }],
      env: [
        {
          name: 'MODE',
          label: 'Mode',
          select: [
            { text: 'Quiet', value: 'quiet', default: true },
            { text: 'Verbose', value: 'verbose' },
          ],
        },
        { name: 'WHARF_TEMPLATE', default: 'busybox', preset: true },
      ],
      restart_policy: 'no',
    },
  ],
};
