// Being replaced by scripts/lib/checks.mjs, the one check runner of the scripted stages.
export { assert, createChecks } from '../../scripts/lib/checks.mjs';
