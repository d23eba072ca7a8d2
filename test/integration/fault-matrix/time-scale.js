// The matrix runs 75 cells, so its clock is compressed further than the other suites' (0.025): 0.01 turns a
// 60 s flood lock into 0.6 s and the client's 500 ms pace into 5 ms, keeping their relation (tests/helpers.ts).
// SANDBOX_TIME_SCALE still wins when set.
process.env.SANDBOX_TIME_SCALE ??= '0.01';
