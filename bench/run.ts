import { benchGraphqlWrites } from './graphql-writes';
import { benchMilestoneImport } from './milestone-import';
import { benchStoreAppends } from './store-appends';
import { benchTamperEvidence } from './tamper-evidence';

/** `npm run bench`: every benchmark, one after the other, each printing its table. */
async function main(): Promise<void> {
  process.stdout.write(
    `Reform Tracker benchmarks, ${new Date().toISOString()}, Node ${process.version}\n`,
  );
  await benchStoreAppends();
  await benchGraphqlWrites();
  await benchMilestoneImport();
  await benchTamperEvidence();
}

void main();
