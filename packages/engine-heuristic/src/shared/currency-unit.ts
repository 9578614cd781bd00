const units = new Map<string, string>();

/**
 * `USD/h`, `USD/month`: one string per currency and suffix, shared by every
 * recommendation instead of formatted for each.
 */
export function currencyUnit(currency: string, suffix: '/h' | '/month'): string {
  const key = currency + suffix;
  let unit = units.get(key);
  if (unit === undefined) {
    unit = key;
    units.set(key, unit);
  }
  return unit;
}
