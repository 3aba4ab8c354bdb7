//! Cursor pagination: [`Page`], and the lazy [`Pages`] and [`Items`] iterators.

use std::collections::HashSet;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::{Client, Endpoint, Error};

/// One page of a list: the items and where the list goes on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    /// The items of this page.
    pub data: Vec<T>,
    /// The cursors around this page.
    pub page_info: PageInfo,
}

/// Cursor information of a [`Page`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PageInfo {
    /// When paginating forwards, the cursor to continue from (sent as `after`).
    #[serde(default)]
    pub end_cursor: Option<String>,
    /// When paginating backwards, the cursor to continue from (sent as `before`).
    #[serde(default)]
    pub start_cursor: Option<String>,
    /// Whether there are more items after this page.
    #[serde(default)]
    pub has_next_page: bool,
    /// Whether there are more items before this page.
    #[serde(default)]
    pub has_previous_page: bool,
}

/// A list request that can be followed page by page through its `after` cursor.
///
/// The [`endpoint`](macro@crate::endpoint) attribute implements it for any request whose response
/// is `Page<T>` and which has an `after` field; it also adds inherent `pages` and `items` methods
/// that consume the request and return [`Pages`] and [`Items`].
pub trait Paginated: Endpoint<Response = Page<Self::Item>> {
    /// The type of one item of the list.
    type Item: DeserializeOwned;

    /// Sets the `after` cursor of the request.
    fn set_after(&mut self, cursor: Option<String>);
}

/// Iterator over the pages of a list, fetching each page when it is asked for.
///
/// It starts from the request as given (its `after` and `first` included) and follows
/// `page_info.end_cursor`. It stops after a page whose `has_next_page` is false or whose
/// `end_cursor` is null or was seen before (so a server that repeats a cursor cannot make it loop),
/// and after yielding an error.
#[derive(Debug)]
pub struct Pages<E: Paginated> {
    client: Client,
    request: E,
    seen: HashSet<String>,
    done: bool,
}

impl<E: Paginated> Pages<E> {
    /// Pages of `request`, fetched through `client`.
    pub fn new(client: &Client, request: E) -> Pages<E> {
        Pages {
            client: client.clone(),
            request,
            seen: HashSet::new(),
            done: false,
        }
    }
}

impl<E: Paginated> Iterator for Pages<E> {
    type Item = Result<Page<E::Item>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let page = match self.client.send(&self.request) {
            Ok(page) => page,
            Err(err) => {
                self.done = true;
                return Some(Err(err));
            }
        };
        match &page.page_info.end_cursor {
            Some(cursor) if page.page_info.has_next_page && self.seen.insert(cursor.clone()) => {
                self.request.set_after(Some(cursor.clone()));
            }
            _ => self.done = true,
        }
        Some(Ok(page))
    }
}

/// Iterator over the items of a list, across pages; one page is held in memory at a time.
#[derive(Debug)]
pub struct Items<E: Paginated> {
    pages: Pages<E>,
    current: std::vec::IntoIter<E::Item>,
}

impl<E: Paginated> Items<E> {
    /// Items of `request`, fetched through `client`.
    pub fn new(client: &Client, request: E) -> Items<E> {
        Items {
            pages: Pages::new(client, request),
            current: Vec::new().into_iter(),
        }
    }
}

impl<E: Paginated> Iterator for Items<E> {
    type Item = Result<E::Item, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.current.next() {
                return Some(Ok(item));
            }
            match self.pages.next()? {
                Ok(page) => self.current = page.data.into_iter(),
                Err(err) => return Some(Err(err)),
            }
        }
    }
}
