/** The fault matrix (matrix.ts) under the sandbox's default profile. */
import { runProfile } from './matrix';

runProfile('default');
