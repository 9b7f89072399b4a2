//! Where the database is, and opening it: the `--database` argument every
//! command on the database takes, and `migrate`.

use std::io::Write;

use anyhow::{Context, Result};
use clap::Args;
use galley_store::{SqlStore, Store};

/// Where the database is: `--database URL`, `GALLEY_DATABASE_URL`, or a
/// SQLite file `galley.db` in the working directory.
#[derive(Debug, Args)]
pub struct DatabaseArgs {
    /// `sqlite://PATH` or `postgres://USER:PASSWORD@HOST/DB`.
    #[arg(
        long = "database",
        env = "GALLEY_DATABASE_URL",
        default_value = "sqlite://galley.db",
        global = true
    )]
    pub url: String,
}

/// Opens the store and brings its schema up to date.
pub async fn open(database: &DatabaseArgs) -> Result<SqlStore> {
    let store = SqlStore::connect(&database.url)
        .await
        .with_context(|| format!("cannot open {}", database.url))?;
    store.migrate().await?;
    Ok(store)
}

pub async fn migrate(database: &DatabaseArgs, out: &mut impl Write) -> Result<()> {
    open(database).await?;
    writeln!(out, "database at {} is up to date", database.url)?;
    Ok(())
}
