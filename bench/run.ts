import { benchGraphqlWrites } from './graphql-writes';
import { benchStoreAppends } from './store-appends';

/** `npm run bench`: every benchmark, one after the other, each printing its table. */
async function main(): Promise<void> {
  process.stdout.write(
    `Reform Tracker benchmarks, ${new Date().toISOString()}, Node ${process.version}\n`,
  );
  await benchStoreAppends();
  await benchGraphqlWrites();
}

void main();
