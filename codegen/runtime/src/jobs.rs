//! Waiting for a bulk job (create_many, update_many, destroy_many...) to
//! finish, by polling `GET /api/v2/job_statuses/{id}`.
//!
//! The runtime sends that request itself and reads the body as plain JSON
//! instead of calling the generated `show_job_status`, so it depends on no
//! generated name. It reads the fields leniently (a result with an odd field
//! keeps it in `other` rather than failing the whole wait), because a job
//! that ran must never lose its per-user results to a decoding quirk. The
//! whole `job_status` object is kept too, for decoding into the generated
//! model if wanted.

use std::fmt;
use std::future::Future;
use std::time::Duration;

use serde_json::{Map, Value};
use tokio::time::Instant;

use crate::error::{snippet, Error};
use crate::http::client::Client;
use crate::http::request::{encode_path_segment, Method, OperationInfo, Request};

/// How often and how long [`Client::wait_for_job`] polls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JobWait {
    /// Time between two polls.
    pub interval: Duration,
    /// Give up with [`Error::JobTimedOut`] once this much time has passed.
    pub deadline: Duration,
}

impl Default for JobWait {
    /// Polls every 2 s for up to 10 minutes.
    fn default() -> Self {
        JobWait {
            interval: Duration::from_secs(2),
            deadline: Duration::from_secs(600),
        }
    }
}

/// A job's `status`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobState {
    /// Waiting to start.
    Queued,
    /// Running.
    Working,
    /// Finished; individual results may still have failed.
    Completed,
    /// Stopped by an error.
    Failed,
    /// Stopped by Zendesk or an admin.
    Killed,
    /// A status this client does not know; polling goes on.
    Other(String),
}

impl JobState {
    fn parse(status: &str) -> Self {
        match status {
            "queued" => JobState::Queued,
            "working" => JobState::Working,
            "completed" => JobState::Completed,
            "failed" => JobState::Failed,
            "killed" => JobState::Killed,
            other => JobState::Other(other.to_string()),
        }
    }

    /// True for `completed`, `failed` and `killed`.
    pub fn is_finished(&self) -> bool {
        matches!(self, JobState::Completed | JobState::Failed | JobState::Killed)
    }

    /// The status as Zendesk writes it (`completed`, or the unknown value).
    pub fn as_str(&self) -> &str {
        match self {
            JobState::Queued => "queued",
            JobState::Working => "working",
            JobState::Completed => "completed",
            JobState::Failed => "failed",
            JobState::Killed => "killed",
            JobState::Other(other) => other,
        }
    }
}

impl fmt::Display for JobState {
    /// Writes the status as Zendesk does: `completed`, `failed`...
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A job that reached `completed`, `failed` or `killed`, with every result.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct FinishedJob {
    /// The job's id.
    pub id: String,
    /// How it ended.
    pub state: JobState,
    /// `total`: how many items the job had.
    pub total: Option<i64>,
    /// `progress`: how many it got through.
    pub progress: Option<i64>,
    /// `message`, often the reason for a failure.
    pub message: Option<String>,
    /// One entry per item, in the order Zendesk lists them.
    pub results: Vec<JobResult>,
    /// The whole `job_status` object as sent.
    pub job_status: Value,
}

impl FinishedJob {
    /// The results that report a failure (`success: false` or an `error`).
    pub fn failures(&self) -> impl Iterator<Item = &JobResult> {
        self.results
            .iter()
            .filter(|result| result.success == Some(false) || result.error.is_some())
    }
}

/// One item's outcome in a job.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct JobResult {
    /// The user's id.
    pub id: Option<i64>,
    /// Position of the item in the request, ready to index the slice you
    /// sent (`users[index]`). A value that is not a non-negative integer
    /// stays in [`JobResult::other`].
    pub index: Option<usize>,
    /// What was done (`create`, `update`, `delete`).
    pub action: Option<String>,
    /// Outcome text (`Created`, `Updated`, `Failed`).
    pub status: Option<String>,
    /// Whether the item succeeded.
    pub success: Option<bool>,
    /// Error code when it failed.
    pub error: Option<String>,
    /// Error details when it failed (JSON text if Zendesk sent an object).
    pub details: Option<String>,
    /// Every other field, and any known field of an unexpected type.
    pub other: Map<String, Value>,
}

impl JobResult {
    fn from_value(value: Value) -> Self {
        let Value::Object(mut fields) = value else {
            let mut other = Map::new();
            other.insert("value".to_string(), value);
            return JobResult {
                other,
                ..JobResult::default()
            };
        };
        JobResult {
            id: take(&mut fields, "id", Value::as_i64),
            index: take(&mut fields, "index", |value| {
                value.as_u64().and_then(|index| usize::try_from(index).ok())
            }),
            action: take(&mut fields, "action", as_string),
            status: take(&mut fields, "status", as_string),
            success: take(&mut fields, "success", Value::as_bool),
            error: take(&mut fields, "error", as_string),
            details: take(&mut fields, "details", |value| match value {
                Value::String(text) => Some(text.clone()),
                Value::Null => None,
                other => Some(other.to_string()),
            }),
            other: fields,
        }
    }
}

impl fmt::Display for JobResult {
    /// One line for a report: `item 3 (user 42): update Failed: DuplicateValue: Email is already taken`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.index {
            Some(index) => write!(f, "item {index}")?,
            None => f.write_str("item")?,
        }
        if let Some(id) = self.id {
            write!(f, " (user {id})")?;
        }
        f.write_str(":")?;
        if let Some(action) = &self.action {
            write!(f, " {action}")?;
        }
        match (&self.status, self.success) {
            (Some(status), _) => write!(f, " {status}")?,
            (None, Some(true)) => f.write_str(" succeeded")?,
            (None, Some(false)) => f.write_str(" failed")?,
            (None, None) if self.error.is_some() => f.write_str(" failed")?,
            (None, None) => f.write_str(" no outcome reported")?,
        }
        if let Some(error) = &self.error {
            write!(f, ": {error}")?;
        }
        if let Some(details) = &self.details {
            write!(f, ": {details}")?;
        }
        Ok(())
    }
}

fn as_string(value: &Value) -> Option<String> {
    value.as_str().map(str::to_string)
}

/// Removes `key` from `fields` when `read` understands it; otherwise leaves it.
fn take<T>(fields: &mut Map<String, Value>, key: &str, read: impl Fn(&Value) -> Option<T>) -> Option<T> {
    let value = read(fields.get(key)?)?;
    fields.remove(key);
    Some(value)
}

static SHOW_JOB_STATUS: OperationInfo = OperationInfo {
    name: "ShowJobStatus",
    method: Method::GET,
    path_template: "/api/v2/job_statuses/{job_status_id}",
};

impl Client {
    /// Polls the job until it is completed, failed or killed, and returns all
    /// its results. A failed or killed job is still `Ok`: check
    /// [`FinishedJob::state`] and [`FinishedJob::failures`]. Errors only when
    /// the deadline passes ([`Error::JobTimedOut`]) or a poll fails.
    pub async fn wait_for_job(&self, job_id: impl Into<String>, wait: JobWait) -> Result<FinishedJob, Error> {
        let job_id = job_id.into();
        let path = format!("/api/v2/job_statuses/{}", encode_path_segment(&job_id));
        poll_until_finished(job_id, wait, || self.job_status(path.clone())).await
    }

    /// One poll: the `job_status` object of `GET {path}`.
    async fn job_status(&self, path: String) -> Result<Value, Error> {
        let raw = self.execute(Request::new(&SHOW_JOB_STATUS, path.clone())).await?;
        let mut body: Value = raw.json()?;
        body.get_mut("job_status")
            .filter(|value| value.is_object())
            .map(Value::take)
            .ok_or_else(|| Error::Decode {
                operation: SHOW_JOB_STATUS.name,
                method: SHOW_JOB_STATUS.method.clone(),
                path: path.into(),
                status: raw.status(),
                message: "the response has no job_status object".to_string(),
                snippet: snippet(raw.bytes()),
            })
    }
}

/// The timing of [`Client::wait_for_job`], apart from HTTP so that it is
/// unit-tested on a paused clock: `poll` until the job is finished, sleeping
/// `wait.interval` between polls but never past `wait.deadline`.
async fn poll_until_finished<F, Fut>(job_id: String, wait: JobWait, mut poll: F) -> Result<FinishedJob, Error>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Value, Error>>,
{
    let started = Instant::now();
    loop {
        let job_status = poll().await?;
        let status = job_status.get("status").and_then(Value::as_str).map(str::to_string);
        let state = JobState::parse(status.as_deref().unwrap_or(""));
        if state.is_finished() {
            return Ok(finished_job(job_id, state, job_status));
        }
        let waited = started.elapsed();
        if waited >= wait.deadline {
            return Err(Error::JobTimedOut {
                job_id,
                last_status: status,
                waited,
            });
        }
        tokio::time::sleep(wait.interval.min(wait.deadline - waited)).await;
    }
}

fn finished_job(id: String, state: JobState, job_status: Value) -> FinishedJob {
    let results = match job_status.get("results") {
        Some(Value::Array(results)) => results.iter().cloned().map(JobResult::from_value).collect(),
        _ => Vec::new(),
    };
    FinishedJob {
        id,
        state,
        total: job_status.get("total").and_then(Value::as_i64),
        progress: job_status.get("progress").and_then(Value::as_i64),
        message: job_status.get("message").and_then(Value::as_str).map(str::to_string),
        results,
        job_status,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::cell::RefCell;

    /// Polls `statuses` in turn (the last one forever), recording when each poll happened.
    async fn poll_statuses(statuses: &[&str], wait: JobWait) -> (Result<FinishedJob, Error>, Vec<Duration>) {
        let start = Instant::now();
        let polls = RefCell::new(Vec::new());
        let result = poll_until_finished("job-1".to_string(), wait, || {
            let mut polls = polls.borrow_mut();
            polls.push(start.elapsed());
            let status = statuses[(polls.len() - 1).min(statuses.len() - 1)];
            std::future::ready(Ok(json!({ "id": "job-1", "status": status, "results": [{ "id": 7 }] })))
        })
        .await;
        (result, polls.into_inner())
    }

    fn millis(list: &[u64]) -> Vec<Duration> {
        list.iter().copied().map(Duration::from_millis).collect()
    }

    #[tokio::test(start_paused = true)]
    async fn a_job_still_working_at_the_deadline_times_out_exactly_then() {
        let wait = JobWait {
            interval: Duration::from_millis(20),
            deadline: Duration::from_millis(100),
        };
        let (result, polls) = poll_statuses(&["working"], wait).await;
        assert_eq!(polls, millis(&[0, 20, 40, 60, 80, 100]));
        match result {
            Err(Error::JobTimedOut {
                job_id,
                last_status,
                waited,
            }) => {
                assert_eq!((job_id.as_str(), last_status.as_deref()), ("job-1", Some("working")));
                assert_eq!(waited, Duration::from_millis(100));
            }
            other => panic!("expected JobTimedOut, got {other:?}"),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn the_last_wait_is_cut_short_to_poll_once_more_at_the_deadline() {
        let wait = JobWait {
            interval: Duration::from_millis(30),
            deadline: Duration::from_millis(100),
        };
        let (result, polls) = poll_statuses(&["queued"], wait).await;
        assert_eq!(polls, millis(&[0, 30, 60, 90, 100]));
        assert!(matches!(result, Err(Error::JobTimedOut { waited, .. }) if waited == Duration::from_millis(100)));
    }

    #[tokio::test(start_paused = true)]
    async fn a_job_is_returned_at_the_poll_that_sees_it_finished() {
        let wait = JobWait {
            interval: Duration::from_secs(2),
            deadline: Duration::from_secs(600),
        };
        let (result, polls) = poll_statuses(&["queued", "working", "completed"], wait).await;
        assert_eq!(polls, [0, 2, 4].map(Duration::from_secs));
        let finished = result.expect("finished");
        assert_eq!((finished.id.as_str(), finished.state), ("job-1", JobState::Completed));
        assert_eq!(finished.results[0].id, Some(7));
    }

    #[tokio::test(start_paused = true)]
    async fn a_failed_poll_ends_the_wait_at_once() {
        let start = Instant::now();
        let result = poll_until_finished("job-1".to_string(), JobWait::default(), || {
            std::future::ready(Err(crate::paging::pagination::unplaced(
                "stand-in for a failed request".to_string(),
            )))
        })
        .await;
        assert!(matches!(result, Err(Error::Pagination { .. })), "{result:?}");
        assert_eq!(start.elapsed(), Duration::ZERO);
    }

    #[test]
    fn results_read_index_as_a_position_and_print_one_line() {
        let failed = JobResult::from_value(serde_json::json!({
            "index": 3, "id": 42, "action": "update", "status": "Failed",
            "error": "DuplicateValue", "details": "Email is already taken"
        }));
        assert_eq!(failed.index, Some(3));
        assert_eq!(
            failed.to_string(),
            "item 3 (user 42): update Failed: DuplicateValue: Email is already taken"
        );
        let odd = JobResult::from_value(serde_json::json!({"index": -1, "success": true}));
        assert_eq!(odd.index, None);
        assert_eq!(odd.other.get("index"), Some(&serde_json::json!(-1)));
        assert_eq!(odd.to_string(), "item: succeeded");
    }

    #[test]
    fn states_print_as_zendesk_writes_them() {
        assert_eq!(JobState::parse("completed").to_string(), "completed");
        assert_eq!(JobState::Killed.to_string(), "killed");
        assert_eq!(JobState::parse("paused").to_string(), "paused");
    }
}
