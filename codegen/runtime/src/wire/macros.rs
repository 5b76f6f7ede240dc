//! The one macro the generated operations call: `awaitable_builder!`, which gives
//! a request builder what every builder has alike, its `deadline` setter and
//! `IntoFuture` (one line per operation instead of the same code written out each
//! time). The models use none: they are plain serde.

// The runtime crate has no builders of its own, so nothing expands it here.
#![allow(unused_macros)]

/// Gives a generated request builder (a struct with a `deadline:
/// Option<Duration>` field and an `async fn send`) its `deadline` setter, and
/// implements `IntoFuture` for it: awaiting the builder sends the request and
/// returns the decoded body (`send` also gives the status and headers). The future
/// is boxed so that its type can be named. One line per operation instead of the
/// same code written out each time.
#[doc(hidden)]
#[macro_export]
macro_rules! awaitable_builder {
    ($builder:ident => $body:ty) => {
        impl<'a> $builder<'a> {
            /// The total time this call may take (attempts, back-off, rate-limit waits), instead of the client's deadline.
            pub fn deadline(mut self, deadline: std::time::Duration) -> Self {
                self.deadline = ::core::option::Option::Some(deadline);
                self
            }
        }

        impl<'a> ::std::future::IntoFuture for $builder<'a> {
            type Output = ::core::result::Result<$body, $crate::Error>;
            type IntoFuture = ::std::pin::Pin<Box<dyn ::std::future::Future<Output = Self::Output> + Send + 'a>>;
            fn into_future(self) -> Self::IntoFuture {
                Box::pin(async move { self.send().await.map($crate::Response::into_body) })
            }
        }
    };
}
