/**
 * The AWS Regions that host a CloudFront regional edge cache. Lambda@Edge functions execute there (the
 * Region closest to the edge location that received the request) and write their CloudWatch Logs — and so
 * the metrics CloudWatch extracts from Embedded Metric Format lines — in that Region, as
 * `/aws/lambda/us-east-1.<function name>`. Anything that sums edge metrics must ask every one of them.
 *
 * - Lambda@Edge logs, "in the AWS Regions where the functions are invoked":
 *   https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-logs.html
 * - Regional edge caches and the Regions they are in:
 *   https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/HowCloudFrontWorks.html#CloudFrontRegionaledgecaches
 * - CloudFront's 13 regional edge caches (the "Regional Edge Caches" markers on the network map):
 *   https://aws.amazon.com/cloudfront/features/
 *
 * AWS adds regional edge caches rarely; when it does, add the Region here (one list for the whole project).
 */
export const EDGE_REGIONS = [
  'us-east-1', // US East (N. Virginia)
  'us-east-2', // US East (Ohio)
  'us-west-1', // US West (N. California)
  'us-west-2', // US West (Oregon)
  'ap-south-1', // Asia Pacific (Mumbai)
  'ap-northeast-1', // Asia Pacific (Tokyo)
  'ap-northeast-2', // Asia Pacific (Seoul)
  'ap-southeast-1', // Asia Pacific (Singapore)
  'ap-southeast-2', // Asia Pacific (Sydney)
  'eu-central-1', // Europe (Frankfurt)
  'eu-west-1', // Europe (Ireland)
  'eu-west-2', // Europe (London)
  'sa-east-1', // South America (São Paulo)
] as const;

export type EdgeRegion = (typeof EDGE_REGIONS)[number];
