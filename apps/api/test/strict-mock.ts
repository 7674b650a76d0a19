import { type Mocked, vi } from 'vitest';

/**
 * A mock of `T` on which every method throws until the test says what it returns, so a unit under
 * test cannot lean on a dependency call the test did not foresee.
 */
export function strictMock<T extends object>(name: string): Mocked<T> {
  const methods = new Map<PropertyKey, ReturnType<typeof vi.fn>>();
  return new Proxy({} as Mocked<T>, {
    get(_target, property) {
      // Awaiting or printing the mock must not look like calling it.
      if (property === 'then' || typeof property === 'symbol') return undefined;
      let method = methods.get(property);
      if (method === undefined) {
        method = vi.fn(() => {
          throw new Error(`unexpected call to ${name}.${property}()`);
        });
        methods.set(property, method);
      }
      return method;
    },
  });
}
