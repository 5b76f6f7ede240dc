//! Values on the wire, both ways: query and path parameters, multipart forms,
//! the checks of documented bounds, `Nullable`, `IdOrKey`, and what generated
//! code calls (`serde_support` for the models' enums, `macros` for the builders).

pub(super) mod id_or_key;
pub(super) mod macros;
pub(super) mod multipart;
pub(super) mod nullable;
pub(super) mod params;
pub(super) mod serde_support;
pub(super) mod validate;
