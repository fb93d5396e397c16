/** Where the gaps banner's collapsed state is remembered, and the attribute on <html> the layout's first script sets from it. */
export const GAPS_BANNER_STORAGE_KEY = 'pullcheck.gapsBanner';
export const GAPS_BANNER_ATTRIBUTE = 'data-gaps-banner';

/** Href of the full list of gaps, keeping the scan on screen. */
export function gapsHref(scan: string | null): string {
  return scan ? `/gaps?scan=${encodeURIComponent(scan)}` : '/gaps';
}
