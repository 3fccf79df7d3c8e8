import type { ReactNode } from 'react';

export function PageHeader({
  title,
  subtitle,
  actions,
}: {
  title: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="page-header">
      <div className="page-header__titles">
        <h1>{title}</h1>
        {subtitle ? <span className="page-header__subtitle">{subtitle}</span> : null}
      </div>
      {actions ? <div className="page-header__actions">{actions}</div> : null}
    </div>
  );
}

export function SectionHeader({ title, actions }: { title: string; actions?: ReactNode }) {
  return (
    <div className="section-header">
      <h2>{title}</h2>
      {actions ? <div className="section-header__actions">{actions}</div> : null}
    </div>
  );
}
