import { Component, type ErrorInfo, type ReactNode } from 'react';

/** Keeps one broken view from blanking the whole studio. */
export class ErrorBoundary extends Component<
  { children: ReactNode; resetKey: string },
  { error: Error | null; resetKey: string }
> {
  override state: { error: Error | null; resetKey: string } = {
    error: null,
    resetKey: this.props.resetKey,
  };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  static getDerivedStateFromProps(
    props: { resetKey: string },
    state: { error: Error | null; resetKey: string },
  ) {
    // Navigating elsewhere gives the next view a fresh start.
    return props.resetKey !== state.resetKey ? { error: null, resetKey: props.resetKey } : null;
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.warn('view failed to render', error, info.componentStack);
  }

  override render() {
    if (this.state.error) {
      return (
        <div className="empty-state" role="alert">
          <h3>This view ran into a problem</h3>
          <div className="empty-state__body">
            <p>{this.state.error.message}</p>
            <p className="muted">Your data is safe. Switch areas or reload the window.</p>
          </div>
        </div>
      );
    }
    return this.props.children;
  }
}
