// Suites boot the real app and child processes; give them room (no timing assertions live in tests).
jest.setTimeout(60_000);
