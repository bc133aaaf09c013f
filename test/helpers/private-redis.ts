import type { ChildProcess } from 'node:child_process';
import { spawnTracked } from './children.js';
import { freePort, pingRedis } from '../../src/redis/connection.js';

/**
 * A redis-server of this test's own on a free port, without persistence, that the test may kill and
 * restart. The shared Redis on 6379 is never touched.
 */
export class PrivateRedis {
  private child: ChildProcess | undefined;

  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.restart();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts (again) on the same port and waits until it answers; does nothing while it runs. */
  async restart(): Promise<void> {
    if (this.running) return;
    const child = spawnTracked('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.once('spawn', () => resolve());
    });
    for (let i = 0; i < 100; i++) {
      if (child.exitCode !== null) throw new Error(`private redis-server on port ${this.port} exited (${child.exitCode})`);
      if (await pingRedis(this.url, 500)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`private redis-server on port ${this.port} did not answer`);
  }

  /** Kills it at once (SIGKILL), like a crash. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}
