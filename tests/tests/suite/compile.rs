//! Compile tests of the generated client. The programs in `tests/ui/pass/`
//! use every operation and runtime helper the way a caller would and must
//! compile; each program in `tests/ui/fail/` makes one typical mistake and must
//! be rejected with the compiler output checked in beside it (`<case>.stderr`).
//! After an intended change to the generated API, refresh those files with
//! `TRYBUILD=overwrite` and review the diff.
//!
//! The pass programs are modules of this test binary, so the ordinary build of
//! the suite compiles them and a program that stops compiling stops the suite.
//! Only the fail programs go through trybuild, in one batch: with no pass case
//! in it, trybuild type-checks (`cargo check`) instead of building and linking
//! a binary per program and then running each one, which made this the
//! slowest test of the suite.

#[allow(dead_code)]
#[path = "../../ui/pass/awaited_builders.rs"]
mod pass_awaited_builders;
#[allow(dead_code)]
#[path = "../../ui/pass/bulk_jobs_export.rs"]
mod pass_bulk_jobs_export;
#[allow(dead_code)]
#[path = "../../ui/pass/client_errors_enums.rs"]
mod pass_client_errors_enums;
#[allow(dead_code)]
#[path = "../../ui/pass/no_accidental_null.rs"]
mod pass_no_accidental_null;
#[allow(dead_code)]
#[path = "../../ui/pass/reads.rs"]
mod pass_reads;
#[allow(dead_code)]
#[path = "../../ui/pass/writes.rs"]
mod pass_writes;

/// The pass programs the modules above include, so that a program added to
/// `tests/ui/pass/` and not listed here fails instead of going unchecked.
const PASS_PROGRAMS: &[&str] = &[
    "awaited_builders.rs",
    "bulk_jobs_export.rs",
    "client_errors_enums.rs",
    "no_accidental_null.rs",
    "reads.rs",
    "writes.rs",
];

/// The data-loss guard runs, not only compiles: no conversion from an `Option`
/// may put `null` on the wire.
#[test]
fn no_conversion_from_an_option_sends_null() {
    pass_no_accidental_null::main();
}

#[test]
fn every_pass_program_is_compiled_into_the_suite() {
    let directory = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/pass");
    let mut found: Vec<String> = std::fs::read_dir(&directory)
        .unwrap_or_else(|error| panic!("cannot list {}: {error}", directory.display()))
        .map(|entry| {
            entry
                .expect("a directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        PASS_PROGRAMS,
        "list every program of {} in compile.rs",
        directory.display()
    );
}

#[test]
fn generated_client_rejects_typical_mistakes() {
    trybuild::TestCases::new().compile_fail("ui/fail/*.rs");
}
