import type { CycleInfo } from './app-types.js';

/** The series the chart stacks, bottom to top, each a class of the stylesheet for its colour. */
const SERIES = [
  { key: 'create', label: 'Created' },
  { key: 'update', label: 'Updated' },
  { key: 'disable', label: 'Disabled' },
  { key: 'delete', label: 'Deleted' },
  { key: 'failure', label: 'Failed' },
] as const;

/** A cycle's successful actions of one kind, or its failures of any kind. */
export function cycleCount(c: CycleInfo, key: string): number {
  if (key === 'failure') return Object.entries(c.counts).filter(([k]) => k.endsWith(':failure')).reduce((n, [, v]) => n + v, 0);
  return c.counts[`${key}:success`] ?? 0;
}

const W = 640;
const H = 180;
const PAD = { left: 36, right: 8, top: 8, bottom: 24 };

/** Actions over time: one stacked bar per cycle (oldest left), drawn by hand in SVG, with a text summary for screen readers. */
export function ActionsChart({ cycles }: { cycles: CycleInfo[] }) {
  const shown = cycles.filter((c) => c.kind !== 'dry-run').slice(0, 20).reverse();
  if (!shown.length) return <p className="muted">No cycle has run yet.</p>;
  const totals = shown.map((c) => SERIES.reduce((n, s) => n + cycleCount(c, s.key), 0));
  const max = Math.max(1, ...totals);
  const slot = (W - PAD.left - PAD.right) / shown.length;
  const bar = Math.max(4, Math.min(28, slot * 0.7));
  const y = (v: number) => PAD.top + (H - PAD.top - PAD.bottom) * (1 - v / max);
  const sum = SERIES.map((s) => `${shown.reduce((n, c) => n + cycleCount(c, s.key), 0)} ${s.label.toLowerCase()}`).join(', ');
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Actions in the last ${shown.length} cycles: ${sum}.`} className="chart-svg">
        <line x1={PAD.left} x2={W - PAD.right} y1={y(0)} y2={y(0)} className="chart-axis" />
        <text x={PAD.left - 6} y={y(max) + 4} className="chart-tick" textAnchor="end">
          {max}
        </text>
        <text x={PAD.left - 6} y={y(0)} className="chart-tick" textAnchor="end">
          0
        </text>
        {shown.map((c, i) => {
          let base = 0;
          const x = PAD.left + slot * i + (slot - bar) / 2;
          return (
            <g key={c.id}>
              <title>{`${new Date(c.startedAt).toLocaleString()}: ${SERIES.map((s) => `${cycleCount(c, s.key)} ${s.label.toLowerCase()}`).join(', ')}`}</title>
              {SERIES.map((s) => {
                const v = cycleCount(c, s.key);
                if (!v) return null;
                const top = y(base + v);
                const rect = <rect key={s.key} x={x} y={top} width={bar} height={y(base) - top} className={`chart-${s.key}`} />;
                base += v;
                return rect;
              })}
            </g>
          );
        })}
        <text x={PAD.left} y={H - 6} className="chart-tick">
          older
        </text>
        <text x={W - PAD.right} y={H - 6} className="chart-tick" textAnchor="end">
          latest
        </text>
      </svg>
      <figcaption>
        <ul className="chart-legend">
          {SERIES.map((s) => (
            <li key={s.key}>
              <svg width="12" height="12" aria-hidden="true">
                <rect width="12" height="12" className={`chart-${s.key}`} />
              </svg>{' '}
              {s.label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
