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

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::stream::{FusedStream, Stream};

use super::super::error::Error;

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
    /// Fetch the page at `after`.
    Fetch,
    /// This was the last page.
    Stop,
    /// Hand out this page's items, then this error, then end.
    Fail(Error),
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
    pub(crate) fn new(first_key: Key, fetch: Fetch) -> Self {
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
            // Prefetch: ask for the next page while this one is consumed.
            Then::Fetch => self.start(self.after.clone()),
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
        let pager = Pager::new(1, move |key: u32| {
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
        answer(&mut answers, 1, page(1..=3, 2, Then::Fetch));
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
        answer(&mut answers, 2, page(4..=6, 3, Then::Fetch));
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
}
