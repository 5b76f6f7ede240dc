//! The last line of a generated `send()`: the response decoded into the documented
//! type, so each operation states only which of the two shapes it expects.

use serde::de::DeserializeOwned;

use super::error::Error;
use super::response::{RawResponse, Response};

impl RawResponse {
    /// The response with its JSON body decoded into `T`.
    pub fn decoded<T: DeserializeOwned>(self) -> Result<Response<T>, Error> {
        let body = self.json()?;
        Ok(self.into_response(body))
    }

    /// The response of an operation documented without a body (any body is an error).
    pub fn without_body(self) -> Result<Response<()>, Error> {
        self.empty()?;
        Ok(self.into_response(()))
    }
}
