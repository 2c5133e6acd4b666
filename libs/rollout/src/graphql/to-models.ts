import type { HistoryScope } from '@app/access';
import { toHistoryEntryModel } from '@app/platform';
import { parseAreaRolloutStream, StatusReport } from '../domain/area-rollout';
import type { AreaProgress } from '../domain/roll-up';
import type { AreaRolloutView } from '../area-rollout-timeline/area-rollout-timeline';
import type { OverdueEntry } from '../overdue-milestones/overdue-milestones';
import type {
  AreaProgressModel,
  AreaRolloutModel,
  OverdueEntryModel,
  StatusReportModel,
} from './rollout.models';

const toStatusModel = (status: StatusReport | null): StatusReportModel | null =>
  status && { ...status, period: `${status.periodStart}/${status.periodEnd}` };

export const toAreaProgressModel = (area: AreaProgress): AreaProgressModel => ({
  ...area,
  region: area.regionName,
  status: toStatusModel(area.status),
});

export const toAreaRolloutModel = (
  view: AreaRolloutView,
  reader: HistoryScope,
): AreaRolloutModel => ({
  ...toAreaProgressModel(view.progress),
  programmeId: view.programmeId,
  version: view.version,
  replacedBy: view.replacedBy?.successors ?? [],
  replacedOn: view.replacedBy?.effectiveFrom ?? null,
  // Mapped only when asked for: a change's answer rarely selects it.
  get timeline() {
    // Each event is about the area of its own stream: this one's, or a former area's it carries.
    return view.timeline.map((event) =>
      toHistoryEntryModel(event, reader, parseAreaRolloutStream(event.streamId).areaCode),
    );
  },
});

export const toOverdueEntryModel = ({ area, ...entry }: OverdueEntry): OverdueEntryModel => ({
  ...entry,
  areaCode: area.areaCode,
  areaName: area.areaName,
  regionCode: area.regionCode,
  regionName: area.regionName,
});
