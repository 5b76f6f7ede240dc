//! Helpers shared by the test binaries and benches of this package: mock-server
//! set-ups that several tests repeat.

use wiremock::{MockBuilder, MockServer, ResponseTemplate};

/// Answers the first `times` requests matching `matching` with `response`;
/// later ones fall through to the other mocks mounted on `server`. Mounted with
/// a higher priority than the default, so it wins while it lasts.
pub async fn answer_first(server: &MockServer, times: u64, matching: MockBuilder, response: ResponseTemplate) {
    matching
        .respond_with(response)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(server)
        .await;
}

/// The "fails `times` times, then succeeds" server: requests matching
/// `matching()` get `failure` for the first `times` of them and `success`
/// from then on.
pub async fn fail_then_succeed(
    server: &MockServer,
    times: u64,
    matching: impl Fn() -> MockBuilder,
    failure: ResponseTemplate,
    success: ResponseTemplate,
) {
    answer_first(server, times, matching(), failure).await;
    matching().respond_with(success).mount(server).await;
}
