/** Scenario faults: matched against "METHOD /path" (query removed), counted over the whole run. */
import type { ScenarioFault } from '../scenario/schema';

/** A fault that fired for one request. */
export interface FiredFault {
  status: number | null;
  reason: string | null;
  retryAfter: number | null;
  latencyMs: number;
  /** Zones a clusters.list answer reports in `missingZones` (leaving their clusters out). */
  missingZones: string[] | null;
}

/** Fault matching with `times` counters that live as long as the emulator. */
export class FaultBook {
  private readonly entries: Array<{ test: (s: string) => boolean; fault: ScenarioFault; fired: number }>;

  constructor(faults: ScenarioFault[] = []) {
    this.entries = faults.map((fault) => {
      const m = fault.match;
      if (m.length >= 2 && m.startsWith('/') && m.endsWith('/')) {
        const re = new RegExp(m.slice(1, -1));
        return { test: (s: string) => re.test(s), fault, fired: 0 };
      }
      return { test: (s: string) => s === m, fault, fired: 0 };
    });
  }

  /**
   * The first fault that matches and has not used up its `times`; counts it. An IAM v2 path is tested in the form
   * the REST reference writes it (attachment point URL-encoded, as the server passes it) and decoded, so a fault
   * written either way fires.
   */
  fire(method: string, path: string): FiredFault | null {
    const subjects = [`${method} ${path}`];
    if (path.startsWith('/v2/policies/')) {
      try {
        const decoded = decodeURIComponent(path);
        if (decoded !== path) subjects.push(`${method} ${decoded}`);
      } catch {
        // Not decodable: the encoded form alone.
      }
    }
    for (const e of this.entries) {
      const times = e.fault.times ?? null;
      if (times !== null && e.fired >= times) continue;
      if (!subjects.some((subject) => e.test(subject))) continue;
      e.fired++;
      return {
        status: e.fault.status ?? null,
        reason: e.fault.reason ?? null,
        retryAfter: e.fault.retryAfter ?? null,
        latencyMs: e.fault.latencyMs ?? 0,
        missingZones: e.fault.missingZones ?? null,
      };
    }
    return null;
  }
}
