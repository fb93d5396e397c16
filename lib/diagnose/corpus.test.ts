import { describe, expect, it } from 'vitest';
import { CORPUS } from './__fixtures__/corpus';
import { classifyPullError } from './classify';
import { preparePaste, readPaste } from './paste';

describe('corpus of real pull errors from public issue trackers', () => {
  it('holds at least 60 attributed messages', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(60);
    for (const m of CORPUS) expect(m.source, m.text.slice(0, 60)).toMatch(/^https:\/\/\S+/);
  });

  it.each(CORPUS.map((m) => [m.source, m] as const))('%s: class, image and repository', (_source, m) => {
    expect(classifyPullError(m.text).classId).toBe(m.classId);
    const facts = readPaste(preparePaste(m.text));
    expect(facts.image).toBe(m.image);
    expect(facts.repository).toBe(m.repository);
    if (m.nodes) expect(facts.nodes).toEqual(m.nodes);
  });

  it('recognizes most messages and finds most named images', () => {
    const recognized = CORPUS.filter((m) => classifyPullError(m.text).classId !== null).length;
    const withImage = CORPUS.filter((m) => readPaste(preparePaste(m.text)).image !== null).length;
    expect(recognized / CORPUS.length).toBeGreaterThan(0.9);
    expect(withImage).toBeGreaterThanOrEqual(40);
  });
});
