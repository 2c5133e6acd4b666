// Reference data the views share, fetched once per page load: local authorities (from the API)
// and the hexagon map (a static file).
import { gql } from './api.js';

let authorities = null;
let hexmap = null;

/** Every local authority (current and former), by ONS code: { areaCode, name, regionCode, regionName, current }. */
export function localAuthorities() {
  authorities ??= gql(
    '{ localAuthorities { areaCode name regionCode regionName current successors } }',
  ).then(
    (data) => new Map(data.localAuthorities.map((area) => [area.areaCode, area])),
    (error) => {
      authorities = null;
      throw error;
    },
  );
  return authorities;
}

/** The HexJSON layout of England's 153 local authorities. */
export function hexLayout() {
  hexmap ??= fetch('/reference-data/england-upper-tier-hexmap.hexjson').then(
    (response) => {
      if (!response.ok) throw new Error(`The hexagon map could not be loaded (${response.status})`);
      return response.json();
    },
    (error) => {
      hexmap = null;
      throw error;
    },
  );
  return hexmap;
}

/** What a stream is about, in words: "CSC-SWIS", "Social workers in schools: Lambeth". */
export function subjectOf(streamId, areas, programmes) {
  const areaName = (code) => areas?.get(code)?.name ?? code;
  if (streamId.startsWith('recommendation-')) return streamId.slice('recommendation-'.length);
  if (streamId.startsWith('programme-')) {
    const id = streamId.slice('programme-'.length);
    return programmes?.get(id) ?? id;
  }
  if (streamId.startsWith('rollout-')) {
    const rest = streamId.slice('rollout-'.length);
    const dot = rest.lastIndexOf('.');
    const id = rest.slice(0, dot);
    return `${programmes?.get(id) ?? id}: ${areaName(rest.slice(dot + 1))}`;
  }
  if (streamId.startsWith('area-')) return areaName(streamId.slice('area-'.length));
  if (streamId === 'audit-seals') return 'Audit trail seal';
  return streamId;
}
