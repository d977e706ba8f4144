// Loaded first by main.ts: instrumentation must patch http, express and pg before they load.
import { initTracing } from '@inkijk/platform/tracing/tracing';

initTracing('audit-log');
