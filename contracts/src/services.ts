/**
 * Every process of the system and the HTTP port it listens on by default: the one place these
 * numbers are declared. Each service's HTTP_PORT default, the defaults by which services find
 * each other on one machine, and scripts/start.sh read them from here.
 */
export const SERVICE_PORTS = {
  'query-proxy': 3000,
  registration: 3010,
  authorization: 3020,
  'audit-log': 3030,
  'supplier-reporting': 3040,
  operations: 3050,
  'supplier-simulators': 3090,
  'digid-simulator': 3095,
  'berichtenbox-simulator': 3096,
  'citizen-portal': 3097,
  portal: 3100,
} as const;

export type ServiceName = keyof typeof SERVICE_PORTS;

/** Where a service answers on this machine with its default port, e.g. http://127.0.0.1:3010. */
export function localServiceUrl(service: ServiceName): string {
  return `http://127.0.0.1:${SERVICE_PORTS[service]}`;
}
