/**
 * The stack's props and their validation. A bad value fails `cdk synth` with a message naming the prop and
 * the value it got, like aws-cdk-lib's own validation.
 */
import type { StackProps } from 'aws-cdk-lib';

export const PRICE_CLASSES = ['PriceClass_100', 'PriceClass_200', 'PriceClass_All'] as const;
export type PriceClassName = (typeof PRICE_CLASSES)[number];

export interface SiteStackProps extends StackProps {
  /**
   * CloudFront price class (which edge locations serve the site).
   * @default 'PriceClass_100'
   */
  readonly priceClass?: string;
  /**
   * Custom domain (e.g. `www.example.com`); requires `certificateArn`.
   * @default - the distribution's `*.cloudfront.net` name only
   */
  readonly domainName?: string;
  /**
   * ACM certificate for `domainName`. CloudFront only reads certificates from us-east-1.
   * @default - none
   */
  readonly certificateArn?: string;
  /**
   * Delete the buckets (and their objects) with the stack: for throw-away demos only.
   * @default false - buckets are retained when the stack is deleted
   */
  readonly destroyOnDelete?: boolean;
  /**
   * Turn on CloudFront's additional distribution metrics (cache hit rate, origin latency, error rates by
   * status), which CloudWatch bills per metric per month.
   * @default false
   */
  readonly additionalMetrics?: boolean;
  /**
   * E-mail address subscribed to the alarms (each Region's topic sends AWS's confirmation message once).
   * @default - alarms without notifications; they still show on the dashboard
   */
  readonly alarmEmail?: string;
  /**
   * Regions where Lambda@Edge runs replicas, for the dashboard's per-Region series.
   * @default EDGE_REGIONS (`edge-regions.ts`)
   */
  readonly regions?: readonly string[];
}

const CERT_ARN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[A-Za-z0-9-]+$/;
/** Deliberately plain (local@domain.tld, no spaces or quotes): what SNS's e-mail protocol will deliver to. */
const EMAIL = /^[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export function validateStackProps(props: SiteStackProps): void {
  const problems: string[] = [];
  if (props.priceClass !== undefined && !(PRICE_CLASSES as readonly string[]).includes(props.priceClass))
    problems.push(`priceClass must be one of ${PRICE_CLASSES.join(', ')}, got: '${props.priceClass}'`);
  if (props.domainName !== undefined && !DOMAIN.test(props.domainName))
    problems.push(`domainName must be a lower-case DNS name, got: '${props.domainName}'`);
  if (props.domainName !== undefined && props.certificateArn === undefined)
    problems.push(
      `domainName needs certificateArn (an ACM certificate in us-east-1), got: '${props.domainName}' without one`,
    );
  if (props.certificateArn !== undefined) {
    const m = CERT_ARN.exec(props.certificateArn);
    if (!m) problems.push(`certificateArn must be an ACM certificate ARN, got: '${props.certificateArn}'`);
    else if (m[1] !== 'us-east-1')
      problems.push(
        `certificateArn must be in us-east-1 (CloudFront reads certificates there only), got: '${props.certificateArn}'`,
      );
    if (props.domainName === undefined)
      problems.push(`certificateArn needs domainName, got: '${props.certificateArn}' without one`);
  }
  if (props.alarmEmail !== undefined && !EMAIL.test(props.alarmEmail))
    problems.push(`alarmEmail must be an e-mail address, got: '${props.alarmEmail}'`);
  if (problems.length > 0) throw new Error(`Invalid SiteStack props:\n  - ${problems.join('\n  - ')}`);
}
