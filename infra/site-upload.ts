/**
 * Uploads the site folder to the bucket, removes from the bucket what the site no longer has, and
 * invalidates the distribution's cached copies, on every deploy where the site changed.
 *
 * - One BucketDeployment per upload group (Content-Type × Cache-Control), each including exactly its files
 *   and setting their metadata. These never prune: a group's deletions would be limited to its own
 *   `include` filters, which name only files that exist.
 * - One pruning deployment after them: the same site source with **every current file excluded**, so it
 *   uploads nothing and `aws s3 sync --delete` deletes exactly the keys the site no longer has. The AWS
 *   CLI documents that filtered-out files are neither copied nor deleted
 *   (https://docs.aws.amazon.com/cli/latest/reference/s3/sync.html, `--delete`), and BucketDeployment
 *   passes `exclude`/`include` straight to it
 *   (https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_s3_deployment-readme.html#prune).
 *   It also invalidates `/*` once, after every upload and deletion.
 * S3 keys are the site's relative paths, as before: nothing is moved.
 */
import { SymlinkFollowMode } from 'aws-cdk-lib';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import type { SiteConfig } from '../edge-functions/config/schema';
import { syncFilterFor, uploadGroups } from './site-files';

export interface SiteUploadProps {
  readonly siteDir: string;
  readonly config: SiteConfig;
  readonly bucket: s3.IBucket;
  readonly distribution: cloudfront.IDistribution;
}

/** The invalidation after a deploy: every cached copy, whatever the rewritten URI it is keyed on. */
export const INVALIDATION_PATHS = ['/*'] as const;

export interface SiteUpload {
  readonly uploads: readonly s3deploy.BucketDeployment[];
  readonly prune: s3deploy.BucketDeployment;
}

/** Creates `Deploy<Group>` per upload group and `DeployPrune` in `scope`. */
export function deploySite(scope: Construct, props: SiteUploadProps): SiteUpload {
  const groups = uploadGroups(props.siteDir, props.config);
  // Links are copied as links, never followed into what is outside the site; `uploadGroups` has already
  // refused a site that holds one (the site checks name it first).
  // https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.SymlinkFollowMode.html
  const source = s3deploy.Source.asset(props.siteDir, { followSymlinks: SymlinkFollowMode.NEVER });
  const uploads = groups.map(
    (g) =>
      new s3deploy.BucketDeployment(scope, `Deploy${g.id}`, {
        sources: [source],
        destinationBucket: props.bucket,
        exclude: ['*'],
        include: g.files.map(syncFilterFor),
        contentType: g.contentType,
        cacheControl: [s3deploy.CacheControl.fromString(g.cacheControl)],
        prune: false,
        memoryLimit: 256,
      }),
  );
  const prune = new s3deploy.BucketDeployment(scope, 'DeployPrune', {
    sources: [source],
    destinationBucket: props.bucket,
    exclude: groups.flatMap((g) => g.files).map(syncFilterFor),
    prune: true,
    distribution: props.distribution,
    distributionPaths: [...INVALIDATION_PATHS],
    memoryLimit: 256,
  });
  for (const upload of uploads) prune.node.addDependency(upload);
  return { uploads, prune };
}
