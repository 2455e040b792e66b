import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { GraphQLObjectType } from 'graphql';
import { buildAppSchema, printAppSchema } from '../../src/server';

describe('schema/schema.graphql', () => {
  it('is exactly what the code builds (run `npm run schema:emit` after changing the API)', async () => {
    const committed = await readFile('schema/schema.graphql', 'utf8');
    expect(printAppSchema(await buildAppSchema())).toBe(committed);
  });

  it.each([
    ['Query', 'viewer', {}, 'Viewer!'],
    ['Query', 'organizations', { first: 'Int', after: 'String' }, 'OrganizationConnection!'],
    ['Query', 'organization', { id: 'ID', slug: 'String' }, 'Organization'],
    ['Query', 'incident', { id: 'ID!' }, 'Incident'],
    ['Query', 'incidents', { organizationId: 'ID!', status: 'IncidentStatus', first: 'Int', after: 'String' }, 'IncidentConnection!'],
    ['Query', 'mentions', { filter: 'MentionFilter!', first: 'Int', after: 'String', orderBy: 'MentionOrder' }, 'MentionConnection!'],
    ['Query', 'influencer', { platform: 'Platform!', handle: 'String!' }, 'Influencer'],
    ['Mutation', 'createOrganization', { input: 'CreateOrganizationInput!' }, 'Organization!'],
    ['Mutation', 'updateOrganization', { id: 'ID!', input: 'UpdateOrganizationInput!' }, 'Organization!'],
    ['Mutation', 'createApiKey', { input: 'CreateApiKeyInput!' }, 'CreatedApiKey!'],
    ['Mutation', 'revokeApiKey', { id: 'ID!' }, 'Boolean!'],
    ['Mutation', 'createIncident', { input: 'CreateIncidentInput!' }, 'Incident!'],
    ['Mutation', 'updateIncident', { id: 'ID!', input: 'UpdateIncidentInput!' }, 'Incident!'],
    ['Organization', 'incidents', { first: 'Int', after: 'String', status: 'IncidentStatus' }, 'IncidentConnection!'],
    ['Organization', 'mentions', { first: 'Int', after: 'String' }, 'MentionConnection!'],
    ['Incident', 'mentions', { first: 'Int', after: 'String' }, 'MentionConnection!'],
    ['Influencer', 'mentions', { first: 'Int', after: 'String' }, 'MentionConnection!'],
  ] as const)('keeps %s.%s of the public contract', async (typeName, fieldName, args, returns) => {
    const type = (await buildAppSchema()).getType(typeName) as GraphQLObjectType;
    const field = type.getFields()[fieldName];
    expect(field, `${typeName}.${fieldName}`).toBeDefined();
    expect(String(field!.type)).toBe(returns);
    for (const [name, argType] of Object.entries(args)) {
      expect(String(field!.args.find((arg) => arg.name === name)?.type), `${fieldName}(${name})`).toBe(argType);
    }
  });

  it.each([
    ['Organization', 'id name slug timezone handles keywords competitorIds createdAt'],
    ['Incident', 'id organization title description severity crisisType phase status startedAt detectedAt firstResponseAt resolvedAt responseTimeSeconds keywords'],
    ['Mention', 'id organization incident platform externalId url author text language postedAt sentiment sentimentLabel sentimentSource reach likes shares comments engagement owned inReplyTo sharedFrom'],
    ['Influencer', 'id platform handle displayName followers verified influenceScore tracked mentionCount firstSeenAt lastSeenAt'],
    ['Viewer', 'id name isAdmin scopes organizations'],
    ['ApiKey', 'id name scopes organizationIds createdAt lastUsedAt revokedAt'],
    ['CreatedApiKey', 'secret apiKey'],
    ['SocialHandle', 'platform handle'],
    ['PageInfo', 'hasNextPage endCursor'],
    ['MentionConnection', 'edges pageInfo totalCount'],
  ])('gives %s every field of the contract', async (typeName, fields) => {
    const type = (await buildAppSchema()).getType(typeName) as GraphQLObjectType;
    expect(Object.keys(type.getFields())).toEqual(expect.arrayContaining(fields.split(' ')));
  });
});
