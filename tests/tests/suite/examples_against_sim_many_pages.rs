//! Example programs over more than one page against the simulator. Written while the client
//! still sent no `page[size]` (the stream printed the first 100 agents of 112); they pass since
//! the fix of issue 18 (cursor streams ask for cursor pages).

use crate::examples_against_sim::{agent_lines, run_example, scratch_dir, simulator};

/// `stream_agents` pages through every agent. With 700 users the seed has 112 agents, more
/// than one page of 100. Zendesk answers a list without `page[size]` with offset pagination
/// (`next_page`, no `meta`); a stream that reads only `meta.has_more` prints the first 100.
#[tokio::test]
async fn stream_agents_prints_every_agent_across_pages() {
    let sim = simulator(700).await;
    let expected = agent_lines(&sim);
    assert!(expected.len() > 100, "the agents span more than one page of 100");

    let printed = run_example(&sim, "stream_agents", &[], &scratch_dir("stream_agents_across_pages")).await;

    let printed: Vec<&str> = printed.lines().collect();
    assert_eq!(printed.len(), expected.len(), "one line per agent");
    assert_eq!(printed, expected);
}
