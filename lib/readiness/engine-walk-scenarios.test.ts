/**
 * The walk's shortcuts (templates shared by accounts of one shape, pulls no perimeter can touch, kept rows) must
 * judge every pair of every bundled scenario exactly as a one-off pair does, causes included. The scenarios hold
 * deny policies, perimeters with bridges and ingress rules, download rules, nested and unreadable groups, principal
 * sets, conditions and deleted accounts; the generated estate adds many accounts named alike above their repositories.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateEstate } from '../bench/generate';
import { scenarioToRaw } from '../bench/scenario-to-raw';
import { normalize } from '../inventory/normalize';
import type { Inventory } from '../inventory/types';
import { parseScenarioOrThrow, type Scenario } from '../scenario/schema';
import { dockerRepositories, evaluatePair, evaluatePairs } from './engine';

const root = path.resolve(__dirname, '..', '..');
const files = [
  ...readdirSync(path.join(root, 'data', 'scenarios'))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => path.join('data', 'scenarios', f)),
  path.join('data', 'demo-estate.json'),
];

function load(file: string): Scenario {
  return parseScenarioOrThrow(readFileSync(path.join(root, file), 'utf8'), file);
}

/** Every pair of the walk, beside the same pair judged alone on a fresh inventory (no cache of the walk's). */
function compare(make: () => Inventory): number {
  const walked = [...evaluatePairs(make())];
  const fresh = make();
  const docker = dockerRepositories(fresh);
  expect(walked.length).toBe(fresh.nodePools.length * docker.length);
  let i = 0;
  for (const pool of fresh.nodePools) {
    for (const repo of docker) {
      const { checks, ...alone } = evaluatePair(fresh, pool.name, repo.name);
      void checks;
      // JSON reads every deferred field (messages, evidence, remediation), so a shared template that misjudged an account shows here.
      expect(JSON.parse(JSON.stringify(walked[i])), `${pool.name} × ${repo.name}`).toEqual(JSON.parse(JSON.stringify(alone)));
      i++;
    }
  }
  return i;
}

describe('the walk judges as one-off pairs do', () => {
  for (const file of files) {
    it(file, () => {
      const s = load(file);
      expect(compare(() => normalize(scenarioToRaw(s)))).toBeGreaterThan(0);
    });
  }

  it('a generated estate of 40 projects (accounts named through groups at the organization, folders and repositories)', () => {
    const s = generateEstate({ projects: 40, seed: 3 });
    expect(compare(() => normalize(scenarioToRaw(s)))).toBeGreaterThan(1000);
  });
});
