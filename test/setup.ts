// Shared test setup. The decision core takes time and seeds from its context, so no global
// clock freezing is needed here; tests that touch files use per-test temporary directories.
export {};
