//! The engine behind every paginated stream: it fetches pages one after
//! another, hands out their items, and asks for the next page as soon as the
//! current one arrives, so the request is in flight while the caller works
//! through the items.
//!
//! It is a hand-written `Stream` rather than `stream::unfold` or an
//! `async_stream`-style generator because it must hold two things at once:
//! the items of the current page and the future of the next one, and poll
//! that future on every call so the prefetch makes progress. `unfold` can only
//! hold one future and starts it when the previous item is taken. Memory stays
//! flat: one page of items plus at most one prefetched page.
//!
//! Each pagination style supplies `fetch`, which turns a key (cursor, page
//! number, start time) into a [`PageOutcome`]: the items, the key that
//! continues after them, and whether to go on, stop, or stop with an error.
//!
//! **The loop rule**, the same for every style, lives here and nowhere else: each
//! page names what fetches the next one (a cursor, a `next_page` URL, a start
//! time: a [`Token`]), and a token seen anywhere earlier in the same stream ends
//! it with [`Error::Pagination`] instead of fetching it again. That catches a
//! server answering A → B → A as well as one repeating a cursor at once.
//!
//! The stream keeps a 64-bit hash of each token, never the token itself, in a
//! `HashSet<u64>`: 8 bytes a page plus the table's control byte and spare
//! slots. At a million pages (a billion users in pages of 1,000, or 69 days of
//! a paced export) that is a table of 2^21 slots of 9 bytes, about 18 MiB;
//! keeping the cursors themselves (60 to 100 bytes each as `String`s) would
//! take 4 to 6 times as much. The hash is keyed per stream (`RandomState`), so
//! a server cannot pick cursors that collide; two different tokens share a hash
//! with a chance of about 3 in 100 million at a million pages, and then the
//! stream ends with the error rather than skipping anything.

use std::collections::hash_map::RandomState;
use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::hash::{BuildHasher, Hash, Hasher};
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::stream::{FusedStream, Stream};

use super::pagination::unplaced;
use crate::error::Error;
use crate::http::response::RequestLine;

/// What one fetched page means for the stream.
pub(crate) struct PageOutcome<Item, Key> {
    /// The items to hand out, in order.
    pub(crate) items: Vec<Item>,
    /// The key that continues right after this page; where a resumed run starts.
    pub(crate) after: Key,
    /// Whether to fetch `after` next.
    pub(crate) then: Then,
}

/// How the stream goes on after a page.
pub(crate) enum Then {
    /// Fetch the page at `after`, which this token names (checked by the loop rule).
    Fetch(Token),
    /// This was the last page.
    Stop,
    /// Hand out this page's items, then this error, then end.
    Fail(Error),
}

impl Then {
    /// The same step, about the answer to `request`: the error it ends with, or the
    /// error the loop rule raises for the token it follows, names that request.
    pub(crate) fn about(self, request: &RequestLine) -> Then {
        match self {
            Then::Fetch(token) => Then::Fetch(Token {
                request: Some(request.clone()),
                ..token
            }),
            Then::Fail(Error::Pagination { reason, .. }) => Then::Fail(request.pagination(reason)),
            other => other,
        }
    }
}

/// What a page names as the way to the next one: a cursor, a `next_page` URL or a
/// start time. Only its hash is kept.
pub(crate) struct Token {
    /// `cursor`, `next_page URL`, `start time`: what the error message calls it.
    pub(crate) what: &'static str,
    /// The token itself, hashed for the loop rule.
    pub(crate) value: String,
    /// Whether the error may show `value`: a cursor or a time may be shown, a
    /// `next_page` URL not (a search URL carries the query, which may hold an email).
    pub(crate) shown: bool,
    /// Whether the error shows `value` in quotes (a cursor) or bare (a time).
    pub(crate) quoted: bool,
    /// Why the server may have repeated it and what to do, appended to the error.
    pub(crate) advice: &'static str,
    /// The request whose answer named the token ([`Then::about`]); `None` for the
    /// start a caller gave, which no answer named.
    pub(crate) request: Option<RequestLine>,
}

impl Token {
    /// A token the error message may show, in quotes.
    pub(crate) fn shown(what: &'static str, value: impl ToString) -> Self {
        Token {
            what,
            value: value.to_string(),
            shown: true,
            quoted: true,
            advice: "",
            request: None,
        }
    }

    /// A number the error message may show.
    pub(crate) fn number(what: &'static str, value: i64) -> Self {
        Token {
            quoted: false,
            ..Token::shown(what, value)
        }
    }

    /// The same token with advice for when it repeats.
    pub(crate) fn advice(mut self, advice: &'static str) -> Self {
        self.advice = advice;
        self
    }
}

/// The hashes of every token a stream has followed (see the module docs for its size).
pub(crate) struct SeenTokens {
    hasher: RandomState,
    seen: HashSet<u64>,
}

impl SeenTokens {
    fn new() -> Self {
        SeenTokens {
            hasher: RandomState::new(),
            seen: HashSet::new(),
        }
    }

    /// Records `token`; `Err` with the loop error when it was seen before.
    fn follow(&mut self, token: &Token) -> Result<(), Error> {
        let mut hasher = self.hasher.build_hasher();
        token.what.hash(&mut hasher);
        token.value.hash(&mut hasher);
        if self.seen.insert(hasher.finish()) {
            return Ok(());
        }
        let shown = if token.shown && token.quoted {
            format!("{} {:?}", token.what, token.value)
        } else if token.shown {
            format!("{} {}", token.what, token.value)
        } else {
            format!("the same {}", token.what)
        };
        let advice = if token.advice.is_empty() {
            String::new()
        } else {
            format!(" ({})", token.advice)
        };
        let reason = format!(
            "zendesk pointed the stream back to {shown}, which this stream had already followed; \
             stopping instead of looping{advice}"
        );
        Err(match &token.request {
            Some(request) => request.pagination(reason),
            None => unplaced(reason),
        })
    }

    /// How many tokens are kept.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.seen.len()
    }
}

type PageResult<Item, Key> = Result<PageOutcome<Item, Key>, Error>;

/// How often, in items handed out, the prefetched page's future is polled.
const PREFETCH_POLL_EVERY: usize = 16;

pub(crate) struct Pager<Key, Item, Fetch, Fut> {
    fetch: Fetch,
    /// The first key, until the first poll starts fetching it.
    first_key: Option<Key>,
    /// The request in flight, with the key it asked for.
    in_flight: Option<(Key, Pin<Box<Fut>>)>,
    /// Whether the in-flight future has been polled yet: a request is only sent
    /// once its future is first polled, so that happens right away.
    in_flight_started: bool,
    /// A page that arrived while items of the previous page were still buffered.
    arrived: Option<(Key, PageResult<Item, Key>)>,
    /// Items of the current page not yet handed out.
    buffer: VecDeque<Item>,
    /// The key that fetched the current page.
    buffered_from: Option<Key>,
    /// The key that continues after the last accepted page.
    after: Key,
    /// An error to hand out once the buffer is empty.
    pending_error: Option<Error>,
    /// A page said it was the last one.
    reached_end: bool,
    finished: bool,
    /// Every token followed so far: the loop rule.
    seen: SeenTokens,
}

// Nothing inside is ever pinned in place: the in-flight future is boxed and
// pinned on its own, and every other field is only reached through `&mut`.
// So the pager can be moved freely whatever its type parameters are, and it
// needs no `unsafe` pin projection.
impl<Key, Item, Fetch, Fut> Unpin for Pager<Key, Item, Fetch, Fut> {}

impl<Key, Item, Fetch, Fut> Pager<Key, Item, Fetch, Fut>
where
    Key: Clone,
    Fetch: FnMut(Key) -> Fut,
    Fut: Future<Output = PageResult<Item, Key>>,
{
    /// A stream starting at `first_key`; `first_token` is what that key is for the
    /// loop rule (a saved cursor or start time), so a page pointing back to it ends
    /// the stream.
    pub(crate) fn new(first_key: Key, first_token: Option<Token>, fetch: Fetch) -> Self {
        let mut seen = SeenTokens::new();
        if let Some(token) = &first_token {
            // The first token cannot have been seen before.
            let _ = seen.follow(token);
        }
        Pager {
            fetch,
            first_key: Some(first_key.clone()),
            in_flight: None,
            in_flight_started: false,
            arrived: None,
            buffer: VecDeque::new(),
            buffered_from: None,
            after: first_key,
            pending_error: None,
            reached_end: false,
            finished: false,
            seen,
        }
    }

    /// The key a new run should start from so that nothing not yet handed out
    /// is skipped: the current page's key while its items are still
    /// buffered, otherwise the key after the last page.
    pub(crate) fn resume_key(&self) -> &Key {
        match (&self.buffered_from, self.buffer.is_empty()) {
            (Some(current), false) => current,
            _ => &self.after,
        }
    }

    /// True once a page has said it was the last.
    pub(crate) fn reached_end(&self) -> bool {
        self.reached_end
    }

    fn start(&mut self, key: Key) {
        let future = Box::pin((self.fetch)(key.clone()));
        self.in_flight = Some((key, future));
        self.in_flight_started = false;
    }

    fn accept(&mut self, key: Key, outcome: PageOutcome<Item, Key>) {
        self.buffered_from = Some(key);
        self.buffer = outcome.items.into();
        self.after = outcome.after;
        match outcome.then {
            // Prefetch: ask for the next page while this one is consumed, unless
            // it was followed before (the loop rule).
            Then::Fetch(token) => match self.seen.follow(&token) {
                Ok(()) => self.start(self.after.clone()),
                Err(error) => self.pending_error = Some(error),
            },
            Then::Stop => self.reached_end = true,
            Then::Fail(error) => self.pending_error = Some(error),
        }
    }

    fn finish(&mut self) {
        self.finished = true;
        self.in_flight = None;
        self.arrived = None;
        self.first_key = None;
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Item, Error>>> {
        if self.finished {
            return Poll::Ready(None);
        }
        loop {
            // Drive the prefetch while items are handed out, but not on every item:
            // the connection itself is driven by the HTTP client's own task, so
            // polling the response future every 16th item (and whenever the buffer
            // is empty) keeps it moving without paying a poll per item.
            let drive =
                !self.in_flight_started || self.buffer.is_empty() || self.buffer.len() % PREFETCH_POLL_EVERY == 0;
            if let (true, Some((_, future))) = (drive, self.in_flight.as_mut()) {
                self.in_flight_started = true;
                if let Poll::Ready(result) = future.as_mut().poll(cx) {
                    if let Some((key, _)) = self.in_flight.take() {
                        self.arrived = Some((key, result));
                    }
                }
            }
            if let Some(item) = self.buffer.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            if let Some(error) = self.pending_error.take() {
                self.finish();
                return Poll::Ready(Some(Err(error)));
            }
            if let Some((key, result)) = self.arrived.take() {
                match result {
                    Ok(outcome) => {
                        self.accept(key, outcome);
                        continue;
                    }
                    Err(error) => {
                        self.finish();
                        return Poll::Ready(Some(Err(error)));
                    }
                }
            }
            if self.in_flight.is_some() {
                return Poll::Pending;
            }
            match self.first_key.take() {
                Some(key) => self.start(key),
                None => {
                    self.finish();
                    return Poll::Ready(None);
                }
            }
        }
    }
}

impl<Key, Item, Fetch, Fut> Stream for Pager<Key, Item, Fetch, Fut>
where
    Key: Clone,
    Fetch: FnMut(Key) -> Fut,
    Fut: Future<Output = PageResult<Item, Key>>,
{
    type Item = Result<Item, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}

impl<Key, Item, Fetch, Fut> FusedStream for Pager<Key, Item, Fetch, Fut>
where
    Key: Clone,
    Fetch: FnMut(Key) -> Fut,
    Fut: Future<Output = PageResult<Item, Key>>,
{
    fn is_terminated(&self) -> bool {
        self.finished
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::channel::oneshot;
    use futures::stream::FusedStream;
    use futures::{FutureExt, StreamExt};
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex};

    type Answer = oneshot::Sender<PageResult<u32, u32>>;
    type Answers = HashMap<u32, Answer>;
    type SentLog = Arc<Mutex<Vec<u32>>>;

    /// A pager over pages the test answers by hand; `sent` lists the keys whose
    /// request has started (its future was polled), in order.
    fn pager_by_hand(pages: u32) -> (impl FusedStream<Item = Result<u32, Error>> + Unpin, Answers, SentLog) {
        let mut answers = HashMap::new();
        let mut receivers = HashMap::new();
        for key in 1..=pages {
            let (sender, receiver) = oneshot::channel();
            answers.insert(key, sender);
            receivers.insert(key, receiver);
        }
        let sent = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&sent);
        let pager = Pager::new(1, None, move |key: u32| {
            let receiver = receivers.remove(&key).expect("each page is fetched once");
            let log = Arc::clone(&log);
            async move {
                log.lock().expect("the log").push(key);
                receiver
                    .await
                    .expect("the test answers every page it lets the pager reach")
            }
        });
        (pager, answers, sent)
    }

    fn page(items: std::ops::RangeInclusive<u32>, after: u32, then: Then) -> PageResult<u32, u32> {
        Ok(PageOutcome {
            items: items.collect(),
            after,
            then,
        })
    }

    fn fetch(key: u32) -> Then {
        Then::Fetch(Token::shown("page", key))
    }

    fn answer(answers: &mut Answers, key: u32, result: PageResult<u32, u32>) {
        let sender = answers.remove(&key).expect("an unanswered page");
        assert!(sender.send(result).is_ok(), "the pager still waits for page {key}");
    }

    #[test]
    fn the_next_page_is_requested_while_the_current_one_is_handed_out_and_only_one_ahead() {
        let (mut pager, mut answers, sent) = pager_by_hand(3);
        let sent = move || sent.lock().expect("the log").clone();
        assert!(pager.next().now_or_never().is_none(), "page 1 is on its way");
        assert_eq!(sent(), [1]);
        answer(&mut answers, 1, page(1..=3, 2, fetch(2)));
        assert_eq!(pager.next().now_or_never().flatten().map(Result::ok), Some(Some(1)));
        // Items 2 and 3 are still buffered, yet page 2 is already requested.
        assert_eq!(sent(), [1, 2]);
        for expected in [2, 3] {
            assert_eq!(
                pager.next().now_or_never().flatten().map(Result::ok),
                Some(Some(expected))
            );
        }
        // Only one page ahead: page 3 waits until page 2 has arrived.
        assert!(pager.next().now_or_never().is_none());
        assert_eq!(sent(), [1, 2]);
        answer(&mut answers, 2, page(4..=6, 3, fetch(3)));
        assert_eq!(pager.next().now_or_never().flatten().map(Result::ok), Some(Some(4)));
        assert_eq!(sent(), [1, 2, 3]);
        answer(&mut answers, 3, page(7..=7, 4, Then::Stop));
        let mut rest = Vec::new();
        while let Some(Some(item)) = pager.next().now_or_never() {
            rest.push(item.expect("an item"));
        }
        assert_eq!(rest, [5, 6, 7]);
        assert!(pager.is_terminated(), "the stream ends after the last page");
        assert_eq!(sent(), [1, 2, 3]);
    }

    /// Pages by hand: page `key` holds item `key` and points to `next[key]`.
    fn pointing(
        next: &'static [(u32, u32)],
        first_token: Option<Token>,
    ) -> impl Stream<Item = Result<u32, Error>> + Unpin {
        Pager::new(1, first_token, move |key: u32| {
            let after = next.iter().find(|(from, _)| *from == key).map(|(_, to)| *to);
            std::future::ready(Ok(PageOutcome {
                items: vec![key],
                after: after.unwrap_or(key),
                then: after.map_or(Then::Stop, fetch),
            }))
        })
    }

    /// Every result of a stream whose pages are all ready at once.
    fn drain(mut stream: impl Stream<Item = Result<u32, Error>> + Unpin) -> Vec<Result<u32, String>> {
        let mut results = Vec::new();
        while let Some(Some(item)) = stream.next().now_or_never() {
            results.push(item.map_err(|error| error.to_string()));
        }
        results
    }

    #[test]
    fn a_token_seen_anywhere_earlier_ends_the_stream_with_an_error_after_the_items() {
        // 1 -> 2 -> 3 -> 2: the cycle is two pages long, not an immediate repeat.
        let results = drain(pointing(&[(1, 2), (2, 3), (3, 2)], None));
        assert_eq!(results[..3], [Ok(1), Ok(2), Ok(3)]);
        let message = results[3].as_ref().expect_err("the loop error");
        assert!(
            message.contains("page \"2\", which this stream had already followed"),
            "{message}"
        );
        assert_eq!(results.len(), 4);
        // The page a stream started from counts as seen: 1 -> 2 -> 1.
        let results = drain(pointing(&[(1, 2), (2, 1)], Some(Token::shown("page", 1))));
        assert_eq!(results[..2], [Ok(1), Ok(2)]);
        assert!(results[2].is_err(), "{results:?}");
        // A stream that never repeats itself ends normally.
        assert_eq!(drain(pointing(&[(1, 2), (2, 3)], None)), [Ok(1), Ok(2), Ok(3)]);
    }

    #[test]
    fn a_hidden_token_is_not_shown_in_the_error() {
        let mut seen = SeenTokens::new();
        let url = || Token {
            what: "next_page URL",
            value: "https://acme.zendesk.com/api/v2/users/search.json?query=jane@example.com&page=2".to_string(),
            shown: false,
            quoted: false,
            advice: "",
            request: None,
        };
        assert!(seen.follow(&url()).is_ok());
        let message = seen.follow(&url()).expect_err("a repeat").to_string();
        assert!(message.contains("the same next_page URL"), "{message}");
        assert!(!message.contains("jane"), "{message}");
    }

    /// The size the module docs give: a million tokens fit a table of 2^21 slots.
    #[test]
    fn a_million_pages_keep_a_table_of_two_million_slots() {
        let mut seen = SeenTokens::new();
        for page in 0..1_000_000u32 {
            assert!(seen.follow(&Token::shown("cursor", page)).is_ok());
        }
        assert_eq!(seen.len(), 1_000_000);
        // hashbrown keeps 7/8 of its slots usable: 2^21 slots hold 1,835,008 keys.
        assert_eq!(seen.seen.capacity(), (1 << 21) / 8 * 7);
    }
}
