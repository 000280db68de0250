/** Progress of a long action: a labelled bar, indeterminate while the total is unknown. */
export function ProgressBar({ label, value, max = 100, detail }: { label: string; value?: number; max?: number; detail?: string }) {
  return (
    <div className="progress">
      <div className="progress-label">
        <span>{label}</span>
        {detail && <span className="progress-detail">{detail}</span>}
      </div>
      <progress className="progress-bar" aria-label={label} value={value} max={max} />
    </div>
  );
}
