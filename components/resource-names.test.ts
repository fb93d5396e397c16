import { describe, expect, it } from 'vitest';
import { resourceNames, withResourceNames } from './resource-names';

const names = resourceNames({
  organizations: [{ name: 'organizations/1234567890', displayName: 'example.com' }],
  folders: [
    { name: 'folders/718245', displayName: 'Platform' },
    { name: 'folders/99', displayName: null },
  ],
});

describe('withResourceNames', () => {
  it('puts the display name beside each folder and organization number it knows', () => {
    expect(withResourceNames('granted on folders/718245 under organizations/1234567890', names)).toBe(
      'granted on folders/718245 (Platform) under organizations/1234567890 (example.com)',
    );
  });
  it('leaves unknown, unnamed and longer references alone', () => {
    expect(withResourceNames('folders/99 folders/7182456 folders/718245/x projects/718245', names)).toBe('folders/99 folders/7182456 folders/718245/x projects/718245');
  });
});
