/**
 * The OpenAPI 3.1 document of the registration API, served at GET /openapi.json: made from the
 * route table in routes.ts, whose schemas the controllers validate their input with. Add a new
 * endpoint there; routes.spec.ts fails when a controller serves a route the table lacks.
 */
export { OPENAPI } from './routes';
