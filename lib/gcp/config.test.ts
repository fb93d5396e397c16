import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_CONCURRENCY, readGcpConfig } from './config';

describe('readGcpConfig', () => {
  it('gives the defaults for an empty environment (live Google, ADC search)', () => {
    expect(readGcpConfig({})).toEqual({
      apiRoot: null,
      credentialsFile: null,
      concurrency: DEFAULT_CONCURRENCY,
      timeoutMs: 30_000,
      maxRetries: 5,
      quotaProject: null,
    });
  });

  it('reads every variable', () => {
    const c = readGcpConfig({
      PULLCHECK_API_ROOT: 'http://127.0.0.1:8085/ignored/path',
      GOOGLE_APPLICATION_CREDENTIALS: '/tmp/adc.json',
      PULLCHECK_CONCURRENCY: '4',
      PULLCHECK_TIMEOUT_MS: '150',
      PULLCHECK_MAX_RETRIES: '0',
      PULLCHECK_QUOTA_PROJECT: 'billing-proj',
    });
    expect(c).toEqual({
      apiRoot: 'http://127.0.0.1:8085',
      credentialsFile: '/tmp/adc.json',
      concurrency: 4,
      timeoutMs: 150,
      maxRetries: 0,
      quotaProject: 'billing-proj',
    });
  });

  it.each([
    ['PULLCHECK_CONCURRENCY', 'lots', /PULLCHECK_CONCURRENCY="lots" is not valid: set it to .*1 to 256/],
    ['PULLCHECK_CONCURRENCY', '0', /PULLCHECK_CONCURRENCY="0"/],
    ['PULLCHECK_TIMEOUT_MS', '-5', /PULLCHECK_TIMEOUT_MS="-5" is not valid: set it to the per-call timeout in milliseconds/],
    ['PULLCHECK_MAX_RETRIES', '2.5', /PULLCHECK_MAX_RETRIES="2.5"/],
    ['PULLCHECK_API_ROOT', 'localhost', /PULLCHECK_API_ROOT="localhost" is not a URL: set it to the emulator's address/],
    ['PULLCHECK_API_ROOT', 'ftp://x', /PULLCHECK_API_ROOT="ftp:\/\/x" must be an http/],
    ['PULLCHECK_QUOTA_PROJECT', 'Not A Project', /PULLCHECK_QUOTA_PROJECT="Not A Project" is not a project id/],
  ])('rejects %s=%s with a ConfigError naming it', (name, value, message) => {
    let err: unknown;
    try {
      readGcpConfig({ [name]: value });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(message);
  });
});
