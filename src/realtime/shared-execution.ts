import { createSourceEventStream, execute, type ExecutionArgs, type ExecutionResult } from 'graphql';

type OperationResult = Promise<AsyncIterable<ExecutionResult> | ExecutionResult>;

/**
 * graphql-ws' `subscribe`, sharing the work of a fan-out: every subscriber of a topic receives the same event
 * object, and subscribers asking the same document with the same variables under the same access get the
 * result of a single execution of it. So a topic costs one execution per distinct query per tick, not one
 * per subscriber; each subscriber's message is then only a small JSON string.
 */
export function sharedSubscribe(accessKey: (args: ExecutionArgs) => string): (args: ExecutionArgs) => OperationResult {
  const results = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();
  return async (args) => {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source;
    const key = `${accessKey(args)}\u0000${args.operationName ?? ''}\u0000${args.document.loc?.source.body ?? ''}\u0000${JSON.stringify(args.variableValues ?? {})}`;
    const run = (event: unknown): Promise<ExecutionResult> => {
      const once = () => Promise.resolve(execute({ ...args, rootValue: event }));
      if (typeof event !== 'object' || event === null) return once();
      let byQuery = results.get(event);
      if (!byQuery) results.set(event, (byQuery = new Map()));
      let result = byQuery.get(key);
      if (!result) byQuery.set(key, (result = once()));
      return result;
    };
    return mapAsyncIterable(source, run);
  };
}

function mapAsyncIterable<T, U>(source: AsyncIterable<T>, map: (value: T) => Promise<U>): AsyncIterableIterator<U> {
  const iterator = source[Symbol.asyncIterator]();
  return {
    async next() {
      const step = await iterator.next();
      return step.done ? { done: true, value: undefined } : { done: false, value: await map(step.value) };
    },
    async return() {
      await iterator.return?.();
      return { done: true, value: undefined };
    },
    async throw(error: unknown) {
      await iterator.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
