import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The repository root, wherever it is. On its own (not in child.ts, which resolves tsx when
 * loaded) so the suite's global setup, where import.meta.resolve is missing, can import it.
 */
export const REPO = join(dirname(fileURLToPath(import.meta.url)), "../../../..");
