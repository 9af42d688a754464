/**
 * Files removed from the site are removed from the bucket on the next deploy, and the distribution is
 * invalidated after every upload and deletion. Proven on the synthesized template and, where the AWS CLI
 * v1 is installed (BucketDeployment's handler runs `aws s3 sync` from the AWS CLI v1 layer), by running
 * that CLI's `sync --dryrun` with the template's own filters against a local S3 listing.
 */
import { testApp } from '../support/cdk';
import { execFile, execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { SiteStack } from '../../infra/site-stack';
import { INVALIDATION_PATHS } from '../../infra/site-upload';
import { syncFilterFor, uploadGroups } from '../../infra/site-files';
import { listFiles } from '../../site-checks/inventory';
import { walkSite } from '../../site-checks/walk';
import { fixture } from '../support/fixtures';

const demo = fixture('demo');
const files = listFiles(demo.siteDir);
const app = testApp();
const stack = new SiteStack(app, 'Test', {}, demo);
const template = Template.fromStack(stack);
const deployments = template.findResources('Custom::CDKBucketDeployment');
const [pruneId, prune] = Object.entries(deployments).find(([, d]) => d.Properties.Prune === true)!;
const uploads = Object.entries(deployments).filter(([id]) => id !== pruneId);

describe('syncFilterFor', () => {
  it.each([
    ['en/index.html', 'en/index.html'],
    ['en/a[1].html', 'en/a[[]1].html'],
    ['en/what?.html', 'en/what[?].html'],
    ['en/star*.txt', 'en/star[*].txt'],
    ['en/]odd[.html', 'en/]odd[[].html'],
  ])('turns %s into a filter for that file only', (file, filter) => {
    expect(syncFilterFor(file)).toBe(filter);
  });

  // The AWS CLI matches filters with Python's fnmatch (awscli/customizations/s3/filters.py).
  it('gives filters that Python fnmatch matches against their own file and no other', () => {
    const names = [
      'en/a[1].html',
      'en/a1.html',
      'en/what?.html',
      'en/whatX.html',
      'en/star*.txt',
      'en/starry.txt',
      'en/]odd[.html',
    ];
    const script =
      'import fnmatch, json, sys\n' +
      'names, filters = json.loads(sys.argv[1]), json.loads(sys.argv[2])\n' +
      'print(json.dumps([[n for n in names if fnmatch.fnmatchcase(n, f)] for f in filters]))';
    const out = execFileSync('python3', [
      '-c',
      script,
      JSON.stringify(names),
      JSON.stringify(names.map(syncFilterFor)),
    ]);
    expect(JSON.parse(out.toString())).toEqual(names.map((n) => [n]));
  });
});

describe('site upload and pruning', () => {
  it('uploads each group without pruning, including exactly its own files', () => {
    const groups = uploadGroups(demo.siteDir, demo.config);
    expect(uploads).toHaveLength(groups.length);
    for (const [, d] of uploads) {
      expect(d.Properties.Prune).toBe(false);
      expect(d.Properties.Exclude).toEqual(['*']);
      expect(d.Properties.DistributionId).toBeUndefined();
    }
    expect(uploads.flatMap(([, d]) => d.Properties.Include as string[]).sort()).toEqual(
      files.map(syncFilterFor).sort(),
    );
  });

  it('prunes with every current file excluded: nothing uploaded, every other key deleted', () => {
    expect(prune.Properties.Prune).toBe(true);
    expect(prune.Properties.Include).toBeUndefined();
    expect([...prune.Properties.Exclude].sort()).toEqual(files.map(syncFilterFor).sort());
    expect(prune.Properties.SystemMetadata).toBeUndefined();
  });

  it('invalidates every cached copy once, after all uploads', () => {
    expect(prune.Properties.DistributionPaths).toEqual([...INVALIDATION_PATHS]);
    expect(prune.Properties.DistributionId).toEqual({ Ref: expect.stringMatching(/^Distribution/) });
    expect([...(prune.DependsOn as string[])]).toEqual(expect.arrayContaining(uploads.map(([id]) => id)));
  });
});

describe('the staged site asset', () => {
  it('holds exactly the files the site checks inventoried, as regular files', () => {
    const assets = stack.node.findAll().filter((c): c is s3assets.Asset => c instanceof s3assets.Asset);
    const site = assets.filter((a) => /\/Deploy[^/]+\/Asset\d+$/.test(a.node.path));
    expect(site.length).toBeGreaterThan(0);
    for (const asset of site) {
      const staged = walkSite(path.join(app.outdir, asset.assetPath));
      expect(staged).toEqual({ files, strays: [] });
    }
  });

  it('refuses a site holding a link, never staging what it points to', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'site-'));
    const secret = path.join(mkdtempSync(path.join(tmpdir(), 'private-')), 'credentials');
    writeFileSync(secret, 'aws_secret_access_key = x');
    cpSync(demo.siteDir, dir, { recursive: true });
    symlinkSync(secret, path.join(dir, 'en', 'credentials.txt'));
    const outdir = mkdtempSync(path.join(tmpdir(), 'cdk-'));
    expect(() => new SiteStack(testApp({ outdir }), 'Linked', {}, { ...demo, siteDir: dir })).toThrow(
      "site entry is a symbolic link, which never ships (run npm run build for every problem), got: 'en/credentials.txt'",
    );
    const staged = readdirSync(outdir, { recursive: true, encoding: 'utf8' });
    expect(staged.filter((f) => f.endsWith('credentials.txt'))).toEqual([]);
  });
});

/** Where the AWS CLI v1 is installed: `aws s3 sync --dryrun` with the template's filters, S3 served locally. */
const awsCli = (() => {
  try {
    return /^aws-cli\/1\./.test(execFileSync('aws', ['--version'], { stdio: 'pipe' }).toString())
      ? 'aws'
      : undefined;
  } catch {
    return undefined;
  }
})();

(awsCli ? describe : describe.skip)('aws s3 sync with the deployment filters (AWS CLI v1)', () => {
  const REMOVED = ['en/old-page/index.html', 'assets/site.00000000.css', 'ja/gone[1].html', 'stray.bin'];
  let server: Server;
  let endpoint: string;
  const configFile = path.join(mkdtempSync(path.join(tmpdir(), 'aws-')), 'config');
  writeFileSync(configFile, '[default]\nregion = us-east-1\ns3 =\n  addressing_style = path\n');

  beforeAll(async () => {
    // The bucket as the last deploy left it: today's files plus files since removed from the site.
    const keys = [...files, ...REMOVED];
    server = createServer((req, res) => {
      const contents = keys
        .map(
          (k) =>
            `<Contents><Key>${encodeURIComponent(k).replace(/%2F/g, '/')}</Key><LastModified>2030-01-01T00:00:00.000Z</LastModified><ETag>"0"</ETag><Size>1</Size><StorageClass>STANDARD</StorageClass></Contents>`,
        )
        .join('');
      res.setHeader('content-type', 'application/xml');
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>site</Name><Prefix></Prefix><KeyCount>${keys.length}</KeyCount><MaxKeys>1000</MaxKeys><EncodingType>url</EncodingType><IsTruncated>false</IsTruncated>${req.url?.includes('list-type=2') ? contents : ''}</ListBucketResult>`,
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** The command BucketDeployment's handler builds: `s3 sync [--delete] --exclude … --include … <dir> <bucket>`. */
  async function dryRun(props: { Prune: boolean; Exclude?: string[]; Include?: string[] }) {
    const args = ['s3', 'sync', ...(props.Prune ? ['--delete'] : [])];
    for (const f of props.Exclude ?? []) args.push('--exclude', f);
    for (const f of props.Include ?? []) args.push('--include', f);
    args.push(demo.siteDir, 's3://site/', '--dryrun', '--endpoint-url', endpoint, '--no-progress');
    const env = {
      ...process.env,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_CONFIG_FILE: configFile,
      AWS_SHARED_CREDENTIALS_FILE: configFile + '-none',
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    const { stdout } = await promisify(execFile)(awsCli!, args, { env, timeout: 60_000 });
    const ops = (op: string) =>
      stdout
        .split('\n')
        .filter((l) => l.startsWith(`(dryrun) ${op}:`))
        .map((l) => l.replace(/^.* s3:\/\/site\//, ''))
        .sort();
    return { deleted: ops('delete'), uploaded: ops('upload') };
  }

  it('the pruning deployment deletes exactly the removed files and uploads nothing', async () => {
    const result = await dryRun(prune.Properties);
    expect(result).toEqual({ deleted: [...REMOVED].sort(), uploaded: [] });
  });

  it('an upload group uploads exactly its own files and deletes nothing', async () => {
    const [, html] = uploads.find(([, d]) =>
      d.Properties.SystemMetadata['content-type'].startsWith('text/html'),
    )!;
    const result = await dryRun(html.Properties);
    expect(result).toEqual({ deleted: [], uploaded: files.filter((f) => f.endsWith('.html')).sort() });
  });
});
