/**
 * The viewer side on CloudFront Functions (`viewer.runtime: 'cloudfront-functions'`): one
 * `cloudfront.Function` (cloudfront-js-2.0) per name in CLOUDFRONT_FUNCTIONS, from the files `npm run build`
 * writes to `dist/cloudfront-functions/`, both reading one KeyValueStore seeded from the configuration, and
 * their us-east-1 log groups with the configured retention and the metric filters that count enrollments
 * and conversions.
 *
 * The store is created empty and kept across deploys; `npm run deploy` then brings its contents in line with
 * the configuration in place (`npm run experiments -- sync`, `experiments/sync.ts`). Not an `ImportSource`:
 * CloudFront imports one only when it creates the store and CloudFormation cannot update it
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudfront-keyvaluestore.html),
 * so a seed there would mean a new store for every configuration change, every experiment back to phase 0
 * and every live change lost. Until the first sync a function finds no key: it uses the baked experiment
 * values (one warning line each) and negotiates no language (the default locale).
 * CDK: https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_cloudfront.KeyValueStore.html
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { DIST } from '../edge-functions/build/options';
import { kvsSeed } from '../edge-functions/build/kvs-seed';
import {
  CLOUDFRONT_FUNCTIONS,
  CLOUDFRONT_FUNCTIONS_DIR,
  FUNCTION_SIZE_LIMIT,
  type CloudFrontFunctionName,
} from '../edge-functions/cloudfront-functions/contract';
import type { SiteConfig } from '../edge-functions/config/schema';
import { cloudFrontFunctionNames, functionLogGroupName, type CloudFrontFunctionNames } from './edge-names';
import { metricWordFilters } from './function-log-metrics';

export interface ViewerFunctionsProps {
  /** The validated configuration: the names derive from `stackName`; experiments and locales seed the store. */
  readonly config: SiteConfig;
  /**
   * Where `npm run build` wrote `cloudfront-functions/<name>.js`.
   * @default DIST (`<root>/dist`)
   */
  readonly outDir?: string;
  /**
   * What happens to the functions' log groups with the stack.
   * @default RemovalPolicy.RETAIN - a function still running would recreate its group without a retention
   */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/** `<outDir>/cloudfront-functions/<name>.js`: one file, uploaded as it is (no bundling at synth). */
export const functionCodePath = (name: CloudFrontFunctionName, outDir = DIST): string =>
  path.join(outDir, CLOUDFRONT_FUNCTIONS_DIR, `${name}.js`);

/** The store's name: the stack's, fixed, so every deploy keeps the same store. */
export const keyValueStoreName = (stackName: string): string => `${stackName}-live`;

export class ViewerFunctions extends Construct {
  readonly names: CloudFrontFunctionNames;
  readonly keyValueStore: cloudfront.KeyValueStore;
  readonly functions: Readonly<Record<CloudFrontFunctionName, cloudfront.Function>>;
  readonly logGroups: Readonly<Record<CloudFrontFunctionName, logs.LogGroup>>;
  readonly metricFilters: readonly logs.MetricFilter[];

  constructor(
    scope: Construct,
    id: string,
    private readonly props: ViewerFunctionsProps,
  ) {
    super(scope, id);
    this.names = cloudFrontFunctionNames(props.config.stackName);
    this.keyValueStore = this.renderStore();
    const each = <T>(render: (name: CloudFrontFunctionName) => T) =>
      Object.fromEntries(CLOUDFRONT_FUNCTIONS.map((name) => [name, render(name)])) as Record<
        CloudFrontFunctionName,
        T
      >;
    this.logGroups = each((name) => this.renderLogGroup(name));
    this.functions = each((name) => this.renderFunction(name));
    this.metricFilters = CLOUDFRONT_FUNCTIONS.flatMap((name) =>
      metricWordFilters(this, pascal(name), this.logGroups[name]),
    );
  }

  private renderStore(): cloudfront.KeyValueStore {
    // The configuration must fit the store before anything deploys (the sync would refuse it afterwards).
    kvsSeed(this.props.config);
    return new cloudfront.KeyValueStore(this, 'Store', {
      keyValueStoreName: keyValueStoreName(this.props.config.stackName),
      comment:
        'Live experiment control (xp:) and the Accept-Language table (lt:), synced from edge.config.ts by npm run deploy',
    });
  }

  private renderFunction(name: CloudFrontFunctionName): cloudfront.Function {
    const fn = new cloudfront.Function(this, pascal(name), {
      functionName: this.names[name],
      comment: `CloudFront Function ${name} (edge personalisation)`,
      code: cloudfront.FunctionCode.fromFile({ filePath: checkedCode(name, this.props.outDir) }),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      keyValueStore: this.keyValueStore,
      // Published on deploy: a distribution can only use the LIVE stage. Test the DEVELOPMENT stage before
      // deploying with `npm run test-function` (docs/deploy.md).
      autoPublish: true,
    });
    // Its log group first: a live function's first line would create the group without a retention, and
    // the stack's own group would then fail as "already exists".
    fn.node.addDependency(this.logGroups[name]);
    return fn;
  }

  /** Pre-created so it has the configured retention; CloudFront would create it on first use without one. */
  private renderLogGroup(name: CloudFrontFunctionName): logs.LogGroup {
    return new logs.LogGroup(this, `${pascal(name)}Logs`, {
      logGroupName: functionLogGroupName(this.names[name]),
      retention: this.props.config.logs.retentionDays as logs.RetentionDays,
      removalPolicy: this.props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
  }
}

/** The built file, or a synth error saying how to make it; never one CloudFront would refuse for its size. */
function checkedCode(name: CloudFrontFunctionName, outDir: string | undefined): string {
  const file = functionCodePath(name, outDir);
  const shown = path.relative(process.cwd(), file);
  if (!existsSync(file))
    throw new Error(
      `${shown} is missing: run npm run build (viewer.runtime is 'cloudfront-functions', which deploys ${name} from it)`,
    );
  const bytes = statSync(file).size;
  if (bytes > FUNCTION_SIZE_LIMIT)
    throw new Error(
      `${shown} is ${bytes} bytes, CloudFront Functions allow ${FUNCTION_SIZE_LIMIT} (FunctionSizeLimitExceeded), got: ${bytes}`,
    );
  return file;
}

const pascal = (s: string) => s.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());
