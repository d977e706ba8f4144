/** Markup with systematic escaping: the shared library the staff portal uses too. */
export * from '@inkijk/html';
