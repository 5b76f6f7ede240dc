//! The workspace test suite in one binary (one link step for all of it): generator
//! snapshots per concern, broken-spec messages, and the staleness check of generated/.
mod bad_specs;
mod generator;
mod staleness;
