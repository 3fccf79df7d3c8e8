// Must stay the first import: it configures Zod before any schema is built.
import './platform/zod-jitless';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { useUi } from './shell/ui-store';
import './styles.css';

// Apply the theme before the first paint so a dark-mode user never sees a white flash.
document.documentElement.dataset.theme = useUi.getState().theme;

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
createRoot(root).render(<App />);
