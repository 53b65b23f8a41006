/** Values computed on first use: the property locations of model elements, fields of the model. */

/**
 * A record computed on first use: a proxy over an empty object that `compute`'s result fills at
 * the first operation of any kind (read, keys, `in`, write), after which every operation goes to
 * that plain object. An element keeps `props` as an ordinary data property (a per-element
 * accessor cost more than it saved, and made V8 keep the elements as slow dictionaries).
 */
export function lazyRecord<V>(compute: () => Record<string, V>): Record<string, V> {
  return new Proxy({ [PENDING]: compute }, lazyRecordHandler) as unknown as Record<string, V>;
}

/** Where the proxy's target keeps its computation until the first use (never seen from outside). */
const PENDING = Symbol('pending');

function filled(target: object): object {
  const t = target as { [PENDING]?: () => object };
  const compute = t[PENDING];
  if (compute) {
    delete t[PENDING];
    Object.assign(target, compute());
  }
  return target;
}

const lazyRecordHandler: ProxyHandler<object> = {
  get: (t, key) => Reflect.get(filled(t), key),
  set: (t, key, value) => Reflect.set(filled(t), key, value),
  has: (t, key) => Reflect.has(filled(t), key),
  ownKeys: (t) => Reflect.ownKeys(filled(t)),
  getOwnPropertyDescriptor: (t, key) => Reflect.getOwnPropertyDescriptor(filled(t), key),
  defineProperty: (t, key, descriptor) => Reflect.defineProperty(filled(t), key, descriptor),
  deleteProperty: (t, key) => Reflect.deleteProperty(filled(t), key),
};

/**
 * Makes `object[key]` the value `compute` gives when first read (or what is assigned first), an
 * ordinary enumerable property from then on, in its place among the object's keys.
 */
export function lazyField<T extends object, K extends keyof T>(object: T, key: K, compute: () => T[K]): void {
  const settle = (value: T[K]): void => {
    Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  };
  Object.defineProperty(object, key, {
    enumerable: true,
    configurable: true,
    get(): T[K] {
      const value = compute();
      settle(value);
      return value;
    },
    set: settle,
  });
}
