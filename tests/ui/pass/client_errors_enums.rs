//! Building a client with each kind of credentials and every builder option,
//! telling errors apart, and working with `Nullable` and the open enums.

use std::time::Duration;

use zendesk_users::reqwest::StatusCode;
use zendesk_users::{
    models, ApiError, Auth, Client, ClientBuilder, Error, ErrorBody, ErrorDetail, Nullable, OnRateLimit,
    ParseEnumError, Processed, RateLimit, Response, RetryPolicy,
};

fn main() {}

#[allow(dead_code)]
fn build_clients() -> Result<Vec<Client>, Error> {
    let with_token = Client::new("acme", Auth::api_token("admin@acme.com", "token"))?;
    let with_password = Client::new(
        "acme",
        Auth::password("admin@acme.com".to_string(), "secret".to_string()),
    )?;
    let with_oauth = Client::new(String::from("acme"), Auth::bearer("oauth-access-token"))?;

    let builder: ClientBuilder = Client::builder("https://acme.zendesk.com", Auth::bearer("t"))
        .timeout(Duration::from_secs(30))
        .deadline(Duration::from_secs(120))
        .rate_budget(true)
        .user_agent("hr-sync/1.2")
        .retry_policy(
            RetryPolicy::default()
                .max_attempts(6)
                .initial_backoff(Duration::from_millis(250))
                .max_backoff(Duration::from_secs(10))
                .max_retry_after(Duration::from_secs(120))
                .on_rate_limit(OnRateLimit::ReturnError),
        )
        .incremental_export_interval(Duration::from_secs(7))
        .http_client(zendesk_users::reqwest::Client::new());
    let configured = builder.build()?;
    let local = Client::builder("acme", Auth::api_token("a@b.c", "t"))
        .base_url("http://127.0.0.1:8080")
        .allow_insecure_http(true)
        .retry_policy(RetryPolicy::never())
        .deadline(None)
        .rate_budget(false)
        .build()?;
    let _: &str = local.base_url();
    let shared = configured.clone();
    Ok(vec![with_token, with_password, with_oauth, configured, local, shared])
}

#[allow(dead_code)]
async fn tell_errors_apart(client: &Client) -> Result<Option<models::User>, Error> {
    match client.show_user(35_436).send().await {
        Ok(response) => Ok(Some(response.into_body().user)),
        Err(Error::Api(api)) if api.status == StatusCode::NOT_FOUND => Ok(None),
        Err(Error::Api(boxed)) => {
            let api: &ApiError = &boxed;
            let _: (&str, &String, Option<&String>) = (api.operation, &api.snippet, api.request_id.as_ref());
            if let Some(body) = &api.body {
                let body: &ErrorBody = body;
                let _: (Option<&String>, Option<&String>) = (body.error.as_ref(), body.description.as_ref());
                for (field, problems) in &body.details {
                    let problems: &Vec<ErrorDetail> = problems;
                    let _ = (
                        field,
                        problems.first().and_then(|problem| problem.description.as_deref()),
                    );
                }
                let _: &Vec<ErrorDetail> = &body.errors;
            }
            Err(Error::Api(boxed))
        }
        Err(Error::RateLimited(api)) => {
            let rate_limit: &RateLimit = &api.rate_limit;
            let _: (Option<Duration>, Option<u64>, &Vec<(String, String)>) =
                (rate_limit.retry_after, rate_limit.remaining, &rate_limit.zendesk);
            Err(Error::RateLimited(api))
        }
        Err(Error::InvalidRequest {
            operation,
            argument,
            reason,
        }) => panic!("{operation}: {argument} {reason}"),
        Err(Error::Timeout {
            operation,
            method,
            path,
            after,
        }) => panic!("{method} {path} {operation} timed out after {after:?}"),
        Err(Error::Transport {
            operation,
            method,
            path,
            processed,
            source,
        }) => panic!("{method} {path} {operation} ({processed}): {source}"),
        Err(Error::DeadlineExceeded {
            operation,
            method,
            path,
            deadline,
            elapsed,
            waiting_for,
            processed,
            last_error,
        }) => panic!("{method} {path} {operation} {deadline:?} {elapsed:?} {waiting_for} {processed:?} {last_error:?}"),
        Err(Error::RateBudgetSpent {
            operation,
            method,
            path,
            scope,
            retry_after,
        }) => panic!("{method} {path} {operation} {scope} {retry_after:?}"),
        Err(Error::Decode {
            operation,
            method,
            path,
            status,
            message,
            snippet,
        }) => panic!("{method} {path} {operation} {status}: {message} {snippet}"),
        Err(Error::UnexpectedStatus {
            operation,
            method,
            path,
            status,
            snippet,
        }) => panic!("{method} {path} {operation} {status}: {snippet}"),
        Err(Error::Config { reason }) => panic!("{reason}"),
        Err(Error::PaginationLimit { max_records }) => panic!("capped at {max_records}"),
        Err(Error::Pagination { reason, .. }) => panic!("{reason}"),
        Err(Error::JobTimedOut {
            job_id,
            last_status,
            waited,
        }) => panic!("{job_id} {last_status:?} {waited:?}"),
        // `Error` is non-exhaustive: new variants may come.
        Err(other) => Err(other),
    }
}

#[allow(dead_code)]
async fn error_helpers(client: &Client) {
    if let Err(error) = client.count_users().send().await {
        let _: Option<&'static str> = error.operation();
        let _: Option<u16> = error.status();
        let _: bool = error.status() == Some(404);
        let _: Option<StatusCode> = error.http_status();
        let _: [bool; 9] = [
            error.is_bad_request(),
            error.is_unauthorized(),
            error.is_forbidden(),
            error.is_not_found(),
            error.is_conflict(),
            error.is_unprocessable(),
            error.is_server_error(),
            error.is_rate_limited(),
            error.is_timeout(),
        ];
        let processed: Processed = error.processed();
        let _: bool = matches!(processed, Processed::No | Processed::Maybe | Processed::Yes);
        let _: bool = error.request_may_have_been_processed();
        let _: Option<&zendesk_users::reqwest::Method> = error.method();
        let _: Option<&ApiError> = error.api_error();
        let _: Option<&RateLimit> = error.rate_limit();
        let _: Option<Duration> = error.retry_after();
        let _: bool = error.is_transient();
        let _: String = error.to_string();
        let _: &dyn std::error::Error = &error;
    }
}

#[allow(dead_code)]
async fn response_parts(client: &Client) -> Result<(), Error> {
    let response: Response<models::CountResponse> = client.count_users().send().await?;
    let _: StatusCode = response.status();
    let _: Option<&zendesk_users::reqwest::header::HeaderValue> = response.headers().get("x-zendesk-request-id");
    let _: &models::CountResponse = response.body();
    let _: RateLimit = response.rate_limit();
    let value: Response<i64> = response.map(|body| body.count.value);
    let (_status, _headers, _value): (StatusCode, _, i64) = value.into_parts();
    Ok(())
}

/// Which of its three states `organization_id` is in; the suite runs this on a
/// decoded user in each state (`compile.rs`).
pub fn nullable_states(user: &models::User) -> &'static str {
    let state = match &user.organization_id {
        Nullable::Absent => "absent",
        Nullable::Null => "null",
        Nullable::Value(id) => {
            let _: &i64 = id;
            "value"
        }
    };
    let _: Option<i64> = user.organization_id.into_value();
    let _: bool = user.phone.is_null() || user.phone.is_absent();
    let set: Nullable<i64> = 5.into();
    // `None` leaves the field alone, as for `Option` fields; clearing is `Nullable::Null`.
    let unchanged: Nullable<i64> = Option::<i64>::None.into();
    assert_eq!(set, Nullable::Value(5));
    assert_eq!(unchanged, Nullable::Absent);
    assert_eq!(Nullable::<i64>::default(), Nullable::Absent);
    state
}

/// Run by the suite (`compile.rs`).
pub fn open_enums() {
    // Known values are variants; values this client does not know survive as `Unknown`.
    // Decoding keeps values this client does not know...
    let role: models::Role = serde_json::from_str(r#""light-agent""#).expect("any string decodes");
    match &role {
        models::Role::EndUser | models::Role::Agent | models::Role::Admin => panic!("not a listed value: {role:?}"),
        models::Role::Unknown(other) => assert_eq!(other, "light-agent"),
    }
    assert_eq!(serde_json::to_string(&role).ok().as_deref(), Some(r#""light-agent""#));
    assert_eq!(models::Role::EndUser.as_str(), "end-user");
    assert_eq!(models::Role::Admin.to_string(), "admin");
    // ...but parsing user input is strict: a typo is an error, never sent.
    let agent: models::Role = "agent".parse().expect("a listed value");
    assert_eq!(agent, models::Role::Agent);
    assert_eq!(models::Role::try_from("end-user"), Ok(models::Role::EndUser));
    let typo: Result<models::Role, ParseEnumError> = "agnet".parse();
    assert_eq!(
        typo.map_err(|error| error.value().to_string()),
        Err("agnet".to_string())
    );

    let role_type = models::RoleType::try_from(1).expect("a listed value");
    assert_eq!(role_type, models::RoleType::LightAgent);
    assert!(models::RoleType::try_from(99).is_err());
    assert_eq!(models::RoleType::BillingAdmin.value(), 5);
    let unknown: models::RoleType = serde_json::from_str("99").expect("any integer decodes");
    assert_eq!(unknown, models::RoleType::Unknown(99));
    assert_eq!(unknown.to_string(), "99");

    let restriction: models::TicketRestriction = "requested".parse().expect("a listed value");
    assert_eq!(restriction, models::TicketRestriction::Requested);
    assert_eq!(
        models::TicketRestriction::Unknown("custom".to_string()).as_str(),
        "custom"
    );
}

/// Run by the suite (`compile.rs`): a decoded user re-encodes to the same JSON, and
/// `new` sets only what it is given.
pub fn models_round_trip_through_serde() -> serde_json::Result<()> {
    let json = serde_json::json!({ "id": 1, "role": "agent", "organization_id": null, "x_later": [1] });
    let user: models::User = serde_json::from_value(json.clone())?;
    assert_eq!(serde_json::to_value(&user)?, json);
    let extra: &serde_json::Map<String, serde_json::Value> = &user.extra;
    assert_eq!(extra.get("x_later"), Some(&serde_json::json!([1])));
    assert_eq!(
        serde_json::to_value(models::User::new(1))?,
        serde_json::json!({ "id": 1 })
    );
    Ok(())
}
