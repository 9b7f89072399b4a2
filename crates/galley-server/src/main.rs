//! The `galley` binary.

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use galley_core::limits::TextError;
use galley_server::cli;
use galley_server::i18n::Lang;
use galley_store::StoreError;

/// mimalloc rather than the system's allocator: reading a database is
/// many small allocations made on sqlx's threads and freed on tokio's,
/// which the system allocator serialises on its arena locks
/// (docs/performance.md: `trail verify --all`). Built without transparent
/// huge pages (`no_thp`): each thread's first allocations otherwise fault
/// in and zero a 2 MiB page, which doubled the time and memory of verifying
/// one long article.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Debug, Parser)]
#[command(
    name = "galley",
    version,
    about = "Review AI-assisted Korean→English translations"
)]
struct Args {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    database: cli::database::DatabaseArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Align the paragraphs of a Korean text with its English translation.
    Align(cli::align::AlignArgs),
    /// Word diff of two versions of a paragraph or article.
    Diff(cli::diff::DiffArgs),
    /// TER, chrF and chrF++ of hypothesis/reference pairs, as sacrebleu scores them.
    Score(cli::score::ScoreArgs),
    /// Evaluate Galley's components on gold data.
    #[command(subcommand)]
    Eval(cli::eval::EvalCommand),
    /// Create or update the database schema.
    Migrate,
    /// Manage users.
    #[command(subcommand)]
    User(cli::admin::UserCommand),
    /// Manage API tokens.
    #[command(subcommand)]
    Token(cli::admin::TokenCommand),
    /// Check the tamper-evident trail.
    #[command(subcommand)]
    Trail(cli::admin::TrailCommand),
    /// Manage webhook endpoints and their deliveries.
    #[command(subcommand)]
    Webhook(cli::webhook::WebhookCommand),
    /// The newsroom's Merkle log: its key, its checkpoints, and checking them.
    #[command(subcommand)]
    Log(cli::log::LogCommand),
    /// Load demo users and two demo articles, one signed off.
    Demo,
    /// Serve the HTTP API until Ctrl-C or SIGTERM.
    Serve(cli::serve::ServeArgs),
}

/// Runs a database command on a fresh runtime.
/// Work still on the blocking pool when the command ends (a computation
/// whose request was given up at shutdown) is not waited for.
fn block_on<T>(future: impl Future<Output = anyhow::Result<T>>) -> anyhow::Result<T> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let result = runtime.block_on(future);
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    result
}

fn main() -> ExitCode {
    let args = Args::parse();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = match args.command {
        Command::Align(args) => cli::align::run(&args, &mut out),
        Command::Diff(args) => cli::diff::run(&args, &mut out),
        Command::Score(args) => cli::score::run(&args, &mut out),
        Command::Eval(command) => cli::eval::run(&command, &mut out),
        Command::Migrate => block_on(cli::database::migrate(&args.database, &mut out)),
        Command::User(command) => block_on(cli::admin::user(&args.database, &command, &mut out)),
        Command::Token(command) => block_on(cli::admin::token(&args.database, &command, &mut out)),
        Command::Webhook(command) => {
            block_on(cli::webhook::run(&args.database, &command, &mut out))
        }
        Command::Log(command) => block_on(cli::log::run(&args.database, &command, &mut out)),
        Command::Demo => block_on(cli::admin::demo(&args.database, &mut out)),
        Command::Serve(serve) => block_on(cli::serve::run(&args.database, &serve, &mut out)),
        Command::Trail(command) => {
            match block_on(cli::admin::trail(&args.database, &command, &mut out)) {
                Ok(true) => Ok(()),
                Ok(false) => Err(anyhow::anyhow!("the trail does not verify")),
                Err(error) => Err(error),
            }
        }
    };
    let flushed = out.flush();
    match result.and(flushed.map_err(Into::into)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("error: {}", said(&error));
            }
            ExitCode::FAILURE
        }
    }
}

/// An error as the command line says it: each cause in turn, a request the
/// store found invalid in the words of `i18n.rs`.
fn said(error: &anyhow::Error) -> String {
    error
        .chain()
        .map(|cause| match cause.downcast_ref::<StoreError>() {
            Some(StoreError::Invalid { field, why }) => Lang::En.invalid(*field, why),
            Some(StoreError::BadText(bad)) => Lang::En.text_error(bad),
            Some(StoreError::NotFound(what)) => Lang::En.not_found(what),
            _ => match cause.downcast_ref::<TextError>() {
                Some(bad) => Lang::En.text_error(bad),
                None => cause.to_string(),
            },
        })
        .collect::<Vec<_>>()
        .join(": ")
}
