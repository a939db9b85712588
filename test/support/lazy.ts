// A stand-in for a value that a mocha `before` hook makes later: suites declare it at the top
// of a describe block and use it in their tests as if it were the value itself.

export interface Lazy<T extends object> {
  /** Reads go to the value once it is set (methods bound to it); before that they throw. */
  readonly proxy: T;
  readonly current: T | undefined;
  set(value: T): void;
}

export function lazy<T extends object>(what: string): Lazy<T> {
  let current: T | undefined;
  const proxy = new Proxy({} as T, {
    get(_target, key) {
      if (!current) throw new Error(`${what} is made by the suite's before hook and is not there yet`);
      const value: unknown = Reflect.get(current, key);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(current) : value;
    },
  });
  return {
    proxy,
    get current() {
      return current;
    },
    set(value) {
      current = value;
    },
  };
}
