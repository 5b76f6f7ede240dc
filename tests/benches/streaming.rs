//! Streaming users through cursor pagination: `client.list_users().page_size(100).stream()`
//! over 10,000 and 100,000 users (100 and 1,000 pages) from a local HTTP/1.1
//! server, against fetching the same pages one after another with bare
//! reqwest and decoding each into `models::UsersPage` with serde_json.
//!
//! Three kinds of process, so that each peak RSS belongs to one client run:
//! the parent starts a server child (a few std threads writing pre-serialised
//! pages on keep-alive connections at 127.0.0.1) and then one client child per
//! run, which reports users/s and its own `VmHWM`. The listing length travels
//! as a base-URL path prefix (`/t100000/api/v2/users`), which the client keeps;
//! the server marks the last page of that listing `has_more: false`.
//!
//! A second comparison (issue 18) adds latency: the server waits 5 ms before each
//! page, as a real Zendesk does at least, and `stream()` over 10,000 users in
//! pages of 100 is compared with the bare page loop there and at zero latency.
//! The stream asks for the next page as soon as the current one has arrived and
//! been decoded, so that request is in flight while the consumer works through
//! the current page; the bare loop asks only once the consumer is done. Cursor
//! pages are sequential (each request needs the previous page's cursor), so the
//! prefetch can only overlap the server's wait with the consumer's own work:
//! the comparison is run with a consumer that does nothing with the users and
//! with one that spends 5 ms on each page of 100 (a sync writing each page to an
//! HR system or a database), the same work in both loops.
//!
//! Run with `bash tests/benches/run.sh`, or `cargo bench -p zendesk-users-tests --bench streaming`
//! (`STREAMING_BENCH=latency` runs only the latency comparison).

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{heading, parse_report, ratio, run_child, verdict};
use futures::StreamExt;
use zendesk_users::{models, Auth, Client};

const PAGE_SIZE: usize = 100;
const LARGEST_LISTING: usize = 100_000;
const LISTINGS: [usize; 2] = [10_000, LARGEST_LISTING];
const RUNS_PER_FIGURE: usize = 7;
const PEAK_RSS_TARGET_MIB: f64 = 64.0;
/// "Flat": the 10× longer listing may raise the peak by at most this factor.
const FLAT_FACTOR: f64 = 1.25;
/// The latency comparison: its listing, and per row the server's wait before
/// each page, the consumer's work per page of [`PAGE_SIZE`] users (both in ms)
/// and the least ratio of `stream()` to the bare loop the row must reach. The
/// row without consumer work at 5 ms has no target: with nothing to overlap the
/// wait with, both loops pay it in full on every page (see README.md); it is
/// printed with its ratio all the same.
const LATENCY_LISTING: usize = 10_000;
const LATENCY_ROWS: [(u64, u64, Option<f64>); 3] = [(5, 0, None), (5, 5, Some(1.3)), (0, 0, Some(0.95))];

fn main() {
    if let Some(arguments) = common::child_arguments() {
        match arguments.first().map(String::as_str) {
            Some("serve") => serve(arguments.get(1).and_then(|ms| ms.parse().ok()).unwrap_or(0)),
            Some("client") => client_child(&arguments[1..]),
            _ => panic!("usage: --child serve | --child client <mode> <users> <port>"),
        }
        return;
    }
    latency_comparison();
    if std::env::var("STREAMING_BENCH").as_deref() == Ok("latency") {
        return;
    }
    let server = Server::start(0);
    heading(&format!(
        "streaming users over cursor pages of {PAGE_SIZE} from 127.0.0.1 (median of {RUNS_PER_FIGURE} runs, one child process per run)"
    ));
    // The first two are the comparison the target is about; the last two tell
    // where a difference comes from: the client's request path (send, no
    // prefetch) or handing out items one by one (pages, with prefetch).
    let modes = [
        ("bare", "bare reqwest + serde_json, page by page (baseline)"),
        ("stream", "generated list_users().page_size(100).stream()"),
        ("send", "  generated send() page by page, no prefetch"),
        ("pages", "  generated .pages(), with prefetch"),
    ];
    // runs[listing][mode]: (users per second, peak MiB) of each run, interleaved
    // so a slow spell of the machine hits both clients alike.
    let mut runs = vec![vec![Vec::new(); modes.len()]; LISTINGS.len()];
    for _ in 0..RUNS_PER_FIGURE {
        for (listing_index, users) in LISTINGS.iter().enumerate() {
            for (mode_index, (mode, _)) in modes.iter().enumerate() {
                let report = run_child(&[
                    "client".into(),
                    mode.to_string(),
                    users.to_string(),
                    server.port.to_string(),
                ]);
                let value = parse_report(report.trim());
                assert_eq!(value("users") as usize, *users, "{mode} received every user");
                runs[listing_index][mode_index].push((value("users_per_second"), value("peak_mib")));
            }
        }
    }
    drop(server);
    println!(
        "  {:>8}  {:<50} {:>12} {:>12} {:>8} {:>13}",
        "users", "client", "users/s med", "users/s best", "vs bare", "peak RSS MiB"
    );
    // summary[listing][mode]: (median users/s, largest peak MiB)
    let mut summary = vec![vec![(0.0, 0.0); modes.len()]; LISTINGS.len()];
    for (listing_index, users) in LISTINGS.iter().enumerate() {
        for (mode_index, (_, label)) in modes.iter().enumerate() {
            let mut rates: Vec<f64> = runs[listing_index][mode_index].iter().map(|run| run.0).collect();
            rates.sort_by(f64::total_cmp);
            let median = rates[rates.len() / 2];
            let best = rates[rates.len() - 1];
            let peak = runs[listing_index][mode_index]
                .iter()
                .map(|run| run.1)
                .fold(0.0, f64::max);
            summary[listing_index][mode_index] = (median, peak);
            println!(
                "  {:>8}  {:<50} {:>12.0} {:>12.0} {:>8} {:>13.1}",
                users,
                label,
                median,
                best,
                ratio(median, summary[listing_index][0].0),
                peak
            );
        }
    }
    let (stream_rate, stream_peak) = summary[1][1];
    let (bare_rate, _) = summary[1][0];
    let (_, stream_peak_small) = summary[0][1];
    // How much the baseline itself moves from run to run: half the range of
    // its runs without the fastest and the slowest, relative to its median.
    let mut bare_rates: Vec<f64> = runs[1][0].iter().map(|run| run.0).collect();
    bare_rates.sort_by(f64::total_cmp);
    let noise = (bare_rates[bare_rates.len() - 2] - bare_rates[1]) / 2.0 / bare_rate;
    let throughput_ratio = stream_rate / bare_rate;
    let throughput_verdict = if throughput_ratio >= 1.0 {
        "met".to_string()
    } else if 1.0 - throughput_ratio <= noise {
        format!(
            "MISSED by less than the run-to-run noise of the baseline (±{:.0} %)",
            noise * 100.0
        )
    } else {
        "MISSED".to_string()
    };
    println!(
        "  target throughput at least bare reqwest's at {LARGEST_LISTING} users: {throughput_ratio:.2}× (baseline noise ±{:.0} %): {throughput_verdict}",
        noise * 100.0
    );
    println!(
        "  target peak RSS under {PEAK_RSS_TARGET_MIB} MiB: {stream_peak:.1} MiB at {LARGEST_LISTING} users: {}",
        verdict(stream_peak < PEAK_RSS_TARGET_MIB)
    );
    println!(
        "  target peak RSS flat as the listing grows 10× (within {FLAT_FACTOR}×): {}: {}",
        ratio(stream_peak, stream_peak_small),
        verdict(stream_peak <= stream_peak_small * FLAT_FACTOR)
    );
}

/// `stream()` against the bare page loop over 10,000 users, with the server
/// waiting before each page and without, and with the consumer working on each
/// page and without. Each ratio is against the bare loop's runs in the same row.
fn latency_comparison() {
    heading(&format!(
        "stream() over {LATENCY_LISTING} users in pages of {PAGE_SIZE} against the bare page loop, per server latency and consumer work per page (median of {RUNS_PER_FIGURE} runs)"
    ));
    println!(
        "  {:>10}  {:>13}  {:>14} {:>14} {:>8}  target",
        "latency", "consumer work", "bare users/s", "stream users/s", "ratio"
    );
    for (latency_ms, work_ms, target) in LATENCY_ROWS {
        let server = Server::start(latency_ms);
        let mut rates = [Vec::new(), Vec::new()];
        for _ in 0..RUNS_PER_FIGURE {
            for (index, mode) in ["bare", "stream"].iter().enumerate() {
                let report = run_child(&[
                    "client".into(),
                    mode.to_string(),
                    LATENCY_LISTING.to_string(),
                    server.port.to_string(),
                    work_ms.to_string(),
                ]);
                let value = parse_report(report.trim());
                assert_eq!(value("users") as usize, LATENCY_LISTING, "{mode} received every user");
                rates[index].push(value("users_per_second"));
            }
        }
        let [bare, stream] = rates.map(|mut runs| {
            runs.sort_by(f64::total_cmp);
            runs[runs.len() / 2]
        });
        let achieved = stream / bare;
        let target = match target {
            Some(target) => format!("≥ {target}×: {}", verdict(achieved >= target)),
            None => "none: no consumer work to overlap the wait with".to_string(),
        };
        let work = format!("{work_ms} ms/page");
        println!("  {latency_ms:>7} ms  {work:>13}  {bare:>14.0} {stream:>14.0} {achieved:>7.2}×  {target}");
    }
}

/// The server child, killed when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    /// A server waiting `latency_ms` before each page.
    fn start(latency_ms: u64) -> Server {
        let executable = std::env::current_exe().expect("the bench binary knows its own path");
        let mut child = Command::new(executable)
            .args(["--child", "serve", &latency_ms.to_string()])
            .stdout(Stdio::piped())
            .spawn()
            .expect("the server child starts");
        let mut first_line = String::new();
        let stdout = child.stdout.take().expect("the server's stdout is piped");
        BufReader::new(stdout)
            .read_line(&mut first_line)
            .expect("the server reports its port");
        let port = parse_report(first_line.trim())("port") as u16;
        Server { child, port }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Serves `GET /t{listing}/api/v2/users?page[size]=100[&page[after]=p{n}]` until killed.
/// Each page's users are serialised once up front; only the small `meta` and
/// `links` tail, which depends on the listing's length, is written per request.
fn serve(latency_ms: u64) {
    let example = common::documented_admin_user();
    let pages: Vec<Vec<u8>> = (0..LARGEST_LISTING / PAGE_SIZE)
        .map(|page| {
            let users: Vec<_> = (0..PAGE_SIZE)
                .map(|slot| common::varied_user(&example, (page * PAGE_SIZE + slot) as u64))
                .collect();
            let mut body = br#"{"users":"#.to_vec();
            serde_json::to_writer(&mut body, &users).expect("users serialise");
            body
        })
        .collect();
    let pages = Arc::new(pages);
    let listener = TcpListener::bind("127.0.0.1:0").expect("binds a local port");
    let port = listener.local_addr().expect("the listener has an address").port();
    println!("port={port}");
    std::io::stdout().flush().expect("stdout flushes");
    for connection in listener.incoming().flatten() {
        let pages = Arc::clone(&pages);
        std::thread::spawn(move || {
            // A client closing its connection ends this thread; nothing to report.
            let _ = answer_requests(connection, &pages, std::time::Duration::from_millis(latency_ms));
        });
    }
}

/// Answers requests on one keep-alive connection until the client closes it,
/// waiting `latency` before each answer (each connection has its own thread, so
/// requests in flight at once wait at once, as at a real server).
fn answer_requests(connection: TcpStream, pages: &[Vec<u8>], latency: std::time::Duration) -> std::io::Result<()> {
    connection.set_nodelay(true)?;
    let mut reader = BufReader::new(connection.try_clone()?);
    let mut writer = connection;
    let mut response = Vec::new();
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line)? == 0 {
            return Ok(());
        }
        // Skip the headers; a GET has no body.
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
                break;
            }
        }
        let target = request_line.split_whitespace().nth(1).unwrap_or("");
        if !latency.is_zero() {
            std::thread::sleep(latency);
        }
        response.clear();
        match page_for(target, pages.len()) {
            Some((page, listing_pages)) => {
                let has_more = page + 1 < listing_pages;
                let tail = format!(
                    r#","meta":{{"has_more":{has_more},"after_cursor":"p{}","before_cursor":"p{page}"}},"links":{{"next":null,"prev":null}}}}"#,
                    page + 1
                );
                let length = pages[page].len() + tail.len();
                write!(
                    response,
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {length}\r\n\r\n"
                )?;
                response.extend_from_slice(&pages[page]);
                response.extend_from_slice(tail.as_bytes());
            }
            None => response.extend_from_slice(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n"),
        }
        writer.write_all(&response)?;
    }
}

/// `(page index, pages in the listing)` for a request target, if it is one we serve.
fn page_for(target: &str, available_pages: usize) -> Option<(usize, usize)> {
    let rest = target.strip_prefix("/t")?;
    let (listing, rest) = rest.split_once('/')?;
    let listing_pages = listing.parse::<usize>().ok()? / PAGE_SIZE;
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path != "api/v2/users" || listing_pages == 0 || listing_pages > available_pages {
        return None;
    }
    let cursor = query.split('&').find_map(|pair| {
        let (name, value) = pair.split_once('=')?;
        matches!(name, "page%5Bafter%5D" | "page[after]").then_some(value)
    });
    let page = match cursor {
        None => 0,
        Some(cursor) => cursor.strip_prefix('p')?.parse().ok()?,
    };
    (page < listing_pages).then_some((page, listing_pages))
}

/// One client run in a child: `<bare|stream|send|pages> <users> <port> [work ms per page]`
/// → a `key=value` line. Only `bare` and `stream` do consumer work.
fn client_child(arguments: &[String]) {
    let (mode, users, port, work_ms) = match arguments {
        [mode, users, port] => (mode, users, port, 0),
        [mode, users, port, work_ms] => (mode, users, port, work_ms.parse().expect("work is whole ms")),
        _ => panic!("usage: --child client <bare|stream|send|pages> <users> <port> [work ms per page]"),
    };
    let work = Duration::from_millis(work_ms);
    assert!(
        work.is_zero() || matches!(mode.as_str(), "bare" | "stream"),
        "only bare and stream do consumer work"
    );
    let base = format!("http://127.0.0.1:{port}/t{users}");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let (received, seconds) = runtime.block_on(async {
        match mode.as_str() {
            "stream" => stream_with_generated_client(&base, work).await,
            "send" => send_with_generated_client(&base).await,
            "pages" => pages_with_generated_client(&base).await,
            "bare" => fetch_with_bare_reqwest(&base, work).await,
            other => panic!("unknown client mode {other}"),
        }
    });
    println!(
        "users={received} seconds={seconds:.4} users_per_second={:.0} peak_mib={:.1}",
        received as f64 / seconds,
        common::peak_rss_mib()
    );
}

/// The generated client's stream, which prefetches the next page while the
/// current one is handed out. Checks every user arrives, in order, and does
/// `work` after every [`PAGE_SIZE`] users (and after a last, shorter batch).
async fn stream_with_generated_client(base: &str, work: Duration) -> (u64, f64) {
    let client = generated_client(base);
    let started = Instant::now();
    let mut users = client.list_users().page_size(PAGE_SIZE as i64).stream();
    let mut received = 0u64;
    while let Some(user) = users.next().await {
        let user = user.expect("every page arrives");
        assert_eq!(user.id, 1_000_000 + received as i64, "users arrive in order");
        received += 1;
        if received.is_multiple_of(PAGE_SIZE as u64) {
            consumer_work(work).await;
        }
    }
    if !received.is_multiple_of(PAGE_SIZE as u64) {
        consumer_work(work).await;
    }
    (received, started.elapsed().as_secs_f64())
}

/// What the consumer does with each page of users in the latency comparison:
/// `work` of real time (a bench, not a test: it measures wall-clock throughput,
/// so tokio's paused clock would measure nothing), nothing when it is zero.
///
/// A `tokio::time::sleep` rather than blocking work, because the work it stands
/// for, a sync writing each page to an HR system or a database, is waiting for
/// that system's answer, not computing: it holds no CPU, so on the shared
/// 2-core machine the figure does not depend on whether a spare core happens to
/// be free for the client's connection task while the consumer spins. Tokio's
/// timer works in whole milliseconds and rounds up, so each wait is a little
/// over `work`, alike in both loops.
async fn consumer_work(work: Duration) {
    if !work.is_zero() {
        tokio::time::sleep(work).await;
    }
}

/// The generated client's `send()`, one page after another as the bare
/// baseline does: the client's own cost per request, without prefetch.
async fn send_with_generated_client(base: &str) -> (u64, f64) {
    let client = generated_client(base);
    let started = Instant::now();
    let mut cursor: Option<String> = None;
    let mut received = 0u64;
    loop {
        let mut request = client.list_users().page_size(PAGE_SIZE as i64);
        if let Some(cursor) = cursor.take() {
            request = request.page_after(cursor);
        }
        let page = request.send().await.expect("every page arrives").into_body();
        let meta = page.meta.expect("cursor pages carry meta");
        for user in page.users {
            assert_eq!(user.id, 1_000_000 + received as i64, "users arrive in order");
            received += 1;
        }
        if meta.has_more.value() != Some(&true) {
            break;
        }
        cursor = meta.after_cursor.into_value();
    }
    (received, started.elapsed().as_secs_f64())
}

/// The generated client's page stream: prefetch, but polled once per page.
async fn pages_with_generated_client(base: &str) -> (u64, f64) {
    let client = generated_client(base);
    let started = Instant::now();
    let mut pages = client.list_users().page_size(PAGE_SIZE as i64).pages();
    let mut received = 0u64;
    while let Some(page) = pages.next().await {
        for user in page.expect("every page arrives").into_body().users {
            assert_eq!(user.id, 1_000_000 + received as i64, "users arrive in order");
            received += 1;
        }
    }
    (received, started.elapsed().as_secs_f64())
}

fn generated_client(base: &str) -> Client {
    Client::builder("bench", Auth::api_token("bench@example.com", "token"))
        .base_url(base)
        .allow_insecure_http(true)
        .build()
        .expect("the client builds")
}

/// What a caller without the generated client would write: one request after
/// another with a plain reqwest client, each body decoded into the generated
/// page type.
/// The consumer's `work` follows each page before the next one is asked for.
async fn fetch_with_bare_reqwest(base: &str, work: Duration) -> (u64, f64) {
    let http = zendesk_users::reqwest::Client::new();
    let started = Instant::now();
    let mut cursor: Option<String> = None;
    let mut received = 0u64;
    loop {
        let mut url = format!("{base}/api/v2/users?page%5Bsize%5D={PAGE_SIZE}");
        if let Some(cursor) = &cursor {
            url.push_str("&page%5Bafter%5D=");
            url.push_str(cursor);
        }
        let response = http.get(url).send().await.expect("the request succeeds");
        let body = response
            .error_for_status()
            .expect("a 2xx")
            .bytes()
            .await
            .expect("the body arrives");
        let page: models::UsersPage = serde_json::from_slice(&body).expect("the page decodes");
        let meta = page.meta.expect("cursor pages carry meta");
        for user in page.users {
            assert_eq!(user.id, 1_000_000 + received as i64, "users arrive in order");
            received += 1;
        }
        consumer_work(work).await;
        if meta.has_more.value() != Some(&true) {
            break;
        }
        cursor = meta.after_cursor.into_value();
    }
    (received, started.elapsed().as_secs_f64())
}
