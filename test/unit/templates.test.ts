import { describe, expect, it } from 'vitest';
import { suggestHostPort, volumeNameFor } from '@/server/contracts/deploy';
import { DEFAULT_CATALOG } from '@/server/templates/default-catalog';
import { parsePortainerTemplates, parseTemplatePort, splitCommand } from '@/server/templates/portainer';

// A v3 file shaped like Portainer's own catalog (portainer/templates, templates-2.0.json → v3): a
// container with every field, a swarm stack and a compose stack with a repository, loose values.
const V3 = {
  version: '3',
  templates: [
    {
      id: 1,
      type: 1,
      title: 'Registry',
      name: 'registry',
      description: 'Docker image registry',
      categories: ['docker'],
      platform: 'linux',
      logo: 'https://portainer-io-assets.sfo2.digitaloceanspaces.com/logos/registry.png',
      image: 'registry:latest',
      ports: ['5000/tcp'],
      volumes: [{ container: '/var/lib/registry' }],
    },
    {
      id: 2,
      type: 1,
      title: 'MySQL',
      description: 'The most popular open-source database',
      categories: ['database'],
      platform: 'linux',
      logo: 'https://portainer-io-assets.sfo2.digitaloceanspaces.com/logos/mysql.png',
      image: 'mysql:latest',
      registry: 'docker.io',
      env: [
        { name: 'MYSQL_ROOT_PASSWORD', label: 'Root password' },
        {
          name: 'MYSQL_MODE',
          label: 'Mode',
          select: [
            { text: 'Strict', value: 'strict' },
            { text: 'Relaxed', value: 'relaxed', default: true },
          ],
        },
        { name: 'WHO', default: 'portainer', preset: true },
      ],
      ports: ['3306/tcp', '127.0.0.1:13306:3306/tcp', 'not-a-port'],
      volumes: [{ container: '/var/lib/mysql' }, { container: '/etc/mysql/conf.d', bind: '/srv/mysql', readonly: true }],
      labels: [{ name: 'com.example.app', value: 'mysql' }],
      restart_policy: 'unless-stopped',
      command: 'mysqld --max-connections "200 x" --sql-mode=\'\'',
      network: 'bridge',
      hostname: 'db',
      privileged: true,
      note: 'Set a <b>strong</b> root password.',
    },
    {
      id: 3,
      type: 2,
      title: 'Portainer Agent',
      description: 'Manage all the resources in your Swarm cluster',
      categories: ['portainer'],
      platform: 'linux',
      repository: { url: 'https://github.com/portainer/templates', stackfile: 'stacks/portainer-agent/docker-stack.yml' },
    },
    {
      id: 4,
      type: 3,
      title: 'Wordpress',
      description: 'Wordpress setup with a MySQL database',
      categories: ['CMS'],
      repository: { url: 'https://github.com/portainer/templates', stackfile: 'stacks/wordpress/docker-compose.yml' },
      env: [{ name: 'MYSQL_DATABASE_PASSWORD', label: 'Database root password' }],
    },
    { id: 5, type: 9, title: 'Future type' },
    { id: 6, type: 1, title: 'No image' },
  ],
};

describe('Portainer template files', () => {
  it('reads a v3 file with containers, a swarm stack and a compose stack; unreadable entries are left out with a reason', () => {
    const r = parsePortainerTemplates(JSON.stringify(V3));
    expect(r.version).toBe('3');
    expect(r.templates.map((t) => [t.title, t.kind, t.deployable])).toEqual([
      ['Registry', 'container', true],
      ['MySQL', 'container', true],
      ['Portainer Agent', 'swarm-stack', false],
      ['Wordpress', 'compose-stack', false],
    ]);
    expect(r.skipped).toEqual([
      '#2 (MySQL): port "not-a-port" left out (not [host:]container[/proto])',
      '#5 (Future type): unknown type 9',
      '#6 (No image): a container template without an image',
    ]);
    const mysql = r.templates[1]!;
    expect(mysql.image).toBe('docker.io/mysql:latest');
    expect(mysql.ports).toEqual([
      { hostIp: '', hostPort: null, containerPort: 3306, protocol: 'tcp' },
      { hostIp: '127.0.0.1', hostPort: 13306, containerPort: 3306, protocol: 'tcp' },
    ]);
    expect(mysql.volumes).toEqual([
      { container: '/var/lib/mysql', bind: null, readOnly: false },
      { container: '/etc/mysql/conf.d', bind: '/srv/mysql', readOnly: true },
    ]);
    expect(mysql.labels).toEqual([{ key: 'com.example.app', value: 'mysql' }]);
    expect(mysql.restartPolicy).toBe('unless-stopped');
    expect(mysql.command).toEqual(['mysqld', '--max-connections', '200 x', "--sql-mode=''"]);
    expect(mysql).toMatchObject({ network: 'bridge', hostname: 'db', privileged: true, note: 'Set a <b>strong</b> root password.' });
    expect(r.templates[3]!.stackFile).toBe('https://github.com/portainer/templates → stacks/wordpress/docker-compose.yml');
  });

  it('maps env: label, select (its default chosen, else the first), preset kept but marked', () => {
    const env = parsePortainerTemplates(V3).templates[1]!.env;
    expect(env).toEqual([
      { name: 'MYSQL_ROOT_PASSWORD', label: 'Root password', description: '', default: '', preset: false, select: null },
      {
        name: 'MYSQL_MODE',
        label: 'Mode',
        description: '',
        default: 'relaxed',
        preset: false,
        select: [
          { text: 'Strict', value: 'strict', default: false },
          { text: 'Relaxed', value: 'relaxed', default: true },
        ],
      },
      { name: 'WHO', label: 'WHO', description: '', default: 'portainer', preset: true, select: null },
    ]);
    const first = parsePortainerTemplates({
      version: '2',
      templates: [
        {
          type: 1,
          title: 'x',
          image: 'x',
          env: [
            {
              name: 'A',
              select: [
                { text: 'One', value: '1' },
                { text: 'Two', value: '2' },
              ],
            },
          ],
        },
      ],
    });
    expect(first.templates[0]!.env[0]!.default).toBe('1');
  });

  it('reads v2 files (no ids, numbers as strings) and refuses other versions and non-files in words', () => {
    const v2 = parsePortainerTemplates({
      version: '2',
      templates: [
        {
          type: '1',
          title: 'Nginx',
          image: 'nginx:latest',
          registry: 'https://quay.io/',
          ports: ['80/tcp', '443/tcp'],
          categories: ['web', ' web '],
        },
      ],
    });
    expect(v2.version).toBe('2');
    expect(v2.templates[0]).toMatchObject({ image: 'quay.io/nginx:latest', categories: ['web'], deployable: true });
    expect(() => parsePortainerTemplates({ version: '1', templates: [] })).toThrow(
      'Template file version 1 is not supported: versions 2 and 3 are',
    );
    expect(() => parsePortainerTemplates([{ title: 'x' }])).toThrow(/expected \{"version"/);
    expect(() => parsePortainerTemplates('{nope')).toThrow(/the JSON does not parse/);
    expect(() => parsePortainerTemplates({ templates: [] })).toThrow(/it has no "version"/);
  });

  it('parses ports as Portainer writes them', () => {
    expect(parseTemplatePort('8080:80/tcp')).toEqual({ hostIp: '', hostPort: 8080, containerPort: 80, protocol: 'tcp' });
    expect(parseTemplatePort('53/udp')).toEqual({ hostIp: '', hostPort: null, containerPort: 53, protocol: 'udp' });
    expect(parseTemplatePort('9000')).toEqual({ hostIp: '', hostPort: null, containerPort: 9000, protocol: 'tcp' });
    expect(parseTemplatePort('0.0.0.0:443:8443/TCP')).toEqual({ hostIp: '0.0.0.0', hostPort: 443, containerPort: 8443, protocol: 'tcp' });
    expect(parseTemplatePort('70000/tcp')).toBeNull();
    expect(parseTemplatePort('80-90/tcp')).toBeNull();
    expect(splitCommand(`sh -c "echo 'hi there'"`)).toEqual(['sh', '-c', "echo 'hi there'"]);
  });

  it('the default catalog reads, and its registry images are named with the local registry', () => {
    const r = parsePortainerTemplates(DEFAULT_CATALOG);
    expect(r.skipped).toEqual([]);
    expect(r.templates.map((t) => t.image)).toEqual([
      '127.0.0.1:5000/wharf-test/web:1.0',
      'wharf-test/sleeper:1.0',
      '127.0.0.1:5000/wharf-test/busybox:latest',
    ]);
  });

  it('suggests host ports and volume names', () => {
    expect([suggestHostPort(80), suggestHostPort(443), suggestHostPort(22), suggestHostPort(5432)]).toEqual([8080, 8443, 8022, 5432]);
    expect(volumeNameFor('web', '/var/lib/data/')).toBe('web-var-lib-data');
    expect(volumeNameFor('', '/')).toBe('app-data');
  });
});
