/**
 * Zone-loss arithmetic shared by the patterns and the report.
 *
 * Tasks are spread evenly over Z zones, so the fullest zone holds ceil(N / Z) of N tasks. Losing
 * it leaves N - ceil(N / Z) = floor(N (Z - 1) / Z). That is at least M (the capacity the load
 * needs) exactly when N >= M Z / (Z - 1), so the smallest safe count is ceil(M Z / (Z - 1)).
 */
export function zoneLossFloor(minHealthy: number, zones: number): number {
  if (zones < 2) return Infinity;
  return Math.ceil((minHealthy * zones) / (zones - 1));
}

/** Tasks left running after the fullest of `zones` zones is lost. */
export function survivorsAfterZoneLoss(count: number, zones: number): number {
  if (zones < 1) return 0;
  return count - Math.ceil(count / zones);
}

/** The arithmetic behind zoneLossFloor, as a sentence for docs, errors and the report. */
export function zoneLossArithmetic(minHealthy: number, zones: number): string {
  const floor = zoneLossFloor(minHealthy, zones);
  return `ceil(${minHealthy} x ${zones} / (${zones} - 1)) = ${floor} tasks over ${zones} zones; losing the fullest zone (ceil(${floor} / ${zones}) = ${Math.ceil(floor / zones)} tasks) leaves ${survivorsAfterZoneLoss(floor, zones)} >= ${minHealthy}`;
}
