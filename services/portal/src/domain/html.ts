/** Markup with systematic escaping: the shared library, under the name the views import. */
export * from '@inkijk/html';
