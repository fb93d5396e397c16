import { test, expect } from '@playwright/test';

const IMAGE = 'europe-west1-docker.pkg.dev/nwv-registry/booking-images/search-api:2.8.1';
const SA = '826350741269-compute@developer.gserviceaccount.com';

const DESCRIBE_POD = `Name:             search-api-7d9c6b5f4-x2x9q
Namespace:        booking
Priority:         0
Service Account:  search-api
Node:             gke-booking-staging-default-pool-3f2a9c1e-k8s2/10.20.0.14
Start Time:       Wed, 25 Nov 2026 16:02:11 +0000
Labels:           app=search-api
                  pod-template-hash=7d9c6b5f4
Status:           Pending
IP:               10.24.1.17
Containers:
  search-api:
    Container ID:
    Image:          ${IMAGE}
    Image ID:
    Port:           8080/TCP
    State:          Waiting
      Reason:       ImagePullBackOff
    Ready:          False
    Restart Count:  0
Conditions:
  Type              Status
  Initialized       True
  Ready             False
Events:
  Type     Reason     Age                From               Message
  ----     ------     ----               ----               -------
  Normal   Scheduled  2m                 default-scheduler  Successfully assigned booking/search-api-7d9c6b5f4-x2x9q to gke-booking-staging-default-pool-3f2a9c1e-k8s2
  Normal   Pulling    45s (x4 over 2m)   kubelet            Pulling image "${IMAGE}"
  Warning  Failed     44s (x4 over 2m)   kubelet            Failed to pull image "${IMAGE}": failed to pull and unpack image "${IMAGE}": failed to resolve reference "${IMAGE}": failed to authorize: failed to fetch oauth token: unexpected status from GET request to https://europe-west1-docker.pkg.dev/v2/token?scope=repository%3Anwv-registry%2Fbooking-images%2Fsearch-api%3Apull&service=europe-west1-docker.pkg.dev: 403 Forbidden
  Warning  Failed     44s (x4 over 2m)   kubelet            Error: ErrImagePull
  Normal   BackOff    5s (x6 over 2m)    kubelet            Back-off pulling image "${IMAGE}"
  Warning  Failed     5s (x6 over 2m)    kubelet            Error: ImagePullBackOff
`;

test.describe('Diagnose (demo estate)', () => {
  test('a pasted 403 for a pool without a grant names the missing grant and the command that adds it', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto('/diagnose');
    await expect(page.getByRole('heading', { level: 1, name: 'Diagnose' })).toBeVisible();

    await page.getByLabel('Image reference').fill(IMAGE);
    await page.getByLabel('Error text').fill(DESCRIBE_POD);
    await page.getByLabel('Cluster (optional)').selectOption({ label: 'booking-staging (nwv-booking-staging, europe-west1-b)' });
    await page.getByLabel('Node pool (optional)').selectOption({ label: 'default-pool' });
    await page.getByRole('button', { name: 'Diagnose' }).click();

    await expect(page.getByRole('heading', { level: 2, name: 'Diagnosis' })).toBeVisible();
    // A whole describe-pod paste is too long for the URL: the link carries a saved diagnosis's id.
    await expect(page).toHaveURL(/[?&]d=[A-Za-z0-9_-]{16,22}(&|$)/);

    await expect(page.getByText('Permission denied (403 Forbidden)')).toBeVisible();
    const verdicts = page.getByRole('table', { name: /Whether each node pool can pull/ });
    await expect(verdicts.getByRole('row', { name: /booking-staging \/ default-pool/ }).getByText('cannot pull')).toBeVisible();

    const causes = page.getByRole('list').filter({ has: page.getByText('#1') });
    const first = causes.getByRole('listitem').first();
    await expect(first).toContainText('iam');
    await expect(first).toContainText(SA);
    await expect(first).toContainText('artifactregistry.repositories.downloadArtifacts');
    const command = `gcloud artifacts repositories add-iam-policy-binding booking-images --project=nwv-registry --location=europe-west1 --member=serviceAccount:${SA} --role=roles/artifactregistry.reader`;
    await expect(first.getByText(command)).toBeVisible();
    await first.getByRole('button', { name: 'Copy gcloud command' }).click();
    await expect(first.getByText('✓ Copied')).toBeVisible();

    await expect(page.getByText(/crictl pull --creds/)).toContainText(IMAGE);
    await expect(page.getByText(/containerd\.log/).first()).toBeVisible();
    await page.screenshot({ path: 'test-results/screenshots/diagnose.png', fullPage: true });

    // Reopening the link shows the same diagnosis, with the pasted text and the choices.
    await page.reload();
    await expect(page.getByRole('heading', { level: 2, name: 'Diagnosis' })).toBeVisible();
    await expect(page.getByText('Permission denied (403 Forbidden)')).toBeVisible();
    await expect(page.getByLabel('Image reference')).toHaveValue(IMAGE);
    await expect(page.getByLabel('Node pool (optional)')).toHaveValue(/nodePools\/default-pool$/);
    await expect(page.getByLabel('Error text')).toHaveValue(/403 Forbidden/);
  });

  test('a malformed image reference shows its error next to the field and keeps the input', async ({ page }) => {
    await page.goto('/diagnose');
    const image = page.getByLabel('Image reference');
    await image.fill('europe-west1-docker.pkg.dev/nwv-registry');
    await page.getByLabel('Error text').fill('Warning  Failed  10s  kubelet  Failed to pull image: 403 Forbidden');
    await page.getByRole('button', { name: 'Diagnose' }).click();
    await expect(image).toHaveAttribute('aria-invalid', 'true');
    await expect(image).toHaveAccessibleDescription(/missing the repository and the image/);
    await expect(page.getByRole('alert').filter({ hasText: 'LOCATION-docker.pkg.dev/PROJECT/REPOSITORY/IMAGE' })).toBeVisible();
    await expect(image).toHaveValue('europe-west1-docker.pkg.dev/nwv-registry');
    await expect(page.getByRole('heading', { level: 2, name: 'Diagnosis' })).toHaveCount(0);
    await page.screenshot({ path: 'test-results/screenshots/diagnose-malformed-image.png', fullPage: true });
  });

  test('text that fits no known pull error is reported as unrecognized', async ({ page }) => {
    await page.goto('/diagnose');
    await page.getByLabel('Image reference').fill(IMAGE);
    await page.getByLabel('Error text').fill('Warning  FailedMount  3s  kubelet  MountVolume.SetUp failed for volume "config" : configmap "search-api" not present');
    await page.getByRole('button', { name: 'Diagnose' }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'Diagnosis' })).toBeVisible();
    await expect(page.getByText('Unrecognized', { exact: true })).toBeVisible();
  });
});
