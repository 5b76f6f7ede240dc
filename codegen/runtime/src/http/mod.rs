//! Executing a request: credentials, the client that sends requests and retries
//! them under the rate budget, the request an operation describes, and the
//! response it gets back (read in full, then decoded).

pub(super) mod auth;
pub(super) mod client;
pub(super) mod request;
pub(super) mod response;
