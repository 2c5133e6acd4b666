import { benchApiVsCeiling } from './api-vs-ceiling';
import { benchGraphqlWrites } from './graphql-writes';
import { benchMilestoneImport } from './milestone-import';
import { benchPeerEmmett } from './peer-emmett';
import { benchScale } from './scale';
import { benchSitePages } from './site-pages';
import { benchStoreAppends } from './store-appends';
import { benchStoreMigration } from './store-migration';
import { benchTamperEvidence } from './tamper-evidence';

/** `npm run bench`: every benchmark, one after the other, each printing its table. */
async function main(): Promise<void> {
  process.stdout.write(
    `Reform Tracker benchmarks, ${new Date().toISOString()}, Node ${process.version}\n`,
  );
  await benchStoreAppends();
  await benchPeerEmmett();
  await benchGraphqlWrites();
  await benchApiVsCeiling();
  await benchMilestoneImport();
  await benchTamperEvidence();
  await benchStoreMigration();
  await benchSitePages();
  // A million events takes minutes to generate: BENCH_SIZES=10000,100000,1000000 asks for it.
  await benchScale(process.env.BENCH_SIZES?.split(',').map(Number) ?? [10_000, 100_000]);
}

void main();
