//! The workspace test suite in one binary (one link step for all of it): generator
//! snapshots per concern, broken-spec messages, the staleness check of generated/,
//! the runtime and every operation against a local HTTP server, the Prism contract
//! test, and the trybuild compile tests.
mod api_diff;
mod bad_specs;
mod compile;
mod contract;
mod generator;
mod operations;
mod runtime;
mod spec;
mod staleness;
