import { validateStackProps } from '../../infra/props';

describe('validateStackProps', () => {
  it.each([
    [
      { priceClass: 'PriceClass_1000' },
      "priceClass must be one of PriceClass_100, PriceClass_200, PriceClass_All, got: 'PriceClass_1000'",
    ],
    [
      { domainName: 'www.example.com' },
      "domainName needs certificateArn (an ACM certificate in us-east-1), got: 'www.example.com' without one",
    ],
    [
      { domainName: 'www.example.com', certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' },
      "certificateArn must be in us-east-1 (CloudFront reads certificates there only), got: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc'",
    ],
    [
      { domainName: 'www.example.com', certificateArn: 'not-an-arn' },
      "certificateArn must be an ACM certificate ARN, got: 'not-an-arn'",
    ],
    [
      { certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' },
      'certificateArn needs domainName',
    ],
    [
      { domainName: 'Not A Domain', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' },
      "domainName must be a lower-case DNS name, got: 'Not A Domain'",
    ],
  ])('throws if given %j', (props, message) => {
    expect(() => validateStackProps(props)).toThrow(message);
  });

  it('accepts the defaults and a complete custom domain', () => {
    expect(() => validateStackProps({})).not.toThrow();
    expect(() =>
      validateStackProps({
        domainName: 'www.example.com',
        certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
        priceClass: 'PriceClass_200',
      }),
    ).not.toThrow();
  });
});
