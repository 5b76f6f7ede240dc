//! The one macro the generated operations call: `awaitable_builder!`, which makes
//! a request builder awaitable (one line per operation instead of the same impl
//! written out each time). The models use none: they are plain serde.

// The runtime crate has no builders of its own, so nothing expands it here.
#![allow(unused_macros)]

/// Implements `IntoFuture` for a generated request builder: awaiting the builder
/// sends the request and returns the decoded body (`send` also gives the status
/// and headers). The future is boxed so that its type can be named. One line per
/// operation instead of the impl written out each time.
#[doc(hidden)]
#[macro_export]
macro_rules! awaitable_builder {
    ($builder:ident => $body:ty) => {
        impl<'a> ::std::future::IntoFuture for $builder<'a> {
            type Output = ::core::result::Result<$body, $crate::Error>;
            type IntoFuture = ::std::pin::Pin<Box<dyn ::std::future::Future<Output = Self::Output> + Send + 'a>>;
            fn into_future(self) -> Self::IntoFuture {
                Box::pin(async move { self.send().await.map($crate::Response::into_body) })
            }
        }
    };
}
