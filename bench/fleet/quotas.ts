// The documented default write quotas the fleet bench compares its request rates with, each with
// where it comes from. Both are per account (AWS, per Region) or per project (Google): every VM of
// a fleet that logs there draws on the same one.

export interface Quota {
  /** What is limited, as the provider names it. */
  what: string;
  /** Requests per second at the default quota. */
  perSecond: number;
  /** The figure as documented, and how sure it is. */
  documented: string;
  source: string;
}

export const CLOUDWATCH_QUOTAS: Quota[] = [
  {
    what: 'PutLogEvents per account and Region (us-east-1, us-west-2, eu-west-1)',
    perSecond: 5000,
    documented: '5,000 TPS (adjustable in Service Quotas; the PutLogEvents page says only "a per-second per-account quota", ' +
      'the figure is from the quotas page, not confirmed in our copy)',
    source: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html',
  },
  {
    what: 'PutLogEvents per account and Region (the smaller Regions)',
    perSecond: 800,
    documented: '800-1,500 TPS in other Regions (the low end taken; same caveat)',
    source: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html',
  },
];

export const GCP_QUOTAS: Quota[] = [
  {
    what: 'Cloud Logging write requests per project',
    perSecond: 120_000 / 60,
    documented: '120,000 write requests per minute (being replaced by regional ingestion quotas)',
    source: 'https://cloud.google.com/logging/quotas',
  },
];
