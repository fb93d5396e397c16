/**
 * The collector test estate (estate.ts) with what else decides a pull: deny policies on the organization, a folder
 * and the registry project (three there, so listPolicies pages), download rules on a Docker repository (three, so
 * rules.list pages), and an organization access policy plus a scoped one with perimeters, a bridge and a dry-run
 * perimeter. People and groups appear in deny principals and in perimeter ingress identities, for redaction tests.
 */
import { baseEstate } from './estate';

const enc = (s: string) => encodeURIComponent(s);
export const PROJECT_POINT = `policies/${enc('cloudresourcemanager.googleapis.com/projects/shop-registry')}/denypolicies`;
export const FOLDER_POINT = `policies/${enc('cloudresourcemanager.googleapis.com/folders/200')}/denypolicies`;
export const ORG_POINT = `policies/${enc('cloudresourcemanager.googleapis.com/organizations/100')}/denypolicies`;
export const IMAGES = 'projects/shop-registry/locations/europe-west2/repositories/images';
/** People and groups named by deny rules and perimeters (redacted by `collect --redact`). */
export const DENY_PERSON = 'erin@example.org';
export const DENY_GROUP = 'contractors@example.org';
export const INGRESS_PERSON = 'frank@example.org';
export const INGRESS_GROUP = 'ops@example.org';
export const PERIMETER_SA = 'deployer@shop-app.iam.gserviceaccount.com';

const denyRule = (extra: Record<string, unknown> = {}) => ({
  denyRule: {
    deniedPrincipals: ['principalSet://goog/public:all'],
    deniedPermissions: ['artifactregistry.googleapis.com/repositories.downloadArtifacts'],
    ...extra,
  },
});

export function guardedEstate(): Record<string, unknown> {
  const estate = baseEstate();
  const orgs = estate.organizations as Array<Record<string, unknown>>;
  orgs[0].denyPolicies = [
    { name: `${ORG_POINT}/no-public`, displayName: 'no public pulls', rules: [denyRule({ exceptionPrincipals: [`principalSet://goog/group/${DENY_GROUP}`] })] },
  ];
  const folders = estate.folders as Array<Record<string, unknown>>;
  folders[0].denyPolicies = [{ name: `${FOLDER_POINT}/contractors`, rules: [denyRule({ deniedPrincipals: [`principalSet://goog/group/${DENY_GROUP}`, `principal://goog/subject/${DENY_PERSON}`] })] }];
  const projects = estate.projects as Array<{ project: { projectId: string }; denyPolicies?: unknown[]; repositories?: Array<{ repository: { name: string }; rules?: unknown[] }> }>;
  const registry = projects.find((p) => p.project.projectId === 'shop-registry')!;
  registry.denyPolicies = ['a', 'b', 'c'].map((id) => ({
    name: `${PROJECT_POINT}/${id}`,
    uid: `00000000-0000-0000-0000-00000000000${id.charCodeAt(0) - 96}`,
    kind: 'DenyPolicy',
    etag: `e-${id}`,
    createTime: '2026-01-01T00:00:00Z',
    rules: [denyRule({ denialCondition: { title: `asked by ${DENY_PERSON}`, expression: "resource.matchTag('100/env', 'prod')" } })],
  }));
  registry.repositories!.find((r) => r.repository.name === IMAGES)!.rules = [
    { name: `${IMAGES}/rules/deny-all`, action: 'DENY', operation: 'DOWNLOAD' },
    { name: `${IMAGES}/rules/allow-app`, action: 'ALLOW', operation: 'DOWNLOAD', packageId: 'app' },
    { name: `${IMAGES}/rules/no-old`, action: 'DENY', operation: 'DOWNLOAD', packageId: 'app', condition: { expression: 'version.create_time < timestamp("2025-01-01T00:00:00Z")' } },
  ];
  estate.accessPolicies = [
    {
      accessPolicy: { name: 'accessPolicies/700', parent: 'organizations/100', title: 'org', etag: 'p1' },
      servicePerimeters: [
        {
          name: 'accessPolicies/700/servicePerimeters/registry',
          title: 'registry',
          status: {
            resources: ['projects/222222222222'],
            restrictedServices: ['artifactregistry.googleapis.com'],
            ingressPolicies: [
              {
                ingressFrom: { identities: [`user:${INGRESS_PERSON}`, `group:${INGRESS_GROUP}`, `serviceAccount:${PERIMETER_SA}`], sources: [{ resource: 'projects/444444444444' }] },
                ingressTo: { operations: [{ serviceName: 'artifactregistry.googleapis.com', methodSelectors: [{ method: '*' }] }], resources: ['*'] },
              },
            ],
          },
        },
        { name: 'accessPolicies/700/servicePerimeters/bridge', perimeterType: 'PERIMETER_TYPE_BRIDGE', status: { resources: ['projects/222222222222', 'projects/444444444444'] } },
        { name: 'accessPolicies/700/servicePerimeters/dry', spec: { resources: ['projects/111111111111'], restrictedServices: ['artifactregistry.googleapis.com'] }, useExplicitDryRunSpec: true },
      ],
    },
    { accessPolicy: { name: 'accessPolicies/701', parent: 'organizations/100', title: 'scoped', scopes: ['projects/111111111111'] }, servicePerimeters: [] },
  ];
  return estate;
}
