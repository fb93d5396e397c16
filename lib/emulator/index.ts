/** The Google API emulator (README, "Scenario files and the emulator"): start one, point googleapis clients at its url. */
export { startEmulator } from './server';
export type { Emulator, EmulatorOptions, RecordedRequest, QuotaOptions, ApiName, PageSizes } from './server';
