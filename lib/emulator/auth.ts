/**
 * The emulator's OAuth 2.0 token endpoint and the ADC credentials file that points at it.
 * Note: google-auth-library's service-account flow ignores a key file's token_uri (it always calls
 * oauth2.googleapis.com), so the file is an `external_account_authorized_user` credential, whose
 * `token_url` the library does honour (refresh_token grant, client credentials in a Basic header).
 */
import { randomBytes } from 'node:crypto';

/** Issues and checks the bearer tokens the emulator accepts. */
export class TokenIssuer {
  readonly clientId = `pullcheck-emulator-${randomBytes(4).toString('hex')}`;
  readonly clientSecret = randomBytes(16).toString('hex');
  readonly refreshToken = `1//emulator-${randomBytes(24).toString('hex')}`;
  private readonly tokens = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  /** The ADC credentials JSON for this emulator at `url`; `quotaProjectId` as `gcloud auth application-default set-quota-project` writes it. */
  credentials(url: string, quotaProjectId?: string): Record<string, string> {
    return {
      ...(quotaProjectId ? { quota_project_id: quotaProjectId } : {}),
      type: 'external_account_authorized_user',
      audience: '//iam.googleapis.com/locations/global/workforcePools/pullcheck-emulator/providers/local',
      client_id: this.clientId,
      client_secret: this.clientSecret,
      refresh_token: this.refreshToken,
      token_url: `${url}/token`,
      token_info_url: `${url}/tokeninfo`,
    };
  }

  /** True when `authorization` carries a bearer token this emulator issued. */
  accepts(authorization: string | undefined): boolean {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    return !!m && this.tokens.has(m[1]);
  }

  /** Answers a token request: refresh_token grant (this emulator's client) or a JWT-bearer assertion. */
  grant(form: URLSearchParams, authorization: string | undefined): { status: number; body: Record<string, unknown> } {
    const type = form.get('grant_type');
    if (type === 'refresh_token') {
      let id = form.get('client_id');
      let secret = form.get('client_secret');
      const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
      if (basic) {
        const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        id = decodeURIComponent(decoded.slice(0, colon));
        secret = decodeURIComponent(decoded.slice(colon + 1));
      }
      if (id !== this.clientId || secret !== this.clientSecret) {
        return { status: 401, body: { error: 'invalid_client', error_description: 'The OAuth client was not found.' } };
      }
      if (form.get('refresh_token') !== this.refreshToken) {
        return { status: 400, body: { error: 'invalid_grant', error_description: 'Bad Request: the refresh token is not valid.' } };
      }
      return { status: 200, body: this.issue() };
    }
    if (type === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      const assertion = form.get('assertion') ?? '';
      if (!/^[\w-]+\.[\w-]+\.[\w-]*$/.test(assertion)) {
        return { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid JWT: the assertion is not a JWT.' } };
      }
      return { status: 200, body: this.issue() };
    }
    return { status: 400, body: { error: 'unsupported_grant_type', error_description: `Invalid grant_type: ${type ?? ''}` } };
  }

  /** Answers a token-info request for an issued token. */
  info(token: string | null): { status: number; body: Record<string, unknown> } {
    const issued = token ? this.tokens.get(token) : undefined;
    if (issued === undefined) return { status: 400, body: { error: 'invalid_token', error_description: 'Invalid Value' } };
    return {
      status: 200,
      body: { active: true, client_id: this.clientId, scope: 'https://www.googleapis.com/auth/cloud-platform', exp: Math.floor(issued / 1000) + 3600 },
    };
  }

  private issue(): Record<string, unknown> {
    const token = `ya29.emulator-${randomBytes(24).toString('hex')}`;
    this.tokens.set(token, this.now());
    return { access_token: token, expires_in: 3600, token_type: 'Bearer', scope: 'https://www.googleapis.com/auth/cloud-platform' };
  }
}
