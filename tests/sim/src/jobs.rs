//! Background jobs (zendesk-behaviour.md, "Background jobs"; seed 003, "Create Many Users" and
//! the job status examples): a bulk request answers a job status that is `queued`, becomes
//! `working` at the first poll of `GET /api/v2/job_statuses/{id}` and `completed` (with per-item
//! `results`) at the second; the work is done when the job completes.

use crate::clock::rfc3339;
use serde_json::{json, Value};

/// Zendesk's limit of queued or running jobs per account.
pub(crate) const MAX_OPEN_JOBS: usize = 30;

/// What a job does when it runs.
#[derive(Debug, Clone)]
pub(crate) enum Work {
    CreateMany(Vec<Value>),
    CreateOrUpdateMany(Vec<Value>),
    /// The same change (`user`) to every target (`ids` / `external_ids`).
    UpdateManySame {
        targets: Vec<Target>,
        change: Value,
    },
    /// Different changes, each identifying its user by `id` or `external_id`.
    UpdateManyBatch(Vec<Value>),
    DestroyMany(Vec<Target>),
}

/// A user named by id or external id in a bulk request.
#[derive(Debug, Clone)]
pub(crate) enum Target {
    Id(String),
    ExternalId(String),
}

/// Where a job is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stage {
    Queued,
    Working,
    Completed,
}

/// A job and its outcome.
#[derive(Debug, Clone)]
pub(crate) struct Job {
    pub(crate) id: String,
    pub(crate) job_type: &'static str,
    pub(crate) total: usize,
    pub(crate) stage: Stage,
    pub(crate) work: Work,
    pub(crate) results: Vec<Value>,
    pub(crate) completed_at: Option<i64>,
}

impl Job {
    /// The `job_status` object (reference `JobStatusObject`).
    pub(crate) fn render(&self, base_url: &str) -> Value {
        let (status, progress) = match self.stage {
            Stage::Queued => ("queued", Value::Null),
            Stage::Working => ("working", json!(self.total / 2)),
            Stage::Completed => ("completed", json!(self.total)),
        };
        let message = self.completed_at.map(|at| {
            let stamp = rfc3339(at);
            format!("Completed at {} {} +0000", &stamp[..10], &stamp[11..19])
        });
        json!({
            "id": self.id,
            "job_type": self.job_type,
            "url": format!("{base_url}/api/v2/job_statuses/{}.json", self.id),
            "total": self.total,
            "progress": progress,
            "status": status,
            "message": message,
            "results": if self.stage == Stage::Completed { Value::Array(self.results.clone()) } else { Value::Null },
        })
    }

    /// Whether the job counts against [`MAX_OPEN_JOBS`].
    pub(crate) fn is_open(&self) -> bool {
        self.stage != Stage::Completed
    }
}

/// A job id in Zendesk's style: 32 hex digits, deterministic from a counter.
pub(crate) fn job_id(counter: u64) -> String {
    // A fixed odd multiplier spreads consecutive counters over the digits.
    format!("{:016x}{:016x}", counter.wrapping_mul(0x9E37_79B9_7F4A_7C15), counter)
}
