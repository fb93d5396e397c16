/** Every page of the dashboard on the demo estate, for the checks that must hold on all of them (axe, phone width). */
const API = 'projects/nwv-booking-prod/locations/europe-west1/clusters/booking-prod/nodePools/api';
const STAGING_IMAGES = 'projects/nwv-booking-staging/locations/europe-west1/repositories/staging-images';
const IMAGE = 'europe-west1-docker.pkg.dev/nwv-registry/booking-images/search-api:2.8.1';
const ERROR = `Warning  Failed  44s  kubelet  Failed to pull image "${IMAGE}": failed to authorize: failed to fetch oauth token: unexpected status from GET request to https://europe-west1-docker.pkg.dev/v2/token?scope=repository%3Anwv-registry%2Fbooking-images%2Fsearch-api%3Apull&service=europe-west1-docker.pkg.dev: 403 Forbidden`;

export const PAGES: { name: string; url: string }[] = [
  { name: 'overview', url: '/' },
  { name: 'clusters', url: '/clusters' },
  { name: 'cluster detail', url: '/clusters/nwv-booking-staging/europe-west1-b/booking-staging' },
  { name: 'cluster detail (Autopilot)', url: '/clusters/nwv-booking-prod/us-central1/storefront' },
  { name: 'repositories', url: '/repositories' },
  { name: 'repository detail', url: '/repositories/nwv-registry/europe-west1/booking-images' },
  { name: 'readiness matrix', url: '/readiness' },
  { name: 'pair', url: `/readiness/pair?pool=${encodeURIComponent(API)}&repo=${encodeURIComponent(STAGING_IMAGES)}` },
  { name: 'diagnose', url: '/diagnose' },
  { name: 'diagnosis', url: `/diagnose?${new URLSearchParams({ image: IMAGE, text: ERROR })}` },
  { name: 'scan', url: '/scan' },
  { name: 'gaps', url: '/gaps' },
  { name: 'findings', url: '/findings' },
  { name: 'service accounts', url: '/service-accounts' },
  { name: 'service account', url: `/service-accounts/${encodeURIComponent('gke-prod-nodes@nwv-node-identities.iam.gserviceaccount.com')}` },
  { name: 'not found', url: '/clusters/nope/nowhere/none' },
];
