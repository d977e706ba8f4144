/**
 * The bar chart of the generic report: per month the source queries (bevragingen) and the
 * account-management actions, drawn by the shared bar chart (libs/html) in the portal's words;
 * the page shows the same figures in a table beside it. Colours pass WCAG contrast against white
 * (non-text 3:1).
 */
import { barChart, SafeHtml } from './html';
import { formatShortMonth } from './format';

export interface ChartMonth {
  month: string;
  sourceQueries: number;
  accountManagementActions: number;
}

export function usageChart(months: readonly ChartMonth[], id = 'gebruik'): SafeHtml {
  return barChart(months, {
    ids: { title: `${id}-titel`, description: `${id}-omschrijving` },
    title: 'Gebruik per maand',
    describe: (first, last) => `Staafdiagram van het aantal bevragingen en accountbeheerhandelingen per maand, ${first} tot en met ${last}. De tabel eronder geeft dezelfde cijfers.`,
    series: [
      { label: 'Bevragingen', fill: '#154273', value: (m) => m.sourceQueries },
      { label: 'Accountbeheer', fill: '#b35900', value: (m) => m.accountManagementActions },
    ],
    groupLabel: (m) => formatShortMonth(m.month),
    className: 'grafiek',
  });
}
