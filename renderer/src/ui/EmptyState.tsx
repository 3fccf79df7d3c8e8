import type { ReactNode } from 'react';
import { Icon, type IconName } from './Icon';

/** What a newcomer sees where data will be: what goes here and what to do first. */
export function EmptyState({
  icon,
  title,
  children,
  actions,
  testId,
}: {
  icon: IconName;
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
  testId?: string;
}) {
  return (
    <div className="empty-state" data-testid={testId}>
      <div className="empty-state__icon">
        <Icon name={icon} size={28} />
      </div>
      <h3>{title}</h3>
      {children ? <div className="empty-state__body">{children}</div> : null}
      {actions ? <div className="empty-state__actions">{actions}</div> : null}
    </div>
  );
}
