/** The fault matrix (matrix.ts) under the sandbox's strict profile. */
import { runProfile } from './matrix';

runProfile('strict');
