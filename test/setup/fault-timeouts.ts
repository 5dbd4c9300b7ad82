// Fault tests wait out outages, stalled-job detection and process restarts; no timing assertions live in tests.
jest.setTimeout(240_000);
