/**
 * The pending message exactly as kube-scheduler's FitError prints it: `"<count> <reason>"` entries,
 * sorted as strings (Go's sort.Strings), joined by ", ".
 */
export function fitErrorMessage(totalNodes: number, reasons: ReadonlyMap<string, number>): string {
  const entries = [...reasons].map(([reason, count]) => `${count} ${reason}`);
  entries.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const head = `0/${totalNodes} nodes are available`;
  return entries.length === 0 ? `${head}.` : `${head}: ${entries.join(', ')}.`;
}

/** Number of feasible nodes to look for before scoring (kube-scheduler's numFeasibleNodesToFind). */
export function numFeasibleNodesToFind(percentage: number, totalNodes: number): number {
  const minFeasible = 100;
  if (totalNodes < minFeasible || percentage >= 100) return totalNodes;
  let adaptive = percentage;
  if (adaptive <= 0) adaptive = Math.max(5, 50 - Math.floor(totalNodes / 125));
  return Math.max(minFeasible, Math.floor((totalNodes * adaptive) / 100));
}
