/**
 * The AWS Regions where Lambda@Edge runs replicas, so where its logs and metrics land: the Regions with a
 * CloudFront regional edge cache. One list for the per-region log stacks, the dashboard and `npm run report`.
 *
 * Sources:
 * - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/origin-shield.html#choose-origin-shield-region
 *   ("CloudFront offers Origin Shield in AWS Regions where CloudFront has a regional edge cache": the 12 Regions
 *   below other than us-west-1);
 * - https://aws.amazon.com/cloudfront/features/ (the map of regional edge caches, which also shows one in
 *   Northern California, us-west-1);
 * - https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-logs.html (Lambda@Edge
 *   writes `/aws/lambda/us-east-1.<name>` in the Region where the function ran).
 * A Region listed here where the function never runs costs nothing (an empty log group is free); one missing
 * keeps its logs forever, so when in doubt a Region stays listed. docs/deploy.md says how to add one.
 */
export const EDGE_REGIONS: readonly string[] = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'sa-east-1',
];
