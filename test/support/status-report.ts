import type { TrackerServer } from './tracker-server';

/**
 * An officer's RAG status report through GraphQL, with commentary that only signed-in people
 * may see: what the signed-in pages' tests look for, and the public pages' must not show.
 */
export async function reportStatusThroughApi(
  server: TrackerServer,
  officerToken: string,
  input: { programmeId: string; areaCode: string; commentary: string },
): Promise<void> {
  const answer = await server.gql(
    `mutation($input: ReportStatusInput!) { reportStatus(input: $input) { version } }`,
    {
      input: {
        ...input,
        rag: 'AMBER',
        periodStart: '2024-01-01',
        periodEnd: '2024-03-31',
        reason: 'Quarterly return',
      },
    },
    officerToken,
  );
  expect(answer.errors).toBeUndefined();
}
