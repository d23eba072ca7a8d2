// The check runner lives in scripts/lib/checks.mjs; this path stays for the scripts that still import it here.
export { assert, createChecks } from '../../scripts/lib/checks.mjs';
