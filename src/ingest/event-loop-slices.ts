/**
 * For long synchronous loops on the main thread: call the returned function once per item; every `ms`
 * milliseconds it hands the event loop back (I/O callbacks, other requests) before the loop goes on.
 */
export function eventLoopSlices(ms: number): () => Promise<void> | undefined {
  let sliceStarted = performance.now();
  return () => {
    if (performance.now() - sliceStarted <= ms) return undefined;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        sliceStarted = performance.now();
        resolve();
      }),
    );
  };
}
