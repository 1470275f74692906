/**
 * Nodeum: list the cloud connectors of one provider type, sorted, then read one by name.
 *
 *   pnpm example nodeum                                                        against a Prism mock of the spec
 *   NODEUM_USER=... NODEUM_PASSWORD=... pnpm example nodeum --base-url https://nodeum.example.com/api/v2
 */
import { createNodeumClient, filter, paginateCloudConnectors, sortBy, unwrap } from '@mediaspec/nodeum';

const baseUrl = process.env.BASE_URL;
if (!baseUrl) throw new Error('Set BASE_URL to your Nodeum API v2 root (`pnpm example nodeum` sets it)');

const client = createNodeumClient({
  baseUrl,
  username: process.env.NODEUM_USER ?? 'archivist',
  password: process.env.NODEUM_PASSWORD ?? 'mock-password',
});

const connectors = paginateCloudConnectors(client, {
  provider: filter.in(['amazon_aws_s3', 'wasabi', 'generic_s3']),
  sort_by: sortBy('name', ['id', 'desc']),
  limit: 50,
});
const names: string[] = [];
for await (const connector of connectors) {
  if (connector.name) names.push(connector.name);
  console.log(`  ${connector.id}  ${connector.name}  ${connector.provider}  ${connector.url}`);
}
console.log(`${names.length} connector(s)`);

if (names[0]) {
  const connector = await unwrap(
    client.GET('/cloud_connectors/{cloud_connector_id}', { params: { path: { cloud_connector_id: names[0] } } }),
  );
  console.log(`${connector.name}: region ${connector.region ?? '-'}, options ${connector.options ?? '-'}`);
}
