// persona: the headless command line over the core. Each subcommand lives in its own file
// (commands_*.cpp) and registers itself in registerCommands(); errors go to stderr with a
// non-zero exit, results to stdout (JSON with --json).
#include "app/cli/commands.h"

#include "core/common/error.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>

int main(int argc, char** argv)
{
    CLI::App app{"persona: explore how a language model is personalized from a user's history"};
    app.require_subcommand(1);
    app.set_version_flag("--version", persona::cli::versionString());
    persona::cli::registerCommands(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    return persona::cli::exitCode();
}
