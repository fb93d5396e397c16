import { describe, expect, it } from 'vitest';
import { UsageError } from '../io';
import { servePlan } from './serve';

const io = (env: Record<string, string | undefined> = {}) => ({ env: { DATABASE_URL: '', PULLCHECK_DATA_DIR: ':memory:', ...env } as unknown as NodeJS.ProcessEnv, cwd: '/srv/pullcheck' });

describe('pullcheck serve', () => {
  it('turns the scope flags into the server schedule, every 6 hours unless --every says otherwise', () => {
    const p = servePlan(['--projects', 'shop-prod,shop-dev', '--port', '8080'], io());
    expect(p.port).toBe(8080);
    expect(p.host).toBe('127.0.0.1');
    expect(p.env.PULLCHECK_SCHEDULE_SCOPE).toBe('projects:shop-prod,shop-dev');
    expect(p.schedule).toEqual({ everyMs: 6 * 3_600_000, scope: { kind: 'projects', ids: ['shop-prod', 'shop-dev'] }, label: 'projects shop-prod, shop-dev' });
    const q = servePlan(['--organization', '1001', '--every', '90m'], io());
    expect(q.env.PULLCHECK_SCHEDULE_EVERY).toBe('1h30m');
    expect(q.schedule?.everyMs).toBe(90 * 60_000);
  });

  it('serves without a schedule when no scope is given, and keeps one set in the environment', () => {
    expect(servePlan([], io()).schedule).toBeNull();
    expect(servePlan(['--every', '12h'], io({ PULLCHECK_SCHEDULE_SCOPE: 'folder:2001' })).schedule).toMatchObject({ everyMs: 12 * 3_600_000, scope: { kind: 'folder', ids: ['2001'] } });
  });

  it('points a --scenario schedule at the built-in emulator', () => {
    const p = servePlan(['--scenario', 'estates/acme.json'], io(), { url: 'http://127.0.0.1:4567', credentialsFile: '/tmp/creds.json' });
    expect(p.env.PULLCHECK_API_ROOT).toBe('http://127.0.0.1:4567');
    expect(p.env.GOOGLE_APPLICATION_CREDENTIALS).toBe('/tmp/creds.json');
    expect(p.schedule?.scope).toEqual({ kind: 'scenario', ids: ['acme.json'] });
    expect(p.scopeArgs?.scenarioFile).toBe('/srv/pullcheck/estates/acme.json');
  });

  it('refuses bad input as a usage error naming what is wrong', () => {
    const bad = (argv: string[], env?: Record<string, string>) => {
      try {
        servePlan(argv, io(env));
      } catch (err) {
        expect(err).toBeInstanceOf(UsageError);
        return (err as Error).message;
      }
      throw new Error('accepted');
    };
    expect(bad(['--every', '6h'])).toMatch(/--every needs a SCOPE/);
    expect(bad(['--projects', 'shop-prod', '--every', 'often'])).toMatch(/--every must be a duration such as 6h/);
    expect(bad(['--projects', 'shop-prod', '--port', '99999'])).toMatch(/--port must be a port number/);
    expect(bad(['--projects', 'shop-prod', '--source', 'api'])).toMatch(/--source is not available/);
    expect(bad(['--projects', 'a', '--folder', '1'])).toMatch(/give one scope/);
    expect(bad([], { PULLCHECK_SCHEDULE_SCOPE: 'nowhere' })).toMatch(/PULLCHECK_SCHEDULE_SCOPE: unknown scope/);
    expect(bad(['--host', 'a b'])).toMatch(/--host must be a host name/);
  });
});
