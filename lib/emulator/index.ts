/** The Google API emulator (scenario-format.md): start one, point googleapis clients at its url. */
export { startEmulator } from './server';
export type { Emulator, EmulatorOptions, RecordedRequest, QuotaOptions, ApiName, PageSizes } from './server';
