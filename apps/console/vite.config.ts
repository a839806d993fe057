import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

/** Built into dist/ and served by the gateway under /console/ (apps/gateway/src/console). */
export default defineConfig({
  base: "/console/",
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1024 },
});
