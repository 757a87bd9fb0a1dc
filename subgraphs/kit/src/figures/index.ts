// Month figures (per currency, as FINANCIALDATA_UPDATED carries them) turned into the GraphQL views
// and insights that financial-data and the dashboard both serve.
export { addMonths, daysInMonth, monthPosition, monthsBetween, parseMonth, projectToMonthEnd } from './calendar.ts';
export { EMPTY_FIGURES } from './emptyFigures.ts';
export { computeInsights, PACE_THRESHOLD, REGRETFUL_WARNING_SHARE, TOP_N } from './insights.ts';
export type { Insight, InsightFigure, InsightInput } from './insights.ts';
export { baseAmount, mergeFigures, otherCurrencies, toMonthlySummary, toYearSummary } from './summary.ts';
export type { MonthlySummaryView } from './summary.ts';
