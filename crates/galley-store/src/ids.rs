//! Ids of what the store keeps, one type each: an article id cannot be
//! passed where a row id is meant. Each is the database's integer key; on
//! the wire and in a URL it is that number.
//!
//! ```compile_fail,E0308
//! use galley_store::{ArticleId, RowId};
//! fn revisions_of(_row: RowId) {}
//! revisions_of(ArticleId(7)); // an article's id is not a row's
//! ```
//!
//! ```
//! use galley_store::{ArticleId, RowId};
//! fn revisions_of(row: RowId) -> i64 { row.0 }
//! assert_eq!(revisions_of(RowId(7)), 7);
//! assert_eq!("12".parse::<ArticleId>(), Ok(ArticleId(12)));
//! assert_eq!(serde_json::to_string(&ArticleId(12)).unwrap(), "12");
//! ```

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
            sqlx::Type,
        )]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(transparent)]
        #[sqlx(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = std::num::ParseIntError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }
    };
}

id!(
    /// An article's id.
    ArticleId
);
id!(
    /// A row's (a segment's) id; it stays the row's through every revision,
    /// and a merge or a split gives the rows it makes new ids.
    RowId
);
id!(
    /// A user's id.
    UserId
);
