//! The workspace test suite in one binary (one link step for all of it): generator
//! snapshots per concern, broken-spec messages, the staleness check of generated/,
//! the runtime and every operation against a local HTTP server, the Prism contract
//! test, the trybuild compile tests, and every fixture's and Zendesk's generated
//! crate compiled.
mod against_sim;
mod api_diff;
mod bad_specs;
mod compile;
mod compiled_output;
mod contract;
mod examples_against_sim;
mod examples_against_sim_many_pages;
mod generator;
mod hostile_specs;
mod models;
mod operations;
mod reliability;
mod runtime;
mod sim_client;
// The client fixes of issue 18 make these pass (they failed before).
mod sim_client_fixed_bugs;
mod spec;
mod spec_examples;
mod staleness;
mod warning_specs;
mod wire_format;

/// `spec/zendesk-users.yaml` generated with the default settings, once for all
/// the tests that need it (the staleness check, the header check, the first of
/// the two determinism runs): one generation takes about a second in a debug build.
fn generated_spec() -> &'static zendesk_users_codegen::Generated {
    static GENERATED: std::sync::OnceLock<zendesk_users_codegen::Generated> = std::sync::OnceLock::new();
    GENERATED.get_or_init(|| {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/zendesk-users.yaml");
        let spec =
            std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
        zendesk_users_codegen::generate(&spec, &zendesk_users_codegen::Settings::default())
            .unwrap_or_else(|diagnostics| panic!("the spec must generate:\n{diagnostics}"))
    })
}
