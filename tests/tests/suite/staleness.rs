//! `cargo test` fails when generated/ is not exactly what spec/ produces, so a
//! spec or codegen change without a regenerated crate cannot pass. It uses the
//! same comparison as `cargo xtask generate --check`.

use std::path::Path;

#[test]
fn generated_crate_is_exactly_what_the_spec_produces() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace");
    let generated = crate::generated_spec();
    let stale = xtask::compare(&root.join("generated"), &generated.files).expect("generated/ is readable");
    assert!(
        stale.is_empty(),
        "generated/ is stale; run `cargo xtask generate`:\n{}",
        stale.join("\n")
    );
}
