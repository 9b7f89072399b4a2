//! Instants as the store keeps them: a [`jiff::Timestamp`] in every type
//! the store answers with, stored (and hashed into the trail) as RFC 3339
//! text in UTC to the microsecond, `YYYY-MM-DDTHH:MM:SS.ffffffZ`. That
//! text sorts as the instants do, so the columns are compared as text.

use jiff::{SignedDuration, Timestamp};

use crate::{StoreError, StoreResult};

/// Now, to the microsecond (what the store can keep).
pub fn now() -> Timestamp {
    let now = Timestamp::now();
    let micros = now.as_microsecond();
    Timestamp::from_microsecond(micros).unwrap_or(now)
}

/// Now shifted by `offset` seconds (negative for the past).
pub fn now_plus(offset: i64) -> Timestamp {
    let now = now();
    now.checked_add(SignedDuration::from_secs(offset))
        .unwrap_or(if offset < 0 {
            Timestamp::MIN
        } else {
            Timestamp::MAX
        })
}

/// The stored form of an instant: what columns hold and the trail hashes,
/// and what the API sends.
pub fn stored(at: Timestamp) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%S.%6fZ").to_string()
}

/// An instant read back from a column.
pub fn read(text: &str) -> StoreResult<Timestamp> {
    // A stored time that is not one is the database's fault, not the
    // request's.
    text.parse::<Timestamp>()
        .map_err(|_| StoreError::Internal(format!("stored time {text:?} is not RFC 3339")))
}

/// Reading instants from a row's columns.
pub(crate) trait TimeColumns {
    /// The instant in the column `name`.
    fn time(&self, name: &str) -> StoreResult<Timestamp>;
    /// The instant in the column `name`, if it holds one.
    fn time_or_none(&self, name: &str) -> StoreResult<Option<Timestamp>>;
}

impl TimeColumns for sqlx::any::AnyRow {
    fn time(&self, name: &str) -> StoreResult<Timestamp> {
        read(&sqlx::Row::try_get::<String, _>(self, name)?)
    }

    fn time_or_none(&self, name: &str) -> StoreResult<Option<Timestamp>> {
        sqlx::Row::try_get::<Option<String>, _>(self, name)?
            .as_deref()
            .map(read)
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stored_form_keeps_the_microsecond_and_sorts_as_time() {
        let at =
            |s: i64, micros: i32| Timestamp::new(s, micros * 1000).expect("an instant in range");
        assert_eq!(stored(at(0, 0)), "1970-01-01T00:00:00.000000Z");
        assert_eq!(stored(at(951_782_400, 5)), "2000-02-29T00:00:00.000005Z");
        assert_eq!(stored(at(1_795_824_000, 0)), "2026-11-28T00:00:00.000000Z");
        let early = at(1_795_824_000, 999_999);
        let late = at(1_795_824_001, 0);
        assert!(stored(early) < stored(late));
        // Read back, the same instant; and a stored form read is stored
        // again byte for byte (the trail hashes these bytes).
        assert_eq!(read(&stored(early)).unwrap(), early);
        let kept = "2026-12-07T15:48:46.123456Z";
        assert_eq!(stored(read(kept).unwrap()), kept);
        assert!(read("yesterday").is_err());
        // Now is kept to the microsecond, so what is written is what is read.
        let now = now();
        assert_eq!(read(&stored(now)).unwrap(), now);
    }
}
