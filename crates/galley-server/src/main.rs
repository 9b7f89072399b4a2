//! The `galley` binary.

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cli;

#[derive(Debug, Parser)]
#[command(
    name = "galley",
    version,
    about = "Review AI-assisted Korean→English translations"
)]
struct Args {
    #[command(subcommand)]
    command: Command,
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
    };
    let flushed = out.flush();
    match result.and(flushed.map_err(Into::into)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("error: {error:#}");
            }
            ExitCode::FAILURE
        }
    }
}
