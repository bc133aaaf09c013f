import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SUBCOMMANDS } from '../commands/gdpr/index.js';
import { withGeneratedTables } from '../src/checks/docs.js';
import { CHECKS } from '../src/checks/registry.js';
import { ENV_VAR_NAMES } from '../src/config/env.js';
import { parseConfigText } from '../src/config/load.js';
import { configSchema } from '../src/config/schema.js';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

/** AWS SDK variables the program does not read itself but passes through to the SDK. */
const SDK_VARS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'];
/** Variables docker-compose.yml interpolates (the Redis ACL users' passwords); the program never reads them. */
const COMPOSE_VARS = ['REDIS_WEB_PASSWORD', 'REDIS_WORKER_PASSWORD'];

describe('docker-compose.yml (no Docker engine here, so it is checked as data)', () => {
  const compose = parse(read('docker-compose.yml')) as {
    services: Record<
      string,
      { command?: string[]; environment?: Record<string, string>; build?: string; env_file?: string; depends_on?: Record<string, unknown>; ports?: string[] }
    >;
  };

  it('has redis, web and worker', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['redis', 'web', 'worker']);
  });

  it('restarts every service, checks the health of each, and refuses to start without the configuration file', () => {
    const services = compose.services as Record<string, { restart?: string; healthcheck?: { test: string[] }; volumes?: unknown[] }>;
    for (const name of ['redis', 'web', 'worker']) {
      expect(services[name]!.restart, name).toBe('unless-stopped');
      expect(services[name]!.healthcheck?.test.join(' '), name).toBeTruthy();
    }
    for (const name of ['web', 'worker']) {
      expect(services[name]!.healthcheck!.test.join(' ')).toContain('/healthz');
      // A missing ./gdpr-bot.yml stops compose with "bind source path does not exist", not an empty directory.
      expect(services[name]!.volumes).toContainEqual({
        type: 'bind',
        source: './gdpr-bot.yml',
        target: '/config/gdpr-bot.yml',
        read_only: true,
        bind: { create_host_path: false },
      });
    }
  });

  it('runs Redis the way BullMQ needs it: AOF on, noeviction', () => {
    const cmd = compose.services.redis!.command!.join(' ');
    expect(cmd).toContain('--appendonly yes');
    expect(cmd).toContain('--maxmemory-policy noeviction');
  });

  it('does not publish Redis on the host, turns its default user off and gives each role a user of its own', () => {
    expect(compose.services.redis!.ports).toBeUndefined();
    expect(compose.services.redis!.command!.join(' ')).toContain('--user default off');
    expect(compose.services.web!.environment!.REDIS_URL).toMatch(/^redis:\/\/gdpr-web:\$\{REDIS_WEB_PASSWORD[^}]*\}@redis:6379$/);
    expect(compose.services.worker!.environment!.REDIS_URL).toMatch(/^redis:\/\/gdpr-worker:\$\{REDIS_WORKER_PASSWORD[^}]*\}@redis:6379$/);
  });

  it('runs the web and worker roles from the built image, with environment names the program knows', () => {
    for (const [name, role] of [
      ['web', 'web'],
      ['worker', 'worker'],
    ] as const) {
      const svc = compose.services[name]!;
      expect(svc.build).toBe('.');
      expect(svc.env_file).toBe('.env');
      expect(svc.command).toEqual(['node', 'dist/src/main.js']);
      expect(svc.environment!.ROLE).toBe(role);
      expect(svc.depends_on).toHaveProperty('redis');
      for (const key of Object.keys(svc.environment!)) expect(ENV_VAR_NAMES).toContain(key);
    }
  });

  it('the Dockerfile builds what compose runs', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile).toContain('npm run build');
    expect(dockerfile).toContain('CMD ["node", "dist/src/main.js"]');
  });

  it('the image runs on the current Node LTS, as an unprivileged user, with a health check, and without tsx', () => {
    const dockerfile = read('Dockerfile');
    const froms = [...dockerfile.matchAll(/^FROM node:(\d+)-/gm)].map((m) => Number(m[1]));
    expect(froms.length).toBe(2);
    for (const major of froms) expect(major).toBeGreaterThanOrEqual(24);
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^HEALTHCHECK .*\n?.*\/healthz/m);
    expect(dockerfile).toContain('npm prune --omit=dev');
    expect(runtime).not.toContain('tsx');
    // The posture charts' labels need a font file in the image (src/charts/render.ts looks for DejaVu Sans first).
    expect(runtime).toContain('fonts-dejavu-core');
    // The build context never carries secrets or local state.
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['.env', 'node_modules', 'gdpr-bot.yml', '.git']) expect(ignored).toContain(entry);
  });

  it('the package supports Node 20.19+, 22 and 24, and its licence file matches package.json', () => {
    const pkg = JSON.parse(read('package.json')) as { engines: { node: string }; license: string; bin: Record<string, string> };
    expect(pkg.engines.node).toBe('>=20.19');
    expect(pkg.license).toBe('Apache-2.0');
    expect(read('LICENSE')).toContain('Apache License\n                           Version 2.0, January 2004');
    expect(pkg.bin).toEqual({ 'gdpr-bot': 'bin/gdpr-bot.js' });
  });
});

describe('.env.example and the example configuration', () => {
  it('.env.example names exactly the variables the program reads (plus the SDK region)', () => {
    const names = read('.env.example')
      .split('\n')
      .filter((l) => /^[A-Z_]+=/.test(l))
      .map((l) => l.split('=')[0]!);
    expect(names.filter((n) => !COMPOSE_VARS.includes(n)).sort()).toEqual([...ENV_VAR_NAMES].sort());
    for (const n of names) expect(ENV_VAR_NAMES.includes(n) || SDK_VARS.includes(n) || COMPOSE_VARS.includes(n)).toBe(true);
  });

  it('gdpr-bot.example.yml is valid', () => {
    expect(() => parseConfigText(read('gdpr-bot.example.yml'), 'gdpr-bot.example.yml')).not.toThrow();
  });

  it('gdpr-bot.example.yml shows every top-level configuration section (set, or commented out)', () => {
    const example = read('gdpr-bot.example.yml');
    for (const key of Object.keys(configSchema.shape)) expect(example, key).toMatch(new RegExp(`^(# )?${key}:`, 'm'));
  });
});

describe('manifest.yml', () => {
  const manifest = parse(read('manifest.yml')) as {
    features: { slash_commands: { command: string }[] };
    oauth_config: { scopes: { bot: string[] } };
    settings: { interactivity: { is_enabled: boolean }; socket_mode_enabled: boolean };
  };

  it('declares /gdpr, interactivity and Socket Mode', () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(['/gdpr']);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });

  it('asks for every bot scope the Web API methods in the code need', () => {
    /** Web API method → bot scope; a method used in the code but missing here fails the test. */
    const scopeOf: Record<string, string | null> = {
      'chat.postMessage': 'chat:write',
      'chat.update': 'chat:write',
      'chat.postEphemeral': 'chat:write',
      'chat.delete': 'chat:write',
      'users.info': 'users:read',
      'usergroups.users.list': 'usergroups:read',
      'files.uploadV2': 'files:write',
      'files.getUploadURLExternal': 'files:write',
      'files.completeUploadExternal': 'files:write',
      'conversations.open': 'im:write',
      'conversations.info': 'channels:read',
      'conversations.members': 'channels:read',
      'conversations.history': 'channels:history',
      'views.open': null,
      'views.update': null,
      'views.push': null,
      'auth.test': null,
      'views.publish': null,
      'files.delete': 'files:write',
      'pins.add': 'pins:write',
      'pins.remove': 'pins:write',
    };
    const files = ['src', 'commands', 'jobs'].flatMap((dir) =>
      (readdirSync(new URL(`../${dir}`, import.meta.url), { recursive: true }) as string[])
        .filter((f) => f.endsWith('.ts'))
        .map((f) => readFileSync(new URL(`../${dir}/${f}`, import.meta.url), 'utf8')),
    );
    const used = new Set<string>();
    for (const text of files) {
      for (const m of text.matchAll(/\b(?:client|slack)\.(chat|users|usergroups|files|conversations|views|auth|pins)\.((?:[a-zA-Z0-9]+\.)*[a-zA-Z0-9]+)\(/g))
        used.add(`${m[1]}.${m[2]}`);
    }
    expect(used.size).toBeGreaterThan(0);
    for (const method of used) {
      expect(Object.keys(scopeOf), `Web API method ${method} is used: add it and its scope to this test and manifest.yml`).toContain(method);
      const scope = scopeOf[method];
      if (scope) expect(manifest.oauth_config.scopes.bot, `${method} needs ${scope}`).toContain(scope);
    }
    expect(manifest.oauth_config.scopes.bot).toContain('commands');
  });
});

describe('README.md', () => {
  const readme = read('README.md');

  it('lists every check with what it demands, generated from the registry (run `npm run docs` after changing a check)', () => {
    expect(withGeneratedTables(readme)).toBe(readme);
    for (const c of CHECKS) expect(readme).toContain(`| \`${c.id}\``);
  });

  it('documents every environment variable the program reads', () => {
    for (const name of ENV_VAR_NAMES) expect(readme, name).toContain(`| \`${name}\``);
  });

  it('documents every top-level configuration section', () => {
    const keys = Object.keys(configSchema.shape);
    expect(keys.length).toBeGreaterThan(6);
    for (const key of keys) expect(readme, key).toMatch(new RegExp(`\\| \`${key}\\.`));
  });

  it('lists every /gdpr subcommand in the command table, in the order and with the syntax of /gdpr help', () => {
    const start = readme.indexOf('## Commands');
    const table = readme.slice(start, readme.indexOf('\n\n', readme.indexOf('|---|', start)));
    const rows = [...table.matchAll(/^\| `(\/gdpr[^`]*)` \|/gm)].map((m) => m[1]!.replace(/\\\|/g, '|'));
    // Exactly what help.ts prints for each subcommand (`/gdpr <name> <usage>`), one row each, nothing else.
    expect(rows).toEqual(SUBCOMMANDS.map((s) => `/gdpr ${s.name}${s.usage ? ` ${s.usage}` : ''}`));
  });

  it('shows the two quickstart commands', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm test');
  });

  it('offers the demo first ("try it in one minute"), then connecting Slack and AWS, and documents every subcommand', () => {
    const demo = readme.indexOf('## Try it in one minute');
    const quickstart = readme.indexOf('## Quickstart');
    expect(demo).toBeGreaterThan(0);
    expect(demo).toBeLessThan(quickstart);
    expect(readme.slice(demo, quickstart)).toContain('npx gdpr-bot demo');
    expect(readme.indexOf('## Create the Slack app')).toBeGreaterThan(quickstart);
    for (const sub of ['start', 'scan', 'policy', 'doctor', 'demo']) expect(readme, sub).toMatch(new RegExp(`^npx gdpr-bot ${sub}\\b`, 'm'));
  });
});
