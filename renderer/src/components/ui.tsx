import type { ReactNode } from 'react';

/** A titled panel (card) of a screen. */
export function Panel({
  title,
  actions,
  children,
  className,
  testId,
}: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  testId?: string;
}) {
  return (
    <section className={`panel${className ? ` ${className}` : ''}`} data-testid={testId}>
      {title || actions ? (
        <header className="panel-head">
          {title ? <h3>{title}</h3> : <span />}
          {actions ? <div className="panel-actions">{actions}</div> : null}
        </header>
      ) : null}
      <div className="panel-body">{children}</div>
    </section>
  );
}

/** One figure with its label (counts, credits, rates). */
export function Stat({
  label,
  value,
  hint,
  testId,
  small,
}: {
  label: string;
  value: ReactNode;
  hint?: ReactNode;
  testId?: string;
  small?: boolean;
}) {
  return (
    <div className="stat" data-testid={testId}>
      <div className={`stat-value${small ? ' small' : ''}`}>{value}</div>
      <div className="stat-label">{label}</div>
      {hint ? <div className="stat-hint">{hint}</div> : null}
    </div>
  );
}

/** Page header of a screen: title, subtitle, actions. */
export function ScreenHeader({
  title,
  subtitle,
  actions,
}: {
  title: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <header className="screen-head">
      <div>
        <h1>{title}</h1>
        {subtitle ? <p className="screen-sub">{subtitle}</p> : null}
      </div>
      {actions ? <div className="screen-actions">{actions}</div> : null}
    </header>
  );
}

/** A fault from the service, as a readable alert. */
export function FaultBox({
  fault,
  title,
}: {
  fault: { code: string; message: string } | null | undefined;
  title?: string;
}) {
  if (!fault) return null;
  return (
    <div className="fault" role="alert">
      <strong>{title ?? fault.code}</strong>
      {title ? <span className="fault-code"> {fault.code}</span> : null}
      <div className="fault-message">{fault.message}</div>
    </div>
  );
}

/** Small coloured label. */
export function Badge({
  tone = 'neutral',
  children,
  title,
}: {
  tone?: 'neutral' | 'good' | 'bad' | 'warn' | 'info';
  children: ReactNode;
  title?: string;
}) {
  return (
    <span className={`badge ${tone}`} title={title}>
      {children}
    </span>
  );
}

export function Tabs<T extends string>({
  tabs,
  value,
  onChange,
  label,
}: {
  tabs: { id: T; label: ReactNode }[];
  value: T;
  onChange: (id: T) => void;
  label: string;
}) {
  return (
    <div className="tabs" role="tablist" aria-label={label}>
      {tabs.map((t) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          aria-selected={t.id === value}
          className={t.id === value ? 'active' : undefined}
          onClick={() => onChange(t.id)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}

/** A progress bar with its figures (done/total, rate, ETA, errors). */
export function ProgressBar({
  done,
  total,
  label,
  detail,
  testId,
}: {
  done: number;
  total: number | null;
  label: string;
  detail?: ReactNode;
  testId?: string;
}) {
  const pct = total && total > 0 ? Math.min(100, (done / total) * 100) : null;
  return (
    <div className="progress" data-testid={testId}>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={total ?? undefined}
        aria-valuenow={done}
      >
        <div
          className={`progress-fill${pct === null ? ' indeterminate' : ''}`}
          style={{ width: pct === null ? '30%' : `${pct}%` }}
        />
      </div>
      {detail ? <div className="progress-detail">{detail}</div> : null}
    </div>
  );
}

/** Pretty-printed JSON. */
export function JsonBlock({ value, testId, maxHeight }: { value: unknown; testId?: string; maxHeight?: number }) {
  return (
    <pre className="json" data-testid={testId} style={maxHeight ? { maxHeight } : undefined}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}
