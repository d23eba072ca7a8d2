/** The fault matrix (matrix.ts) under the sandbox's documented profile. */
import { runProfile } from './matrix';

runProfile('documented');
