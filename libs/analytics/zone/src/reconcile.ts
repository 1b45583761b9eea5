/** One order as each side counts it: its id, its sale day (UTC) and its value (price x quantity, USD). */
export interface OrderFigure {
  readonly orderId: string;
  readonly saleDate: string;
  readonly value: number;
}

export interface DayComparison {
  readonly saleDate: string;
  readonly zoneOrders: number;
  readonly tableOrders: number;
  readonly zoneRevenue: number;
  readonly tableRevenue: number;
}

export interface Reconciliation {
  /** Every sale day either side has, in order. */
  readonly days: readonly DayComparison[];
  readonly missingInZone: readonly string[];
  readonly missingInTable: readonly string[];
  /** Order ids with more than one row in the zone (the zone must hold each stored order once). */
  readonly duplicatedInZone: readonly string[];
  readonly matches: boolean;
}

/** Sums in whole cents: prices have at most 2 decimals, so the comparison is exact. */
const cents = (value: number): number => Math.round(value * 100);

const totals = (figures: readonly OrderFigure[]) => {
  const byDay = new Map<string, { orders: number; cents: number }>();
  for (const figure of figures) {
    const day = byDay.get(figure.saleDate) ?? { orders: 0, cents: 0 };
    byDay.set(figure.saleDate, { orders: day.orders + 1, cents: day.cents + cents(figure.value) });
  }
  return byDay;
};

/**
 * The zone against the orders table, per sale day (count and revenue) and order by order: the ids either side
 * lacks and the ids the zone holds twice. They match when nothing differs.
 */
export const reconcile = (zone: readonly OrderFigure[], table: readonly OrderFigure[]): Reconciliation => {
  const zoneTotals = totals(zone);
  const tableTotals = totals(table);
  const days = [...new Set([...zoneTotals.keys(), ...tableTotals.keys()])].sort().map((saleDate) => ({
    saleDate,
    zoneOrders: zoneTotals.get(saleDate)?.orders ?? 0,
    tableOrders: tableTotals.get(saleDate)?.orders ?? 0,
    zoneRevenue: (zoneTotals.get(saleDate)?.cents ?? 0) / 100,
    tableRevenue: (tableTotals.get(saleDate)?.cents ?? 0) / 100,
  }));
  const zoneIds = new Set(zone.map((figure) => figure.orderId));
  const tableIds = new Set(table.map((figure) => figure.orderId));
  const seen = new Set<string>();
  const duplicated = new Set<string>();
  for (const { orderId } of zone) (seen.has(orderId) ? duplicated : seen).add(orderId);
  const missingInZone = [...tableIds].filter((id) => !zoneIds.has(id)).sort();
  const missingInTable = [...zoneIds].filter((id) => !tableIds.has(id)).sort();
  const daysMatch = days.every((day) => day.zoneOrders === day.tableOrders && day.zoneRevenue === day.tableRevenue);
  return {
    days,
    missingInZone,
    missingInTable,
    duplicatedInZone: [...duplicated].sort(),
    matches: daysMatch && missingInZone.length === 0 && missingInTable.length === 0 && duplicated.size === 0,
  };
};

const listed = (label: string, ids: readonly string[], shown: number): string[] =>
  ids.length === 0 ? [] : [`${label} (${ids.length}): ${ids.slice(0, shown).join(', ')}${ids.length > shown ? ', …' : ''}`];

/** The reconciliation as lines: one per day (marked when it differs), then the ids that differ, then the verdict. */
export const describeReconciliation = (result: Reconciliation, shownIds = 20): string[] => [
  `${'sale_date'.padEnd(10)}  ${'zone'.padStart(8)}  ${'table'.padStart(8)}  ${'zone revenue'.padStart(14)}  ${'table revenue'.padStart(14)}`,
  ...result.days.map((day) => {
    const differs = day.zoneOrders !== day.tableOrders || day.zoneRevenue !== day.tableRevenue;
    return `${day.saleDate}  ${String(day.zoneOrders).padStart(8)}  ${String(day.tableOrders).padStart(8)}  ${day.zoneRevenue.toFixed(2).padStart(14)}  ${day.tableRevenue.toFixed(2).padStart(14)}${differs ? '  DIFFERS' : ''}`;
  }),
  ...listed('missing in the zone', result.missingInZone, shownIds),
  ...listed('missing in the table', result.missingInTable, shownIds),
  ...listed('more than once in the zone', result.duplicatedInZone, shownIds),
  result.matches ? 'zone and table match' : 'zone and table DIFFER',
];
