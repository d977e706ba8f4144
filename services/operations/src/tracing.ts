// Loaded first by main.ts: instrumentation must patch http and express before they load.
import { initTracing } from '@inkijk/platform/tracing/tracing';

initTracing('operations');
