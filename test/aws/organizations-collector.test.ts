import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListAWSServiceAccessForOrganizationCommand,
  ListParentsCommand,
  ListPoliciesCommand,
  ListRootsCommand,
  ListTargetsForPolicyCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';
import { CollectContext } from '../../src/aws/collectors/context.js';
import { organizationsCollector } from '../../src/aws/collectors/organizations.js';
import { awsError } from '../helpers/synthetic-aws.js';

const MANAGEMENT = '111111111111';
const MEMBER = '222222222222';
const org = mockClient(OrganizationsClient);

function collect(accountId: string) {
  const ctx = new CollectContext({ clients: new AwsClients({ defaultRegion: 'eu-west-1' }), accountId, region: 'eu-west-1', regions: ['eu-west-1'] });
  return organizationsCollector.collect(ctx);
}

/** What each command was sent, copied when it was sent (the SDK's paginators reuse one input object). */
const sent: Record<string, unknown[]> = {};
function record(name: string, input: object): void {
  (sent[name] ??= []).push(JSON.parse(JSON.stringify(input)) as unknown);
}

const doc = (region: string) =>
  JSON.stringify({ Statement: [{ Effect: 'Deny', NotAction: 'iam:*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': [region] } } }] });

/** An organisation managed by MANAGEMENT: two SCP pages (plus the AWS-managed FullAWSAccess), targets and roots in two pages each. */
function organisation(): void {
  org.on(DescribeOrganizationCommand).resolves({ Organization: { Id: 'o-abc', MasterAccountId: MANAGEMENT } });
  org.on(ListPoliciesCommand).callsFake((input: { Filter?: string; NextToken?: string }) => {
    record('ListPolicies', input);
    if (input.Filter !== 'SERVICE_CONTROL_POLICY') throw awsError('InvalidInputException', 'Filter is required');
    return input.NextToken === 'policies-2'
      ? { Policies: [{ Id: 'p-second', Name: 'DenyLeave', AwsManaged: false }] }
      : {
          Policies: [
            { Id: 'p-FullAWSAccess', Name: 'FullAWSAccess', AwsManaged: true },
            { Id: 'p-region', Name: 'RegionGuardrail', AwsManaged: false },
          ],
          NextToken: 'policies-2',
        };
  });
  org.on(DescribePolicyCommand).callsFake((input: { PolicyId?: string }) => ({
    Policy: { PolicySummary: { Id: input.PolicyId }, Content: doc(input.PolicyId === 'p-region' ? 'eu-west-1' : 'eu-central-1') },
  }));
  org.on(ListTargetsForPolicyCommand).callsFake((input: { PolicyId?: string; NextToken?: string }) => {
    record('ListTargetsForPolicy', input);
    if (input.PolicyId === 'p-second') return { Targets: [] };
    return input.NextToken === 'targets-2'
      ? {
          Targets: [
            { TargetId: 'ou-abc-workloads', Name: 'Workloads', Type: 'ORGANIZATIONAL_UNIT', Arn: 'arn:aws:organizations::1:ou/o-abc/ou-abc-workloads' },
          ],
        }
      : { Targets: [{ TargetId: 'r-abc', Name: 'Root', Type: 'ROOT', Arn: 'arn:aws:organizations::1:root/o-abc/r-abc' }], NextToken: 'targets-2' };
  });
  org.on(ListRootsCommand).callsFake((input: { NextToken?: string }) => {
    record('ListRoots', input);
    return input.NextToken === 'roots-2'
      ? { Roots: [{ Id: 'r-second', Name: 'Root', PolicyTypes: [] }] }
      : {
          Roots: [
            {
              Id: 'r-abc',
              Name: 'Root',
              PolicyTypes: [
                { Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' },
                { Type: 'TAG_POLICY', Status: 'PENDING_ENABLE' },
              ],
            },
          ],
          NextToken: 'roots-2',
        };
  });
  org.on(ListParentsCommand).callsFake((input: { ChildId?: string }) => {
    record('ListParents', input);
    return { Parents: [{ Id: 'r-abc', Type: 'ROOT' }] };
  });
}

describe('the Organizations collector', () => {
  beforeEach(() => {
    org.reset();
    for (const k of Object.keys(sent)) delete sent[k];
  });
  afterEach(() => org.reset());

  it('reads every page of SCPs, their targets (per policy) and the roots with their policy types; no parent walk for the management account', async () => {
    organisation();
    const data = await collect(MANAGEMENT);
    expect(data.organization).toEqual({ ok: true, value: { id: 'o-abc', managementAccountId: MANAGEMENT, isManagement: true } });
    expect(data.scps).toEqual({
      ok: true,
      value: [
        {
          id: 'p-region',
          name: 'RegionGuardrail',
          document: JSON.parse(doc('eu-west-1')) as unknown,
          targets: [
            { id: 'r-abc', type: 'ROOT', name: 'Root' },
            { id: 'ou-abc-workloads', type: 'ORGANIZATIONAL_UNIT', name: 'Workloads' },
          ],
        },
        { id: 'p-second', name: 'DenyLeave', document: JSON.parse(doc('eu-central-1')) as unknown, targets: [] },
      ],
    });
    expect(data.roots).toEqual({
      ok: true,
      value: [
        {
          id: 'r-abc',
          policyTypes: [
            { type: 'SERVICE_CONTROL_POLICY', status: 'ENABLED' },
            { type: 'TAG_POLICY', status: 'PENDING_ENABLE' },
          ],
        },
        { id: 'r-second', policyTypes: [] },
      ],
    });
    expect(data.ancestors).toBeUndefined();
    expect(sent.ListPolicies).toEqual([{ Filter: 'SERVICE_CONTROL_POLICY' }, { Filter: 'SERVICE_CONTROL_POLICY', NextToken: 'policies-2' }]);
    // The AWS-managed FullAWSAccess is neither described nor listed for targets.
    expect(
      org
        .commandCalls(DescribePolicyCommand)
        .map((c) => c.args[0].input.PolicyId)
        .sort(),
    ).toEqual(['p-region', 'p-second']);
    expect(sent.ListTargetsForPolicy).toEqual(
      expect.arrayContaining([{ PolicyId: 'p-region' }, { PolicyId: 'p-region', NextToken: 'targets-2' }, { PolicyId: 'p-second' }]),
    );
    expect(sent.ListTargetsForPolicy).toHaveLength(3);
    expect(sent.ListRoots).toEqual([{}, { NextToken: 'roots-2' }]);
    expect(sent.ListParents).toBeUndefined();
  });

  it('reads every page of the trusted services from the management account only (a member is refused them)', async () => {
    organisation();
    org.on(ListAWSServiceAccessForOrganizationCommand).callsFake((input: { NextToken?: string }) => {
      record('ListAWSServiceAccessForOrganization', input);
      return input.NextToken === 'services-2'
        ? { EnabledServicePrincipals: [{ ServicePrincipal: 'controltower.amazonaws.com', DateEnabled: new Date('2025-01-02') }] }
        : { EnabledServicePrincipals: [{ ServicePrincipal: 'sso.amazonaws.com', DateEnabled: new Date('2024-05-01') }], NextToken: 'services-2' };
    });
    const management = await collect(MANAGEMENT);
    expect(management.trustedServices).toEqual({ ok: true, value: ['sso.amazonaws.com', 'controltower.amazonaws.com'] });
    expect(sent.ListAWSServiceAccessForOrganization).toEqual([{}, { NextToken: 'services-2' }]);
    delete sent.ListAWSServiceAccessForOrganization;
    const member = await collect(MEMBER);
    expect(member.trustedServices).toBeUndefined();
    expect(sent.ListAWSServiceAccessForOrganization).toBeUndefined();
  });

  it('records a denied ListAWSServiceAccessForOrganization as that call, never as "no trusted service"', async () => {
    organisation();
    org.on(ListAWSServiceAccessForOrganizationCommand).rejects(awsError('AccessDeniedException', 'not authorized'));
    const data = await collect(MANAGEMENT);
    expect(data.trustedServices).toMatchObject({ ok: false, error: { call: 'organizations:ListAWSServiceAccessForOrganization', kind: 'denied' } });
  });

  it('walks a member account up to the root through ListParents, following every page', async () => {
    organisation();
    org.on(ListParentsCommand).callsFake((input: { ChildId?: string; NextToken?: string }) => {
      record('ListParents', input);
      if (input.ChildId === MEMBER)
        return input.NextToken === 'parents-2' ? { Parents: [{ Id: 'ou-abc-team', Type: 'ORGANIZATIONAL_UNIT' }] } : { Parents: [], NextToken: 'parents-2' };
      if (input.ChildId === 'ou-abc-team') return { Parents: [{ Id: 'ou-abc-workloads', Type: 'ORGANIZATIONAL_UNIT' }] };
      if (input.ChildId === 'ou-abc-workloads') return { Parents: [{ Id: 'r-abc', Type: 'ROOT' }] };
      throw awsError('ChildNotFoundException');
    });
    const data = await collect(MEMBER);
    expect(data.organization).toMatchObject({ ok: true, value: { isManagement: false } });
    expect(data.ancestors).toEqual({ ok: true, value: ['ou-abc-team', 'ou-abc-workloads', 'r-abc'] });
    expect(sent.ListParents).toEqual([
      { ChildId: MEMBER },
      { ChildId: MEMBER, NextToken: 'parents-2' },
      { ChildId: 'ou-abc-team' },
      { ChildId: 'ou-abc-workloads' },
    ]);
  });

  it('records a denied ListTargetsForPolicy, ListRoots or ListParents as that call, never as "no targets"', async () => {
    organisation();
    org.on(ListTargetsForPolicyCommand).rejects(awsError('AccessDeniedException', 'not authorized'));
    org.on(ListRootsCommand).rejects(awsError('AccessDeniedException', 'not authorized'));
    org.on(ListParentsCommand).rejects(awsError('AccessDeniedException', 'not authorized'));
    const data = await collect(MEMBER);
    expect(data.scps).toMatchObject({ ok: false, error: { call: 'organizations:ListTargetsForPolicy', kind: 'denied', code: 'AccessDeniedException' } });
    expect(data.roots).toMatchObject({ ok: false, error: { call: 'organizations:ListRoots', kind: 'denied' } });
    expect(data.ancestors).toMatchObject({ ok: false, error: { call: 'organizations:ListParents', kind: 'denied' } });
  });

  it('a member account without delegated access gets AccessDenied on ListPolicies: an error, not an empty list', async () => {
    organisation();
    org.on(ListPoliciesCommand).rejects(awsError('AccessDeniedException', 'You don’t have permissions to access this resource.'));
    const data = await collect(MEMBER);
    expect(data.scps).toMatchObject({ ok: false, error: { call: 'organizations:ListPolicies', kind: 'denied' } });
  });

  it('outside an organisation reads nothing more', async () => {
    org.on(DescribeOrganizationCommand).rejects(awsError('AWSOrganizationsNotInUseException'));
    const data = await collect(MEMBER);
    expect(data).toEqual({ organization: { ok: true, value: null } });
    expect(org.calls()).toHaveLength(1);
  });
});
