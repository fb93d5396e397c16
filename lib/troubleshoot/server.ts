import 'server-only';
/** The app's way to ask Google: the server's own configuration (live credentials, or the demo's emulator), kept in this process. */
import { readGcpConfig } from '../gcp/config';
import { GoogleAsker, type AccessQuestion, type GoogleAnswer } from './client';

/** Asks Policy Troubleshooter one question with the server's credentials and endpoint. */
export function askGoogleFromServer(q: AccessQuestion): Promise<GoogleAnswer> {
  return new GoogleAsker(readGcpConfig(process.env)).ask(q);
}
