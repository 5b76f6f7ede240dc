//! The program: flags, the first stdout line, 127.0.0.1 only, and it answers until killed.

use reqwest::StatusCode;
use tokio::io::{AsyncBufReadExt, BufReader};

#[tokio::test]
async fn the_binary_prints_its_url_first_and_answers_with_the_given_token() {
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_zendesk-users-sim"))
        .args([
            "--port",
            "0",
            "--users",
            "42",
            "--rate-limit",
            "200",
            "--email",
            "me@example.org",
            "--token",
            "T0K",
        ])
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("the binary starts");
    let stdout = child.stdout.take().unwrap();
    let mut first_line = String::new();
    BufReader::new(stdout).read_line(&mut first_line).await.unwrap();
    let base_url = first_line
        .trim()
        .strip_prefix("listening on ")
        .expect("the first line names the URL")
        .to_owned();
    assert!(base_url.starts_with("http://127.0.0.1:"), "{base_url}");
    let http = reqwest::Client::new();
    let count = http
        .get(format!("{base_url}/api/v2/users/count"))
        .basic_auth("me@example.org/token", Some("T0K"))
        .send()
        .await
        .unwrap();
    assert_eq!(count.status(), StatusCode::OK);
    assert_eq!(count.headers()["x-rate-limit"], "200");
    let body: serde_json::Value = count.json().await.unwrap();
    assert_eq!(body["count"]["value"], 42);
    let roles: serde_json::Value = http
        .get(format!("{base_url}/api/v2/users?per_page=100"))
        .basic_auth("me@example.org/token", Some("T0K"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for role in ["admin", "agent", "end-user"] {
        assert!(
            roles["users"]
                .as_array()
                .unwrap()
                .iter()
                .any(|user| user["role"] == role),
            "a seeded {role}"
        );
    }
    let refused = http
        .get(format!("{base_url}/api/v2/users"))
        .basic_auth("me@example.org/token", Some("other"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    child.kill().await.unwrap();
}

#[tokio::test]
async fn help_lists_every_option_with_its_default() {
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_zendesk-users-sim"))
        .arg("--help")
        .output()
        .await
        .unwrap();
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).unwrap();
    for option in [
        "--port",
        "--users",
        "--rate-limit",
        "--export-limit",
        "--update-user-limit",
        "--email",
        "--token",
        "--now",
    ] {
        assert!(help.contains(option), "--help lists {option}:\n{help}");
    }
    for default in [
        "[default: 0]",
        "[default: 250]",
        "[default: 700]",
        "[default: admin@example.com]",
        "[default: sim-token]",
    ] {
        assert!(help.contains(default), "--help states {default}:\n{help}");
    }
}
