//! Compile tests of the generated client, through trybuild: the programs in
//! `tests/ui/pass/` use every operation and runtime helper the way a caller
//! would and must compile; each program in `tests/ui/fail/` makes one typical
//! mistake and must be rejected with the compiler output checked in beside it
//! (`<case>.stderr`). After an intended change to the generated API, refresh
//! those files with `TRYBUILD=overwrite` and review the diff.

#[test]
fn generated_client_accepts_typed_usage_and_rejects_typical_mistakes() {
    let cases = trybuild::TestCases::new();
    cases.pass("ui/pass/*.rs");
    cases.compile_fail("ui/fail/*.rs");
}
