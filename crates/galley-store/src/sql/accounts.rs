//! Users, API tokens, browser sessions and failed sign-ins.

use std::time::Duration;

use galley_core::workflow::Role;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{SqlStore, is_unique_violation};
use crate::Invalid;
use crate::Missing;
use crate::time::TimeColumns;
use crate::time::{now, now_plus, stored};
use crate::{Accounts, Session, StoreError, StoreResult, User, UserId};

/// A query for a user with their roles in one round trip: one row per role
/// (`role` NULL for none, see [`SqlStore::user_of_rows`]), from `$from`
/// (whose users are `u`), where `$where`, with more columns if given.
macro_rules! user_query {
    ($columns:literal, $from:literal, $where:literal) => {
        concat!(
            "SELECT u.id, u.name, u.language, r.role",
            $columns,
            " FROM ",
            $from,
            " LEFT JOIN user_roles r ON r.user_id = u.id WHERE ",
            $where
        )
    };
}

/// [`user_query!`] for who holds the token `$1` (not revoked).
macro_rules! token_user {
    ($columns:literal) => {
        user_query!(
            $columns,
            "api_tokens t JOIN users u ON u.id = t.user_id",
            "t.token_hash = $1 AND t.revoked_at IS NULL"
        )
    };
}

/// The languages a person may read the pages in.
pub const LANGUAGES: &[&str] = &["en", "ko"];

impl SqlStore {
    /// Revokes the active token matching `condition` on `$1`.
    /// A user from rows of `id`, `name` and `role` (NULL for none), one row
    /// per role, as a `LEFT JOIN user_roles` gives them: the user and the
    /// roles in one round trip. None for no rows.
    fn user_of_rows(rows: &[AnyRow]) -> StoreResult<Option<User>> {
        let Some(first) = rows.first() else {
            return Ok(None);
        };
        let mut roles = Vec::with_capacity(rows.len());
        for row in rows {
            if let Some(role) = row.try_get::<Option<String>, _>("role")? {
                roles.extend(Role::parse(&role));
            }
        }
        roles.sort();
        Ok(Some(User {
            id: first.try_get("id")?,
            name: first.try_get("name")?,
            roles,
            language: first.try_get("language")?,
        }))
    }
}

#[async_trait::async_trait]
impl Accounts for SqlStore {
    async fn add_user(
        &self,
        name: &str,
        roles: &[Role],
        password_hash: Option<&str>,
    ) -> StoreResult<User> {
        let Some(name) = galley_core::limits::person_name(name) else {
            return Err(StoreError::Invalid {
                field: Some("name"),
                why: Invalid::UserName,
            });
        };
        let name = name.as_str();
        let mut tx = self.begin().await?;
        let inserted = sqlx::query(
            "INSERT INTO users (name, password_hash, created_at) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(name)
        .bind(password_hash)
        .bind(stored(now()))
        .fetch_one(&mut *tx)
        .await;
        let id: i64 = match inserted {
            Ok(row) => row.try_get("id")?,
            Err(error) if is_unique_violation(&error) => {
                return Err(StoreError::Invalid {
                    field: Some("name"),
                    why: Invalid::UserExists {
                        name: name.to_string(),
                    },
                });
            }
            Err(error) => return Err(error.into()),
        };
        let mut sorted: Vec<Role> = roles.to_vec();
        sorted.sort();
        sorted.dedup();
        for role in &sorted {
            sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)")
                .bind(id)
                .bind(role.name())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(User {
            id: UserId(id),
            name: name.to_string(),
            roles: sorted,
            language: "en".to_string(),
        })
    }

    async fn set_language(&self, user_id: UserId, language: &str) -> StoreResult<()> {
        if !LANGUAGES.contains(&language) {
            return Err(StoreError::Invalid {
                field: Some("language"),
                why: Invalid::Language,
            });
        }
        let done = sqlx::query("UPDATE users SET language = $1 WHERE id = $2")
            .bind(language)
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(Missing::User(user_id)));
        }
        Ok(())
    }

    async fn user(&self, id: UserId) -> StoreResult<User> {
        let rows = sqlx::query(user_query!("", "users u", "u.id = $1"))
            .bind(id)
            .fetch_all(&self.pool)
            .await?;
        Self::user_of_rows(&rows)?.ok_or(StoreError::NotFound(Missing::User(id)))
    }

    async fn user_names(&self) -> StoreResult<std::collections::HashMap<UserId, String>> {
        let rows = sqlx::query("SELECT id, name FROM users")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| Ok((row.try_get::<UserId, _>(0)?, row.try_get::<String, _>(1)?)))
            .collect()
    }

    async fn people(&self) -> StoreResult<Vec<User>> {
        let rows = sqlx::query(concat!(
            user_query!("", "users u", "1 = 1"),
            " ORDER BY u.id"
        ))
        .fetch_all(&self.pool)
        .await?;
        let mut people = Vec::new();
        for group in
            rows.chunk_by(|a, b| a.try_get::<i64, _>("id").ok() == b.try_get::<i64, _>("id").ok())
        {
            people.extend(Self::user_of_rows(group)?);
        }
        Ok(people)
    }

    async fn user_by_name(&self, name: &str) -> StoreResult<User> {
        Ok(self.credentials(name).await?.0)
    }

    async fn add_token(&self, user_id: UserId, name: &str, token_hash: &str) -> StoreResult<i64> {
        let mut tx = self.begin().await?;
        let row = sqlx::query(
            "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(user_id)
        .bind(name)
        .bind(token_hash)
        .bind(stored(now()))
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(row.try_get("id")?)
    }

    async fn user_by_token_hash(&self, token_hash: &str) -> StoreResult<User> {
        let rows = sqlx::query(token_user!(""))
            .bind(token_hash)
            .fetch_all(&self.pool)
            .await?;
        Self::user_of_rows(&rows)?.ok_or(StoreError::NotFound(Missing::Token))
    }

    async fn revoke_token_hash(&self, token_hash: &str) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        let done = sqlx::query(
            "UPDATE api_tokens SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL",
        )
        .bind(token_hash)
        .bind(stored(now()))
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(Missing::Token));
        }
        tx.commit().await?;
        Ok(())
    }

    async fn credentials(&self, name: &str) -> StoreResult<(User, Option<String>)> {
        // The name as it is kept: typed decomposed, it is the same person.
        let name = galley_core::limits::nfc(name.trim());
        let name = name.as_str();
        let rows = sqlx::query(user_query!(", u.password_hash", "users u", "u.name = $1"))
            .bind(name)
            .fetch_all(&self.pool)
            .await?;
        let user = Self::user_of_rows(&rows)?
            .ok_or_else(|| StoreError::NotFound(Missing::UserNamed(name.to_string())))?;
        Ok((user, rows[0].try_get("password_hash")?))
    }

    async fn create_session(
        &self,
        user_id: UserId,
        token_hash: &str,
        csrf_token: &str,
        lifetime: Duration,
    ) -> StoreResult<Session> {
        let expires_at = now_plus(i64::try_from(lifetime.as_secs()).unwrap_or(i64::MAX / 2));
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(stored(now()))
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(csrf_token)
        .bind(stored(now()))
        .bind(stored(expires_at))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Session {
            user: self.user(user_id).await?,
            csrf_token: csrf_token.to_string(),
            expires_at,
        })
    }

    async fn session(&self, token_hash: &str) -> StoreResult<Session> {
        let rows = sqlx::query(user_query!(
            ", s.csrf_token, s.expires_at",
            "sessions s JOIN users u ON u.id = s.user_id",
            "s.token_hash = $1 AND s.expires_at > $2"
        ))
        .bind(token_hash)
        .bind(stored(now()))
        .fetch_all(&self.pool)
        .await?;
        let user = Self::user_of_rows(&rows)?.ok_or(StoreError::NotFound(Missing::Session))?;
        Ok(Session {
            user,
            csrf_token: rows[0].try_get("csrf_token")?,
            expires_at: rows[0].time("expires_at")?,
        })
    }

    async fn end_session(&self, token_hash: &str) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn count_sign_in_attempt(&self, key: &str, window: Duration) -> StoreResult<i64> {
        let mut tx = self.begin().await?;
        let at = now();
        let expired = now_plus(-i64::try_from(window.as_secs()).unwrap_or(i64::MAX / 2));
        sqlx::query("DELETE FROM sign_in_attempts WHERE window_start <= $1")
            .bind(stored(now_plus(-86_400)))
            .execute(&mut *tx)
            .await?;
        // One statement: the row lock (PostgreSQL) or the write lock
        // (SQLite) makes the read and the increment one step.
        let row = sqlx::query(
            "INSERT INTO sign_in_attempts (key, window_start, attempts) VALUES ($1, $2, 1) \
             ON CONFLICT (key) DO UPDATE SET \
             attempts = CASE WHEN sign_in_attempts.window_start <= $3 THEN 1 \
                        ELSE sign_in_attempts.attempts + 1 END, \
             window_start = CASE WHEN sign_in_attempts.window_start <= $3 THEN $2 \
                            ELSE sign_in_attempts.window_start END \
             RETURNING attempts",
        )
        .bind(key)
        .bind(stored(at))
        .bind(stored(expired))
        .fetch_one(&mut *tx)
        .await?;
        let attempts: i64 = row.try_get("attempts")?;
        tx.commit().await?;
        Ok(attempts)
    }

    async fn clear_sign_in_attempts(&self, key: &str) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM sign_in_attempts WHERE key = $1")
            .bind(key)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
