import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';

// Runs sandboxed: only `electron` may be required. The page gets two functions, never
// ipcRenderer itself.
contextBridge.exposeInMainWorld('plateshift', createBridge(ipcRenderer));
