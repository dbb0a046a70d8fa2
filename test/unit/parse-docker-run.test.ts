import { describe, expect, it } from 'vitest';
import { parseDockerRun, shellSplit } from '@/components/containers/parse-docker-run';
import { createContainerSchema } from '@/server/contracts/container-create';

describe('shellSplit', () => {
  it('handles quotes, escapes and continuations like a shell', () => {
    expect(shellSplit(`a 'b c' "d \\"e\\"" f\\ g \\\n h`)).toEqual(['a', 'b c', 'd "e"', 'f g', 'h']);
    expect(shellSplit(`x ''`)).toEqual(['x', '']);
    expect(() => shellSplit(`'open`)).toThrow('Unclosed single quote');
  });
});

describe('parseDockerRun', () => {
  it('fills the form from a typical command', () => {
    const { spec, warnings } = parseDockerRun(
      `docker run -dit --name web -p 127.0.0.1:8080:80 -p 53:53/udp -p 9000 -e A=1 --env "B=two words" ` +
        `-v data:/data -v /srv/conf:/etc/conf:ro --network backend --restart on-failure:3 -m 512m --cpus 1.5 ` +
        `--init -l team=ops -h webhost -w /app -u 1000:1000 --rm nginx:1.27 sh -c 'echo hi'`,
    );
    expect(spec).toMatchObject({
      name: 'web',
      image: 'nginx:1.27',
      cmd: ['sh', '-c', 'echo hi'],
      tty: true,
      openStdin: true,
      init: true,
      env: [
        { key: 'A', value: '1' },
        { key: 'B', value: 'two words' },
      ],
      ports: [
        { hostIp: '127.0.0.1', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
        { hostIp: '', hostPort: 53, containerPort: 53, protocol: 'udp' },
        { hostIp: '', hostPort: null, containerPort: 9000, protocol: 'tcp' },
      ],
      volumes: [
        { type: 'volume', source: 'data', target: '/data', readOnly: false },
        { type: 'bind', source: '/srv/conf', target: '/etc/conf', readOnly: true },
      ],
      network: 'backend',
      restartPolicy: 'on-failure',
      maxRetries: 3,
      memoryMb: 512,
      cpus: 1.5,
      labels: [{ key: 'team', value: 'ops' }],
      hostname: 'webhost',
      workingDir: '/app',
      user: '1000:1000',
    });
    expect(warnings).toEqual(['--rm is not supported: the container is kept when it stops']);
    // What the parser makes, the server accepts.
    expect(createContainerSchema.safeParse(spec).success).toBe(true);
  });

  it('reads --flag=value, -pVALUE, --mount and docker create', () => {
    const { spec } = parseDockerRun(
      'docker create --name=x -p8080:80 --pull always --mount type=bind,source=/a,target=/b,readonly -m 1g busybox',
    );
    expect(spec).toMatchObject({ name: 'x', start: false, pull: 'always', memoryMb: 1024, ports: [{ hostPort: 8080, containerPort: 80 }] });
    expect(spec.volumes).toEqual([{ type: 'bind', source: '/a', target: '/b', readOnly: true }]);
  });

  it('says what is wrong', () => {
    expect(() => parseDockerRun('docker run -d')).toThrow('No image in the command');
    expect(() => parseDockerRun('docker run --name')).toThrow('--name needs a value');
    expect(() => parseDockerRun('docker ps')).toThrow('Only `docker run`');
    expect(() => parseDockerRun('docker run -p 80:80/xyz img')).toThrow('Unknown protocol');
    expect(() => parseDockerRun('docker run --restart sometimes img')).toThrow('Unknown restart policy');
  });

  it('warns about flags the form does not have instead of dropping them silently', () => {
    const { warnings } = parseDockerRun('docker run --shm-size 1g --env-file ./app.env alpine');
    expect(warnings).toEqual([
      '--shm-size 1g is not supported by the form; ignored',
      '--env-file ./app.env: this page cannot read files on your machine; load or paste the file under Environment',
    ]);
  });

  it('reads what admins paste: healthcheck, capabilities, logging, devices, ulimits, DNS, hosts, security, stop timeout, pid/ipc', () => {
    const { spec, warnings } = parseDockerRun(
      `docker run -d --name api --health-cmd 'curl -fs http://localhost/ || exit 1' --health-interval 1m30s --health-timeout 500ms \\
        --health-start-period 10s --health-retries 5 --cap-add NET_ADMIN --cap-add=SYS_TIME --cap-drop ALL \\
        --log-driver local --log-opt max-size=10m --log-opt max-file=3 --device /dev/fuse --device /dev/sda:/dev/xvda:r \\
        --ulimit nofile=1024:2048 --ulimit nproc=512 --dns 1.1.1.1 --dns 9.9.9.9 --add-host db.internal:10.0.0.5 \\
        --add-host gw=host-gateway --security-opt no-new-privileges --security-opt apparmor=unconfined \\
        --stop-timeout 30 --pid host --ipc container:db team/api:2`,
    );
    expect(warnings).toEqual([]);
    expect(spec).toMatchObject({
      name: 'api',
      image: 'team/api:2',
      healthcheck: { mode: 'cmd', cmd: 'curl -fs http://localhost/ || exit 1', intervalS: 90, timeoutS: 0.5, startPeriodS: 10, retries: 5 },
      capAdd: ['NET_ADMIN', 'SYS_TIME'],
      capDrop: ['ALL'],
      logDriver: 'local',
      logOpts: [
        { key: 'max-size', value: '10m' },
        { key: 'max-file', value: '3' },
      ],
      devices: [
        { hostPath: '/dev/fuse', containerPath: '', permissions: 'rwm' },
        { hostPath: '/dev/sda', containerPath: '/dev/xvda', permissions: 'r' },
      ],
      ulimits: [
        { name: 'nofile', soft: 1024, hard: 2048 },
        { name: 'nproc', soft: 512, hard: 512 },
      ],
      dns: ['1.1.1.1', '9.9.9.9'],
      extraHosts: [
        { host: 'db.internal', ip: '10.0.0.5' },
        { host: 'gw', ip: 'host-gateway' },
      ],
      securityOpt: ['no-new-privileges', 'apparmor=unconfined'],
      stopTimeout: 30,
      pid: 'host',
      ipc: 'container:db',
    });
    // And the server's schema takes it as it is.
    expect(createContainerSchema.safeParse(spec).success).toBe(true);
    expect(parseDockerRun('docker run --no-healthcheck img').spec.healthcheck).toMatchObject({ mode: 'none' });
    expect(() => parseDockerRun('docker run --health-interval soon img')).toThrow('a duration like 30s');
    expect(() => parseDockerRun('docker run --ulimit nofile img')).toThrow('expected name=soft[:hard]');
  });
});
