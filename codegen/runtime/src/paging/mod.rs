//! Walking lists: the page loop every list shares (`pager`), the streams of
//! cursor- and offset-paginated lists, and the two incremental exports
//! (cursor-based and time-based).

pub(super) mod cursor_export;
pub(super) mod pager;
pub(super) mod pagination;
pub(super) mod time_export;
