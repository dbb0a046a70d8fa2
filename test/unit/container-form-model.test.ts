import { describe, expect, it } from 'vitest';
import { EMPTY_FORM, parseEnvFile, specFromValues, valuesFromSpec } from '@/components/containers/container-form-model';
import { parseDockerRun } from '@/components/containers/parse-docker-run';

describe('the create form model', () => {
  it('turns a pasted command into fields and back into the same spec', () => {
    const { spec } = parseDockerRun(
      `docker run --name api --health-cmd 'wget -qO- localhost || exit 1' --health-interval 5s --cap-add NET_ADMIN --cap-drop MKNOD ` +
        `--log-driver local --log-opt max-size=10m --device /dev/fuse --ulimit nofile=1024:2048 --dns 1.1.1.1 ` +
        `--add-host db:10.0.0.5 --security-opt no-new-privileges --stop-timeout 30 --pid host team/api:2`,
    );
    const values = valuesFromSpec(spec);
    expect(values).toMatchObject({
      healthMode: 'cmd',
      healthCmd: 'wget -qO- localhost || exit 1',
      healthInterval: '5',
      capAdd: 'NET_ADMIN',
      capDrop: 'MKNOD',
      logOpts: 'max-size=10m',
      devices: '/dev/fuse',
      ulimits: 'nofile=1024:2048',
      extraHosts: 'db:10.0.0.5',
      stopTimeout: '30',
      pid: 'host',
    });
    const back = specFromValues(values, true);
    expect(back.errors).toEqual({});
    expect(back.spec).toMatchObject({
      healthcheck: { mode: 'cmd', cmd: 'wget -qO- localhost || exit 1', intervalS: '5' },
      capAdd: ['NET_ADMIN'],
      logOpts: [{ key: 'max-size', value: '10m' }],
      devices: [{ hostPath: '/dev/fuse', containerPath: '', permissions: 'rwm' }],
      ulimits: [{ name: 'nofile', soft: '1024', hard: '2048' }],
      dns: ['1.1.1.1'],
      extraHosts: [{ host: 'db', ip: '10.0.0.5' }],
      securityOpt: ['no-new-privileges'],
      stopTimeout: '30',
    });
  });

  it('puts an error in a list typed as lines on its field, naming the line', () => {
    const { errors } = specFromValues(
      {
        ...EMPTY_FORM,
        image: 'busybox',
        devices: '/dev/fuse\ndev/sda',
        ulimits: 'nofile=10:5',
        dns: '1.1.1.1 not-an-ip',
        healthMode: 'cmd',
      },
      true,
    );
    expect(errors.devices).toBe('Line 2: Device path on the host must be an absolute path');
    expect(errors.ulimits).toBe('Line 1: The soft limit cannot exceed the hard one');
    expect(errors.dns).toBe('Entry 2: A DNS server is an IP address');
    expect(errors['healthcheck.cmd']).toBe('Give the command the healthcheck runs');
  });

  it('reads an env file: comments, export and quotes as a shell would leave them', () => {
    expect(parseEnvFile('# db\nexport DB_HOST=db\n\nDB_PASS="s3 cret"\nEMPTY=\nURL=postgres://x/y?a=b\n')).toEqual([
      { key: 'DB_HOST', value: 'db' },
      { key: 'DB_PASS', value: 's3 cret' },
      { key: 'EMPTY', value: '' },
      { key: 'URL', value: 'postgres://x/y?a=b' },
    ]);
  });
});
