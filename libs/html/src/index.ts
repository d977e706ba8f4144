/** @inkijk/html: markup with systematic escaping, and the bar chart, shared by every server-rendered page. */
export * from './html';
export * from './bar-chart';
