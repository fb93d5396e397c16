/**
 * The collector test estate with people's emails planted in every place a snapshot can carry them: IAM
 * members of every form, condition titles, descriptions and expressions, group keys, display names,
 * descriptions and memberships, project names and labels, cluster, node pool, repository, role, subnet and
 * router descriptions and labels, service-account display names and descriptions, and fields Pullcheck does
 * not know. For the `collect --redact` tests.
 */
import { baseEstate } from './estate';

type Obj = Record<string, unknown>;

/** Every person's or group's email planted below (lower case), so a test can check each one is gone. */
export const PLANTED = [
  'alice@example.org',
  'ceo@example.org',
  'zoe@example.org',
  'sec-team@example.org',
  'gone@example.org',
  'oscar@example.org',
  "o'neil@example.org",
  'peggy+gcp@example.org',
  'approver@example.org',
  'quinn@example.org',
  'owner@example.org',
  'contact-bob@example.org',
  'erin@example.org',
  'frank@example.org',
  'nora@example.org',
  'ruth@example.org',
  'heidi@example.org',
  'ivan@example.org',
  'walt@example.org',
  'grace@example.org',
  'judy@example.org',
  'mallory@example.org',
  'victor@example.org',
  'trent@example.org',
  'uma@corp.example.co.uk',
];

/** A workforce identity federation subject that is not an email but still names a person. */
export const WORKFORCE_SUBJECT = 'ward.smith';

const at = <T = Obj>(v: unknown, ...path: Array<string | number>): T => path.reduce<unknown>((o, k) => (o as Obj)[k], v) as T;

export function peopleEstate(): Obj {
  const e = baseEstate();
  const org = at(e, 'organizations', 0);
  (org.organization as Obj).displayName = 'Example (owner: CEO@example.org)';
  at<Obj[]>(org, 'iamPolicy', 'bindings').push({
    role: 'roles/viewer',
    members: [
      'principal://goog/subject/zoe@example.org',
      'principalSet://goog/group/sec-team@example.org',
      'deleted:user:gone@example.org?uid=123456789012345678901',
      'user:Oscar@Example.ORG',
      "user:o'neil@example.org",
      'user:peggy+gcp@example.org',
      `principal://iam.googleapis.com/locations/global/workforcePools/staff/subject/${WORKFORCE_SUBJECT}`,
      'domain:example.org',
    ],
    condition: {
      title: 'audit window for quinn@example.org',
      description: 'Approved by "Approver" <approver@example.org>.',
      expression: `request.time < timestamp("2030-01-01T00:00:00Z") && 'quinn@example.org' != ''`,
    },
  });

  const folder = at(e, 'folders', 0);
  (folder.folder as Obj).displayName = 'prod (owner@example.org)';
  const cond = at<Obj>(folder, 'iamPolicy', 'bindings', 0, 'condition');
  cond.description = 'until the migration, see ticket from approver@example.org';

  const app = at(e, 'projects', 0);
  Object.assign(app.project as Obj, {
    name: 'Shop app (contact-bob@example.org)',
    labels: { team: 'shop', 'contact-bob@example.org': 'yes' },
    xContact: { emails: ['erin@example.org'], note: 'mailto:erin@example.org' },
  });
  const web = at<Obj>(app, 'clusters', 0);
  Object.assign(web, { description: 'Run by frank@example.org', resourceLabels: { owner: 'nora@example.org' } });
  Object.assign(at<Obj>(web, 'nodePools', 1, 'config'), { labels: { oncall: 'ruth@example.org' } });
  Object.assign(at<Obj>(app, 'roles', 0), { description: 'requested by heidi@example.org' });
  Object.assign(at<Obj>(app, 'repositories', 0, 'repository'), { description: 'local images, ask ivan@example.org', labels: { owner: 'walt@example.org' } });
  Object.assign(at<Obj>(app, 'serviceAccounts', 0), {
    displayName: "Grace's deploy bot (grace@example.org)",
    description: 'Compute default account; questions to judy@example.org',
  });

  const registry = at(e, 'projects', 1);
  Object.assign(at<Obj>(registry, 'repositories', 0, 'repository'), {
    description: 'Shared images. Owners: Victor <victor@example.org>, uma@corp.example.co.uk',
    unknownNewField: [{ reviewer: 'trent@example.org' }],
  });

  const host = at(e, 'projects', 3);
  Object.assign(at<Obj>(host, 'subnetworks', 0), { description: 'nodes; network team ivan@example.org' });
  Object.assign(at<Obj>(host, 'routers', 1), { description: 'NAT owned by walt@example.org' });

  const devs = at(e, 'groups', 0);
  Object.assign(devs.group as Obj, {
    displayName: 'Developers (lead: judy@example.org)',
    description: 'Ask mallory@example.org to join',
    labels: { 'cloudidentity.googleapis.com/groups.discussion_forum': '' },
  });
  at<Obj[]>(devs, 'members').push({ preferredMemberKey: { id: 'Mallory@Example.org' }, type: 'USER', roles: [{ name: 'MEMBER' }] });
  return e;
}
