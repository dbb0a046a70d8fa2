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
    const { warnings } = parseDockerRun('docker run --cap-add NET_ADMIN alpine');
    expect(warnings).toEqual(['--cap-add NET_ADMIN is not supported by the form; ignored']);
  });
});
