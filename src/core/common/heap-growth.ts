import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the heap grow past what survived its last full collection, in percent. Left to itself V8 picks a
 * factor of up to 4 under a high allocation rate, so an API process serving 50 lead lists at once grew to 480 MB
 * of RSS (HTTP benchmark, issue 11); at 25% it stayed under 250 MB and answered about 45% more lists per second (a
 * smaller heap stays in the CPU caches). It bounds the growth, not the heap: a large import or a worker's analytics
 * rebuild still gets all the memory it needs, in more steps.
 */
export const HEAP_GROWING_PERCENT = 25;

/** Applies HEAP_GROWING_PERCENT unless the operator set --heap-growing-percent in NODE_OPTIONS or on the command line. */
export function boundHeapGrowth(): void {
  const given = `${process.env.NODE_OPTIONS ?? ''} ${process.execArgv.join(' ')}`;
  if (!given.includes('--heap-growing-percent')) setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
