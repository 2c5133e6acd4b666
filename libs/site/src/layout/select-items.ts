/** Items of a GOV.UK select: "All" first, then each value, the chosen one selected. */
export function selectItems(
  values: readonly string[],
  chosen: string,
  all: string,
  names?: Record<string, string>,
) {
  return [
    { value: '', text: all, selected: !chosen },
    ...values.map((value) => ({
      value,
      text: names?.[value] ?? value,
      selected: value === chosen,
    })),
  ];
}
