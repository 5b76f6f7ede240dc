//! The workspace test suite in one binary (one link step for all of it): generator
//! snapshots per concern, broken-spec messages, the staleness check of generated/,
//! the runtime and every operation against a local HTTP server, the Prism contract
//! test, the trybuild compile tests, and every fixture's and Zendesk's generated
//! crate compiled.
mod bad_specs;
mod compile;
mod compiled_output;
mod contract;
mod generator;
mod operations;
mod reliability;
mod runtime;
mod spec;
mod staleness;
mod warning_specs;
mod wire_format;
