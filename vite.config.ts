import { defineConfig } from 'vite';

// No @vitejs/plugin-react: esbuild's automatic JSX is all we need (and it keeps Vite 7 installable).
export default defineConfig({
  root: 'renderer',
  base: './',
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
  },
  server: { port: 5173, strictPort: false },
});
