/** Date helpers shared by both families' DTOs and mappers. */

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const isRealMonth = (value: string) => MONTH.test(value);

export function isRealDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/** `2024-02` → `{ start: '2024-02-01', end: '2024-02-29' }` (the real last day of that month). */
export function monthBounds(month: string): { start: string; end: string } | null {
  const match = MONTH.exec(month);
  if (!match) return null;
  const [year, monthIndex] = [Number(match[1]), Number(match[2])];
  const lastDay = new Date(Date.UTC(year, monthIndex, 0)).getUTCDate();
  return { start: `${month}-01`, end: `${month}-${String(lastDay).padStart(2, '0')}` };
}

/** `Expires` (epoch seconds) of a pre-signed download URL, as ISO; null when absent or unreadable. */
export function expiresAtOf(url: string): string | null {
  try {
    const expires = new URL(url).searchParams.get('Expires');
    if (!expires || !/^\d{1,12}$/.test(expires)) return null;
    return new Date(Number(expires) * 1000).toISOString();
  } catch {
    return null;
  }
}
