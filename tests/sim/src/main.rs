//! `zendesk-users-sim`: the Users simulator as a program for your own tests. Prints
//! `listening on http://127.0.0.1:PORT` as its first line and serves until interrupted.

use clap::Parser;
use std::io::Write;
use zendesk_users_sim::{Simulator, DEFAULT_EMAIL, DEFAULT_TOKEN};

/// A stateful local Zendesk (Users family) on 127.0.0.1, answering as Zendesk documents.
#[derive(Debug, Parser)]
#[command(name = "zendesk-users-sim", version)]
struct Options {
    /// Port on 127.0.0.1 to listen on (0 picks a free port).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Users to seed (agents, admins and end users; the token's admin included).
    #[arg(long, default_value_t = 250)]
    users: usize,
    /// Account-wide rate limit, requests per minute.
    #[arg(long = "rate-limit", default_value_t = 700)]
    rate_limit: u32,
    /// Incremental export limit, requests per minute.
    #[arg(long = "export-limit", default_value_t = 10)]
    export_limit: u32,
    /// Create/update limit per user, requests per minute.
    #[arg(long = "update-user-limit", default_value_t = 5)]
    update_user_limit: u32,
    /// Email of the accepted API token (basic auth `EMAIL/token:TOKEN`).
    #[arg(long, default_value = DEFAULT_EMAIL)]
    email: String,
    /// The accepted API token.
    #[arg(long, default_value = DEFAULT_TOKEN)]
    token: String,
    /// Wall-clock time at start, Unix seconds [default: the system clock].
    #[arg(long)]
    now: Option<i64>,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::process::ExitCode {
    let options = Options::parse();
    let now = options.now.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(zendesk_users_sim::DEFAULT_START_UNIX, |elapsed| {
                elapsed.as_secs() as i64
            })
    });
    let started = Simulator::builder()
        .port(options.port)
        .users(options.users)
        .rate_limit_per_minute(options.rate_limit)
        .export_limit_per_minute(options.export_limit)
        .update_user_limit_per_minute(options.update_user_limit)
        .email(options.email)
        .token(options.token)
        .now_unix(now)
        .start()
        .await;
    let simulator = match started {
        Ok(simulator) => simulator,
        Err(error) => {
            eprintln!(
                "zendesk-users-sim: cannot listen on 127.0.0.1:{}: {error}",
                options.port
            );
            return std::process::ExitCode::FAILURE;
        }
    };
    let mut stdout = std::io::stdout();
    // The first line is the contract with callers that wait for the port.
    if writeln!(stdout, "listening on {}", simulator.base_url())
        .and_then(|()| stdout.flush())
        .is_err()
    {
        return std::process::ExitCode::FAILURE;
    }
    let _ = tokio::signal::ctrl_c().await;
    simulator.stop().await;
    std::process::ExitCode::SUCCESS
}
