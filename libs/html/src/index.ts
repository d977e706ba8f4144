/** @inkijk/html: markup with systematic escaping, shared by every server-rendered page. */
export * from './html';
