//! Values on the wire, both ways: query and path parameters, multipart forms,
//! the checks of documented bounds, `Nullable`, `IdOrKey`, and what the
//! generated models' serde impls call (`serde_support`, `macros`).

pub(super) mod id_or_key;
pub(super) mod macros;
pub(super) mod multipart;
pub(super) mod nullable;
pub(super) mod params;
pub(super) mod serde_support;
pub(super) mod validate;
